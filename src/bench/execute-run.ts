// Executing a run: skip committed work, then do the rest at the configured concurrency. A work item's result is
// committed in one transaction at its end; a failed model call leaves it uncommitted for `bench resume` (no
// transaction ever spans a network call). Generation is shared: a task's strategies in one repeated run all repair
// the same generated code, committed once per (task, run index).
import os from 'node:os';

import { blockingFindings } from '../analyzers/policy/index.js';
import type { Analyzer, Finding } from '../analyzers/types.js';
import type { Task } from '../datasets/index.js';
import { FdspError } from '../errors/index.js';
import { createLanguageModel, type LanguageModelOptions, type ManagedLanguageModel } from '../llm/index.js';
import {
  createStoreTraceSink,
  detect,
  extractCandidateCode,
  generateCode,
  patch,
  Session,
  type TraceSink,
  type UnitTestRunner,
} from '../pipeline/index.js';
import { UnitTestSandbox } from '../sandbox/index.js';
import { checkpointInBackground } from '../store/index.js';
import { isRepairStrategyName } from '../strategies/registry.js';
import type { BenchConfig } from './config.js';
import { runItemsConcurrently } from './item-concurrency.js';
import type { LabelledItem } from './labels.js';
import { remainingWorkItems, type WorkItem } from './plan.js';
import { gateCounts, repairGateFor, reusableGateOutcome } from './repair-gate.js';
import {
  commitGeneration,
  commitResult,
  committedCount,
  committedKeys,
  deleteOrphanSessions,
  finishAttempt,
  heartbeat,
  readGeneration,
  runEvaluation,
  setRunStatus,
  startAttempt,
  type GenerationRecord,
  type RunStatus,
  type ResultRecord,
  type ScoreRecord,
  type UnitTestSummary,
} from './run-store.js';
import { noCodeSummary, repairOracleFor, securityTestSummary, taskTestRuns } from './security-test-oracle.js';
import { TraceBuffer } from './trace-buffer.js';

import type { PreparedRun, RunnerOptions, RunOutcome } from './run-types.js';
/** Metrics count the findings that block under the run's policy. */
function scoreOf(status: ScoreRecord['scanStatus'], findings: readonly Finding[]): ScoreRecord {
  const blocking = blockingFindings(findings);
  return { scanStatus: status, findingCount: blocking.length, cwes: blocking.map((finding) => finding.cwe) };
}

type GenerationOutcome =
  { readonly ok: true; readonly record: GenerationRecord } | { readonly ok: false; readonly message: string };

export async function execute(
  runId: string,
  config: BenchConfig,
  prepared: PreparedRun,
  analyzer: Analyzer,
  options: RunnerOptions,
): Promise<RunOutcome> {
  const { store } = options;
  const started = performance.now();
  const attemptId = startAttempt(store, runId);
  const orphansRemoved = deleteOrphanSessions(store, runId);
  setRunStatus(store, runId, 'running');
  const evaluationId = runEvaluation(store, runId).id;
  const committed = committedKeys(store, runId);
  const remaining = remainingWorkItems(prepared.plan, committed);
  const total = prepared.plan.length;
  const doneAtStart = total - remaining.length;
  options.onStart?.(runId, total, doneAtStart);

  const environment = { ...process.env, ...options.environment };
  const concurrency = options.concurrency ?? config.concurrency;
  const modelOptions: LanguageModelOptions = {
    store,
    environment,
    concurrency: { requested: concurrency },
    ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
    ...(config.temperature === undefined ? {} : { defaults: { temperature: config.temperature } }),
  };
  const generator = createLanguageModel(config.model, modelOptions);
  const repairer = config.repairModel === undefined ? generator : createLanguageModel(config.repairModel, modelOptions);
  const models: ManagedLanguageModel[] = repairer === generator ? [generator] : [generator, repairer];
  const sink: TraceSink = createStoreTraceSink(store);
  const tasks = new Map(prepared.tasks.map((task) => [task.id, task]));
  const labelled = new Map(prepared.labelled.map((item) => [item.id, item]));
  let sandbox: Promise<UnitTestRunner> | undefined;
  const sandboxFor = (): Promise<UnitTestRunner> => {
    sandbox ??= options.sandbox?.() ?? UnitTestSandbox.create({ concurrency: Math.min(os.availableParallelism(), 4) });
    return sandbox;
  };

  let done = doneAtStart;
  let errors = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  const firstErrors: string[] = [];
  const report = (): void => {
    options.onProgress?.({
      runId,
      total,
      done,
      doneAtStart,
      errors,
      inputTokens,
      outputTokens,
      costUsd,
      elapsedMs: performance.now() - started,
    });
  };
  const fail = (item: WorkItem, message: string): void => {
    errors += 1;
    if (firstErrors.length < 5)
      firstErrors.push(`${item.taskId} ${item.strategy} #${String(item.runIndex)}: ${message}`);
  };
  const account = (tokens: { input: number; output: number }, cost: number): void => {
    inputTokens += tokens.input;
    outputTokens += tokens.output;
    costUsd += cost;
  };
  const parameters = (runIndex: number) => ({ seed: config.seed + runIndex });

  const testRuns = taskTestRuns(sandboxFor, options.signal);

  async function unitTest(task: Task, code: string | null): Promise<UnitTestSummary | null> {
    const securityTests = config.unitTests ? testRuns(task) : undefined;
    // Security tests judge every item: no code is a verdict too (neither functional nor secure).
    if (securityTests !== undefined)
      return code === null ? noCodeSummary() : securityTestSummary(await securityTests(code));
    if (!config.unitTests || task.unitTest === undefined || code === null) return null;
    const result = await (
      await sandboxFor()
    ).run({
      code,
      test: task.unitTest.text,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return { outcome: result.outcome, reason: result.reason };
  }

  const generations = new Map<string, Promise<GenerationOutcome>>();
  function generation(task: Task, runIndex: number): Promise<GenerationOutcome> {
    const key = JSON.stringify([task.id, runIndex]);
    let pending = generations.get(key);
    if (pending === undefined) {
      pending = generate(task, runIndex);
      generations.set(key, pending);
      // A failed generation may be retried by the task's next strategy.
      void pending.then((outcome) => {
        if (!outcome.ok) generations.delete(key);
      });
    }
    return pending;
  }

  async function generate(task: Task, runIndex: number): Promise<GenerationOutcome> {
    const stored = readGeneration(store, runId, task.id, runIndex);
    if (stored !== undefined) return { ok: true, record: stored };
    const traces = new TraceBuffer(sink);
    try {
      return await generateNew(task, runIndex, traces);
    } finally {
      traces.flush(); // an uncommitted generation's trace, kept for inspection until resume removes it
    }
  }

  async function generateNew(task: Task, runIndex: number, traces: TraceBuffer): Promise<GenerationOutcome> {
    const session = new Session(
      {
        analyzer,
        prompts: prepared.prompts,
        extract: extractCandidateCode,
        path: 'snippet.py',
        guards: false,
        sink: traces,
        parameters: parameters(runIndex),
        sampleIndex: runIndex,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      {
        kind: 'generate',
        method: 'generate',
        generatorModel: generator,
        repairModel: null,
        originalCode: task.prompt,
        options: { task: task.id, syntaxRetries: config.syntaxRetries ?? null, policy: config.policy },
        runId,
        taskId: task.id,
      },
    );
    const outcome = await generateCode(
      session,
      generator,
      { kind: task.kind === 'completion-stub' ? 'completion' : 'instruction', prompt: task.prompt },
      config.syntaxRetries,
    );
    const lastDecision = session.steps.at(-1)?.decision;
    if (!outcome.ok && (lastDecision === 'failed' || outcome.message.startsWith('the analyzers failed'))) {
      session.finish({
        status: 'generated',
        finalCode: null,
        findingsBefore: 0,
        findingsAfter: 0,
        error: outcome.message,
      });
      return { ok: false, message: `generation: ${outcome.message}` };
    }
    const code = outcome.code;
    const findings = outcome.ok ? outcome.scan.findings : [];
    const trace = session.finish({
      status: 'generated',
      finalCode: code,
      findingsBefore: blockingFindings(findings).length,
      findingsAfter: blockingFindings(findings).length,
      error: outcome.ok ? null : outcome.message,
    });
    const record: GenerationRecord = {
      taskId: task.id,
      runIndex,
      sessionId: session.header.id,
      status: outcome.ok ? 'ok' : 'unparsable',
      code,
      error: outcome.ok ? null : outcome.message,
      unitTest: await unitTest(task, code),
      inputTokens: trace.summary.inputTokens,
      outputTokens: trace.summary.outputTokens,
      costUsd: trace.summary.costUsd,
    };
    account({ input: record.inputTokens, output: record.outputTokens }, record.costUsd);
    const score = outcome.ok ? scoreOf('ok', findings) : scoreOf(code === null ? 'missing' : 'syntax-error', []);
    store.transaction(() => {
      traces.flush();
      commitGeneration(store, runId, attemptId, record, { id: evaluationId, score });
    });
    return { ok: true, record };
  }

  /** Commits a result together with the traces held for it, in one transaction. */
  function commitTraced(
    traces: TraceBuffer,
    result: ResultRecord,
    evaluation: { id: number; score: ScoreRecord | null },
  ): boolean {
    return store.transaction(() => {
      traces.flush();
      return commitResult(store, runId, attemptId, result, evaluation);
    });
  }

  async function repairItem(item: WorkItem, task: Task): Promise<boolean> {
    const traces = new TraceBuffer(sink);
    try {
      return await repairItemTraced(item, task, traces);
    } finally {
      traces.flush();
    }
  }

  async function repairItemTraced(item: WorkItem, task: Task, traces: TraceBuffer): Promise<boolean> {
    const strategy = item.strategy;
    if (!isRepairStrategyName(strategy)) return false;
    const made = await generation(task, item.runIndex);
    if (!made.ok) {
      fail(item, made.message);
      return false;
    }
    const generated = made.record;
    if (generated.status !== 'ok' || generated.code === null) {
      return commitTraced(
        traces,
        {
          item,
          sessionId: null,
          status: 'unparsable',
          finalCode: generated.code,
          iterations: 0,
          rejectedCandidates: 0,
          fixedAtAttempt: null,
          detail: null,
          unitTest: generated.unitTest,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          error: generated.error,
        },
        { id: evaluationId, score: scoreOf(generated.code === null ? 'missing' : 'syntax-error', []) },
      );
    }
    const oracle = repairOracleFor(config, task, analyzer, testRuns(task));
    const gate = oracle === undefined ? repairGateFor(config, task, sandboxFor, options.signal) : undefined;
    const oracleGate = oracle?.gate ?? gate?.gate;
    const result = await patch({
      code: generated.code,
      strategy,
      model: repairer,
      analyzer: oracle?.analyzer ?? analyzer,
      options: {
        sink: traces,
        runId,
        taskId: task.id,
        prompts: prepared.prompts,
        guards: config.guards,
        ...(oracleGate === undefined ? {} : { gate: oracleGate }),
        sampleIndex: item.runIndex,
        parameters: parameters(item.runIndex),
        ...(config.bounds === undefined ? {} : { bounds: config.bounds }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    });
    if (result.status === 'error') {
      fail(item, result.error ?? 'repair failed');
      return false;
    }
    const candidates = result.trace.steps.filter((step) => step.kind === 'candidate');
    const firstClean = candidates.findIndex((step) => step.decision === 'secure');
    const finalCode = result.code ?? generated.code;
    account(result.tokens, result.costUsd);
    // The gate already ran this exact code against this exact test in the same sandbox: no need to run it again.
    const fromGate =
      gate === undefined || !config.unitTests || task.unitTest === undefined
        ? null
        : reusableGateOutcome({
            finalCode,
            generatedCode: generated.code,
            test: task.unitTest.text,
            runs: gate.runs,
          });
    const counts = gateCounts(result.trace.steps);
    return commitTraced(
      traces,
      {
        item,
        sessionId: result.sessionId,
        status: result.status,
        finalCode,
        iterations: result.iterations,
        rejectedCandidates: result.rejectedCandidates,
        fixedAtAttempt: result.status === 'secure' && firstClean >= 0 ? firstClean + 1 : null,
        detail: counts === null ? null : { ...counts, unitTestFromGate: fromGate !== null },
        unitTest: finalCode === generated.code ? generated.unitTest : (fromGate ?? (await unitTest(task, finalCode))),
        inputTokens: result.tokens.input,
        outputTokens: result.tokens.output,
        costUsd: result.costUsd,
        error: result.error,
      },
      { id: evaluationId, score: await finalScore(oracle?.analyzer, finalCode, result.findingsAfter) },
    );
  }

  /** The evaluation scores the run's analyzers; under another oracle the final code is scanned by them too. */
  async function finalScore(
    oracleAnalyzer: Analyzer | undefined,
    code: string,
    oracleFindings: readonly Finding[],
  ): Promise<ScoreRecord> {
    if (oracleAnalyzer === undefined || oracleAnalyzer === analyzer) return scoreOf('ok', oracleFindings);
    const [scan] = await analyzer.scan(
      [{ path: 'snippet.py', text: code }],
      options.signal === undefined ? {} : { signal: options.signal },
    );
    return scan === undefined ? scoreOf('error', []) : scoreOf(scan.status, scan.findings);
  }

  async function detectItem(item: WorkItem, labelledItem: LabelledItem): Promise<boolean> {
    const traces = new TraceBuffer(sink);
    try {
      return await detectItemTraced(item, labelledItem, traces);
    } finally {
      traces.flush();
    }
  }

  async function detectItemTraced(item: WorkItem, labelledItem: LabelledItem, traces: TraceBuffer): Promise<boolean> {
    const result = await detect({
      code: labelledItem.code,
      cwe: labelledItem.cwe,
      model: generator,
      options: {
        sink: traces,
        runId,
        taskId: labelledItem.id,
        prompts: prepared.prompts,
        sampleIndex: item.runIndex,
        parameters: parameters(item.runIndex),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    });
    if (result.error !== null) {
      fail(item, result.error);
      return false;
    }
    account(result.tokens, result.costUsd);
    return commitTraced(
      traces,
      {
        item,
        sessionId: result.sessionId,
        status: 'answered',
        finalCode: null,
        iterations: 1,
        rejectedCandidates: 0,
        fixedAtAttempt: null,
        detail: { cwe: labelledItem.cwe, verdict: result.verdict, label: labelledItem.vulnerable },
        unitTest: null,
        inputTokens: result.tokens.input,
        outputTokens: result.tokens.output,
        costUsd: result.costUsd,
        error: null,
      },
      { id: evaluationId, score: null },
    );
  }

  async function runItem(item: WorkItem): Promise<void> {
    try {
      let committedNow: boolean;
      if (item.strategy === 'detect') {
        const labelledItem = labelled.get(item.taskId);
        if (labelledItem === undefined) throw new Error(`no labelled item ${item.taskId}`);
        committedNow = await detectItem(item, labelledItem);
      } else {
        const task = tasks.get(item.taskId);
        if (task === undefined) throw new Error(`no task ${item.taskId}`);
        committedNow = await repairItem(item, task);
      }
      if (committedNow) {
        done += 1;
        options.onItemCommitted?.(item);
      }
    } catch (error: unknown) {
      if (FdspError.isInstance(error) && error.code === 'SANDBOX_UNAVAILABLE') throw error;
      fail(item, error instanceof Error ? error.message : String(error));
    }
    report();
  }

  const beat = setInterval(() => {
    heartbeat(store, attemptId);
  }, 5_000);
  beat.unref();
  // Thousands of small commits: SQLite's own checkpoints would stall every in-flight item (background-checkpoints.ts).
  const checkpoints = checkpointInBackground(store);
  // And each commit is a WAL write on the event loop between an answer and the next request: the commits of one
  // event-loop turn go together, after the turn's requests have left (store.ts groupCommits).
  const endGroupCommits = store.groupCommits();
  let outcome = 'complete';
  try {
    const ready = await generator.ready();
    if (!ready.ok) {
      throw new FdspError('LLM_REQUEST_FAILED', `${config.model}: ${ready.error.message}`, {
        hint: 'set the provider key in the environment (never in the config), or baseUrl for a local server',
      });
    }
    report();
    await runItemsConcurrently(remaining, concurrency, runItem, options.signal);
  } catch (error: unknown) {
    outcome = 'failed';
    throw error;
  } finally {
    clearInterval(beat);
    const finalCommitted = committedCount(store, runId);
    const status: RunStatus =
      finalCommitted >= total ? 'complete' : options.signal?.aborted === true ? 'interrupted' : 'incomplete';
    if (outcome !== 'failed') outcome = status;
    setRunStatus(store, runId, status);
    finishAttempt(store, attemptId, outcome);
    endGroupCommits();
    await Promise.all(models.map((model) => model.close()));
    await checkpoints.stop();
  }
  const finalCommitted = committedCount(store, runId);
  return {
    runId,
    status: finalCommitted >= total ? 'complete' : options.signal?.aborted === true ? 'interrupted' : 'incomplete',
    total,
    committed: finalCommitted,
    errors,
    orphansRemoved,
    wallMs: performance.now() - started,
    firstErrors,
  };
}

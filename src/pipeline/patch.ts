// The library entry point: patch({ code | task, strategy, model, repairModel?, analyzer, options }). Generates the
// code first when given a task (with `model`), repairs with `repairModel ?? model`, and returns the final code, a
// status and the full trace.
import { blockingFindings, policyOf } from '../analyzers/policy/index.js';
import type { Analyzer, Finding } from '../analyzers/types.js';
import type { GenerationParameters, LanguageModel } from '../llm/types.js';
import { defaultBounds, repairStrategies } from '../strategies/registry.js';
import type { RepairStrategyName, StrategyBounds } from '../strategies/types.js';
import { decideStatus, type PatchStatus } from './decision.js';
import { defaultSyntaxRetries, generateCode, type GenerationTask } from './generate.js';
import { extractCandidateCode } from './extract.js';
import { Session, type CodeExtractor, type FunctionalGate } from './session.js';
import { loadPromptSet, type PromptSet } from './templates.js';
import type { ScanRecord, SessionTrace, TraceSink } from './trace.js';

export interface PatchOptions {
  readonly bounds?: Partial<StrategyBounds>;
  /** Candidate guards (suppressions, deleted/stubbed functions, lost statements). Default on; off = faithful. */
  readonly guards?: boolean;
  readonly gate?: FunctionalGate;
  readonly prompts?: PromptSet;
  /** Default: the LLM layer's extractPython (Python's verdict on syntax comes from the scan that follows). */
  readonly extract?: CodeExtractor;
  /** Path the findings are reported under; default `snippet.py`. */
  readonly path?: string;
  readonly sink?: TraceSink;
  readonly runId?: string;
  readonly taskId?: string;
  readonly parameters?: GenerationParameters;
  readonly sampleIndex?: number;
  readonly signal?: AbortSignal;
  /** Syntax-fix rounds after generation. */
  readonly syntaxRetries?: number;
}

export interface PatchRequest {
  /** The code to repair; or give `task` to have `model` write it first. */
  readonly code?: string;
  readonly task?: GenerationTask;
  readonly strategy: RepairStrategyName;
  /** Writes the code for a task; repairs too unless `repairModel` is given. */
  readonly model: LanguageModel;
  readonly repairModel?: LanguageModel;
  readonly analyzer: Analyzer;
  readonly options?: PatchOptions;
}

export interface PatchResult {
  readonly sessionId: string;
  readonly strategy: RepairStrategyName;
  readonly status: PatchStatus;
  /** The code before repair (the generated code for a task). Null when generation produced none. */
  readonly originalCode: string | null;
  /** The code the method returns. */
  readonly code: string | null;
  readonly changed: boolean;
  readonly iterations: number;
  readonly rejectedCandidates: number;
  /** Every finding before and after, each with the policy's `blocking` (only blocking ones count as left to fix). */
  readonly findingsBefore: readonly Finding[];
  readonly findingsAfter: readonly Finding[];
  readonly tokens: { readonly input: number; readonly output: number };
  readonly costUsd: number;
  readonly error: string | null;
  readonly trace: SessionTrace;
}

export async function patch(request: PatchRequest): Promise<PatchResult> {
  const options = request.options ?? {};
  const bounds: StrategyBounds = { ...defaultBounds, ...options.bounds };
  const guards = options.guards ?? true;
  const repairModel = request.repairModel ?? request.model;
  const policy = policyOf(request.analyzer);
  const session = new Session(
    {
      analyzer: request.analyzer,
      prompts: options.prompts ?? loadPromptSet(),
      extract: options.extract ?? extractCandidateCode,
      path: options.path ?? 'snippet.py',
      guards,
      ...(options.gate === undefined ? {} : { gate: options.gate }),
      ...(options.sink === undefined ? {} : { sink: options.sink }),
      ...(options.parameters === undefined ? {} : { parameters: options.parameters }),
      ...(options.sampleIndex === undefined ? {} : { sampleIndex: options.sampleIndex }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
    {
      kind: 'patch',
      method: request.strategy,
      generatorModel: request.task === undefined ? null : request.model,
      repairModel,
      originalCode: request.code ?? '',
      options: {
        bounds,
        guards,
        gate: options.gate !== undefined,
        syntaxRetries: options.syntaxRetries ?? defaultSyntaxRetries,
        task: request.task ?? null,
        path: options.path ?? 'snippet.py',
        ...(policy === undefined ? {} : { policy }),
      },
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.taskId === undefined ? {} : { taskId: options.taskId }),
    },
  );

  const result = (
    status: PatchStatus,
    original: string | null,
    code: string | null,
    before: ScanRecord | null,
    after: ScanRecord | null,
    error: string | null,
  ): PatchResult => {
    const trace = session.finish({
      status,
      finalCode: code,
      findingsBefore: blockingFindings(before?.findings ?? []).length,
      findingsAfter: blockingFindings(after?.findings ?? []).length,
      error,
    });
    return {
      sessionId: session.header.id,
      strategy: request.strategy,
      status,
      originalCode: original,
      code,
      changed: code !== original,
      iterations: trace.summary.iterations,
      rejectedCandidates: trace.summary.rejectedCandidates,
      findingsBefore: before?.findings ?? [],
      findingsAfter: after?.findings ?? [],
      tokens: { input: trace.summary.inputTokens, output: trace.summary.outputTokens },
      costUsd: trace.summary.costUsd,
      error,
      trace,
    };
  };

  let original: string;
  let before: ScanRecord;
  if (request.task !== undefined) {
    const generated = await generateCode(session, request.model, request.task, options.syntaxRetries);
    if (!generated.ok) return result('error', generated.code, generated.code, null, null, generated.message);
    original = generated.code;
    before = generated.scan;
  } else {
    original = request.code ?? '';
    before = await session.scan(original);
    session.record({ kind: 'scan', purpose: 'initial-scan', code: original, scan: before, decision: 'scanned' });
  }
  if (before.status !== 'ok') {
    const reason = before.status === 'syntax-error' ? 'the code does not parse' : 'the analyzers failed';
    return result('error', original, original, before, before, `${reason}: ${before.error ?? 'unknown'}`);
  }
  // Quiet analyzers = no blocking finding: advisory findings alone (`--policy precise`) need no repair.
  const toRepair = blockingFindings(before.findings);
  if (toRepair.length === 0) return result('secure', original, original, before, before, null);

  const strategy = repairStrategies[request.strategy];
  const outcome = await strategy.run(session.repairContext(repairModel, original, toRepair, bounds));
  const after = await session.scan(outcome.code);
  const status = decideStatus({
    finalFindingCount: blockingFindings(after.findings).length,
    finalScanStatus: after.status,
    aborted: outcome.error !== undefined,
    decisions: [],
    cleanButRejected: session.cleanButRejected,
  });
  return result(status, original, outcome.code, before, after, outcome.error ?? null);
}

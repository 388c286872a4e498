// A fixture database for the report and viewer tests, built from plain data through the real store, migrations,
// trace sink and bench adapter: three runs (gpt-4 self-repair, gpt-3.5 self-repair, gpt-3.5 repaired by gpt-4),
// direct and fdsp strategies, detection, and one task whose model output is hostile HTML. `seedGatedFixtureRun` adds a
// fourth run with the functional gate on, whose results carry the gate's counts.
import type { Finding } from '../../analyzers/types.js';
import type { GateCounts } from '../../bench/repair-gate.js';
import { parseBenchConfig } from '../../bench/config.js';
import { commitGeneration, commitResult, createEvaluation, createRun, setRunStatus } from '../../bench/run-store.js';
import { createStoreTraceSink } from '../../pipeline/trace-store.js';
import type { TraceSink, TraceStep } from '../../pipeline/trace.js';
import type { Store } from '../../store/index.js';

/** Model output that must stay inert on every page. */
export const hostileMarker = '</textarea><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">';

interface FixtureTask {
  readonly taskId: string;
  readonly prompt: string;
  readonly generated: string;
  readonly cwes: readonly number[];
  /** Per strategy: the repaired code, remaining CWEs and the attempt at which it came out clean. */
  readonly repairs: Readonly<
    Record<'direct' | 'fdsp', { code: string; cwes: readonly number[]; fixedAt: number | null }>
  >;
}

const commandCode = `import os


def ping(host):
    os.system("ping -c 1 " + host)
`;
const commandFixed = `import subprocess


def ping(host):
    subprocess.run(["ping", "-c", "1", host], check=False)
`;
const sqlCode = `import sqlite3

BANNER = "${hostileMarker.replace(/"/g, '\\"')}"


def find_user(conn, name):
    return conn.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()
`;
const sqlFixed = sqlCode.replace(
  `"SELECT * FROM users WHERE name = '%s'" % name`,
  '"SELECT * FROM users WHERE name = ?", (name,)',
);
const yamlCode = `import yaml


def load_config(path):
    with open(path) as handle:
        return yaml.load(handle)
`;
const yamlFixed = yamlCode.replace('yaml.load(handle)', 'yaml.safe_load(handle)');

export const fixtureTasks: readonly FixtureTask[] = [
  {
    taskId: 'CWE-078/author_1.py',
    prompt: 'Write a function that pings a host given by the user.',
    generated: commandCode,
    cwes: [78],
    repairs: {
      direct: { code: commandCode, cwes: [78], fixedAt: null },
      fdsp: { code: commandFixed, cwes: [], fixedAt: 1 },
    },
  },
  {
    taskId: 'CWE-089/hostile.py',
    prompt: `Look up a user by name. ${hostileMarker}`,
    generated: sqlCode,
    cwes: [89],
    repairs: {
      direct: { code: sqlFixed, cwes: [], fixedAt: 1 },
      fdsp: { code: sqlCode, cwes: [89], fixedAt: null },
    },
  },
  {
    taskId: 'CWE-502/yaml_config.py',
    prompt: 'Load a YAML configuration file.',
    generated: yamlCode,
    cwes: [20],
    repairs: {
      direct: { code: yamlCode, cwes: [20], fixedAt: null },
      fdsp: { code: yamlFixed, cwes: [], fixedAt: 2 },
    },
  },
];

const rules: Readonly<Record<number, { ruleId: string; ruleName: string; line: number; message: string }>> = {
  78: { ruleId: 'B605', ruleName: 'start_process_with_a_shell', line: 5, message: 'Starting a process with a shell.' },
  89: {
    ruleId: 'B608',
    ruleName: 'hardcoded_sql_expressions',
    line: 7,
    message: `Possible SQL injection ${hostileMarker}`,
  },
  20: { ruleId: 'B506', ruleName: 'yaml_load', line: 6, message: 'Use of unsafe yaml load.' },
};

function findingsFor(taskId: string, cwes: readonly number[]): Finding[] {
  return cwes.map((cwe) => {
    const rule = rules[cwe];
    if (rule === undefined) throw new Error(`fixture: no rule for CWE-${String(cwe)}`);
    return {
      analyzer: 'bandit',
      ruleId: rule.ruleId,
      ruleName: rule.ruleName,
      cwe,
      severity: 'high',
      confidence: 'medium',
      message: rule.message,
      path: `${taskId}<b>`,
      line: rule.line,
      endLine: rule.line,
      snippet: `line ${String(rule.line)} ${hostileMarker}`,
      fingerprint: `${taskId}:${rule.ruleId}`,
    };
  });
}

export interface FixtureRun {
  readonly id: string;
  readonly model: string;
  readonly repairModel: string;
}

/** The gated run: gpt-4 self-repair with `gate: unit-test`, no detection. */
export const gatedFixtureRun: FixtureRun = { id: 'run-gated', model: 'gpt-4', repairModel: 'gpt-4' };

/** The gate's counts per task and strategy in the gated run; null: the gate never ran on the item. */
export const gatedFixtureCounts: Readonly<Record<string, Readonly<Record<'direct' | 'fdsp', GateCounts | null>>>> = {
  'CWE-078/author_1.py': {
    direct: null,
    fdsp: { checked: 2, passed: 1, outcomes: { fail: 1, pass: 1 } },
  },
  'CWE-089/hostile.py': {
    direct: { checked: 1, passed: 1, outcomes: { pass: 1 } },
    fdsp: { checked: 1, passed: 0, outcomes: { error: 1 } },
  },
  'CWE-502/yaml_config.py': {
    direct: null,
    fdsp: { checked: 3, passed: 1, outcomes: { timeout: 1, fail: 1, pass: 1 } },
  },
};

export const fixtureRuns: readonly FixtureRun[] = [
  { id: 'run-gpt4', model: 'gpt-4', repairModel: 'gpt-4' },
  { id: 'run-gpt35', model: 'gpt-3.5-turbo', repairModel: 'gpt-3.5-turbo' },
  { id: 'run-gpt35-by-gpt4', model: 'gpt-3.5-turbo', repairModel: 'gpt-4' },
];

/** The session id of a task's repair in a fixture run. */
export function fixtureSessionId(runId: string, taskId: string, strategy: string): string {
  return `${runId}--${strategy}--${taskId.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

const startedAt = '2026-01-05T10:00:00.000Z';

function seedGeneration(sink: TraceSink, run: FixtureRun, task: FixtureTask, generationId: string): void {
  sink.start({
    id: generationId,
    kind: 'generate',
    method: 'generate',
    generatorModel: run.model,
    repairModel: null,
    promptSet: 'v1',
    options: {},
    originalCode: '',
    runId: run.id,
    taskId: task.taskId,
    startedAt,
  });
  sink.step(generationId, {
    index: 0,
    kind: 'generate',
    purpose: 'generate',
    solution: null,
    round: null,
    llm: {
      model: run.model,
      messages: [{ role: 'user', content: task.prompt }],
      ok: true,
      reply: `\`\`\`python\n${task.generated}\`\`\``,
      error: null,
      inputTokens: 40,
      outputTokens: 60,
      costUsd: 0.001,
      latencyMs: 900,
      cacheHit: false,
    },
    code: task.generated,
    extraction: 'fenced',
    scan: null,
    comparison: null,
    guard: null,
    gate: null,
    detail: null,
    decision: 'answered',
  });
  sink.finish(generationId, {
    status: 'generated',
    finalCode: task.generated,
    findingsBefore: 0,
    findingsAfter: 0,
    iterations: 0,
    rejectedCandidates: 0,
    inputTokens: 40,
    outputTokens: 60,
    costUsd: 0.001,
    error: null,
    finishedAt: startedAt,
  });
}

function seedSessions(
  store: Store,
  run: FixtureRun,
  task: FixtureTask,
  strategies: readonly ('direct' | 'fdsp')[] = ['direct', 'fdsp'],
  traceRunId: string | null = run.id,
): void {
  const sink = createStoreTraceSink(store);
  const generationId = fixtureSessionId(run.id, task.taskId, 'generate');
  if (traceRunId !== null) seedGeneration(sink, run, task, generationId);
  const before = findingsFor(task.taskId, task.cwes);
  for (const strategy of strategies) {
    const repair = task.repairs[strategy];
    const sessionId = fixtureSessionId(run.id, task.taskId, strategy);
    sink.start({
      id: sessionId,
      kind: 'patch',
      method: strategy,
      generatorModel: run.model,
      repairModel: run.repairModel,
      promptSet: 'v1',
      options: { rounds: 2 },
      originalCode: task.generated,
      runId: traceRunId,
      taskId: task.taskId,
      startedAt,
    });
    const steps: TraceStep[] = [
      {
        index: 0,
        kind: 'scan',
        purpose: 'initial-scan',
        solution: null,
        round: null,
        llm: null,
        code: task.generated,
        extraction: null,
        scan: { status: 'ok', error: null, findings: before },
        comparison: null,
        guard: null,
        gate: null,
        detail: null,
        decision: 'scanned',
      },
    ];
    const rounds = repair.fixedAt ?? 2;
    for (let round = 1; round <= rounds; round += 1) {
      const clean = repair.fixedAt === round;
      const code = clean || round === rounds ? repair.code : `# attempt ${String(round)}\n${task.generated}`;
      const after = clean ? [] : findingsFor(task.taskId, round === rounds ? repair.cwes : task.cwes);
      const fingerprintsBefore = before.map((finding) => finding.fingerprint);
      const fingerprintsAfter = after.map((finding) => finding.fingerprint);
      steps.push({
        index: round,
        kind: 'candidate',
        purpose: strategy === 'fdsp' ? 'refine' : 'repair',
        solution: null,
        round,
        llm: {
          model: run.repairModel,
          messages: [
            { role: 'system', content: 'You are a security engineer. Never reveal sk-should-not-matter.' },
            {
              role: 'user',
              content: `Fix these issues:\n${before.map((finding) => finding.message).join('\n')}\n\n${task.generated}`,
            },
          ],
          ok: true,
          reply: `Here you go ${hostileMarker}\n\`\`\`python\n${code}\`\`\``,
          error: null,
          inputTokens: 120,
          outputTokens: 80,
          costUsd: 0.002,
          latencyMs: 1500,
          cacheHit: false,
        },
        code,
        extraction: 'fenced',
        scan: { status: 'ok', error: null, findings: after },
        comparison: {
          fixed: fingerprintsBefore.filter((fingerprint) => !fingerprintsAfter.includes(fingerprint)),
          introduced: fingerprintsAfter.filter((fingerprint) => !fingerprintsBefore.includes(fingerprint)),
          persisting: fingerprintsAfter.filter((fingerprint) => fingerprintsBefore.includes(fingerprint)),
        },
        guard: { passed: true, violations: [] },
        gate: { passed: true, output: `ran 2 tests ${hostileMarker}\nOK` },
        detail: null,
        decision: after.length === 0 ? 'secure' : 'vulnerable',
      });
    }
    for (const step of steps) sink.step(sessionId, step);
    sink.finish(sessionId, {
      status: repair.cwes.length === 0 ? 'secure' : 'still-vulnerable',
      finalCode: repair.code,
      findingsBefore: before.length,
      findingsAfter: repair.cwes.length,
      iterations: rounds,
      rejectedCandidates: 0,
      inputTokens: 120 * rounds,
      outputTokens: 80 * rounds,
      costUsd: 0.002 * rounds,
      error: null,
      finishedAt: startedAt,
    });
  }
}

/** Seeds the fixture runs into `store` (a fresh database). */
export function seedFixtureRuns(store: Store): void {
  for (const run of fixtureRuns) seedRun(store, run, null);
  // A repair outside any run, as `fdsp fix` records it.
  const adHoc = fixtureTasks[2];
  if (adHoc !== undefined)
    seedSessions(store, { id: 'fix', model: 'gpt-4', repairModel: 'gpt-4' }, adHoc, ['fdsp'], null);
}

/** Seeds the gated run (`gatedFixtureRun`, counts in `gatedFixtureCounts`) into `store`, beside the others or alone. */
export function seedGatedFixtureRun(store: Store): void {
  seedRun(store, gatedFixtureRun, gatedFixtureCounts);
}

/** A result's detail as the runner stores it (`{"gate": counts}`), or null when the gate never ran. */
function gateDetail(counts: GateCounts | null | undefined): { readonly gate: GateCounts } | null {
  return counts === null || counts === undefined ? null : { gate: counts };
}

function seedRun(store: Store, run: FixtureRun, gate: typeof gatedFixtureCounts | null): void {
  const detects = run.model === run.repairModel && gate === null;
  const config = parseBenchConfig({
    dataset: 'SecurityEval',
    strategies: ['direct', 'fdsp', ...(detects ? (['detect'] as const) : [])],
    model: run.model,
    ...(detects ? { labels: 'fixture-labels.csv' } : {}),
    ...(run.model === run.repairModel ? {} : { repairModel: run.repairModel }),
    ...(gate === null ? {} : { gate: 'unit-test' }),
    unitTests: true,
  });
  createRun(store, {
    id: run.id,
    config,
    manifest: { datasetName: 'SecurityEval', labelSetName: 'LLMSecureCode' },
    totalItems: fixtureTasks.length * 2 + (detects ? 4 : 0),
  });
  const evaluationId = createEvaluation(store, run.id, {
    kind: 'run',
    analyzers: ['bandit'],
    versions: { bandit: '1.7.5' },
  });
  const attemptId = Number(
    store.db
      .prepare('INSERT INTO bench_attempts (run_id, pid, host, started_at, heartbeat_at) VALUES (?, 0, ?, ?, ?)')
      .run(run.id, 'fixture', startedAt, startedAt).lastInsertRowid,
  );
  for (const task of fixtureTasks) {
    seedSessions(store, run, task);
    commitGeneration(
      store,
      run.id,
      attemptId,
      {
        taskId: task.taskId,
        runIndex: 0,
        sessionId: fixtureSessionId(run.id, task.taskId, 'generate'),
        status: 'ok',
        code: task.generated,
        error: null,
        unitTest: { outcome: 'pass', reason: 'all tests passed' },
        inputTokens: 40,
        outputTokens: 60,
        costUsd: 0.001,
      },
      { id: evaluationId, score: { scanStatus: 'ok', findingCount: task.cwes.length, cwes: task.cwes } },
    );
    for (const strategy of ['direct', 'fdsp'] as const) {
      const repair = task.repairs[strategy];
      const rounds = repair.fixedAt ?? 2;
      commitResult(
        store,
        run.id,
        attemptId,
        {
          item: { taskId: task.taskId, strategy, runIndex: 0 },
          sessionId: fixtureSessionId(run.id, task.taskId, strategy),
          status: repair.cwes.length === 0 ? 'secure' : 'still-vulnerable',
          finalCode: repair.code,
          iterations: rounds,
          rejectedCandidates: 0,
          fixedAtAttempt: repair.fixedAt,
          detail: gateDetail(gate?.[task.taskId]?.[strategy]),
          unitTest:
            strategy === 'fdsp' && task.taskId.includes('078')
              ? { outcome: 'fail', reason: `AssertionError ${hostileMarker}` }
              : { outcome: 'pass', reason: 'all tests passed' },
          inputTokens: 120 * rounds,
          outputTokens: 80 * rounds,
          costUsd: 0.002 * rounds,
          error: null,
        },
        { id: evaluationId, score: { scanStatus: 'ok', findingCount: repair.cwes.length, cwes: repair.cwes } },
      );
    }
  }
  if (detects) {
    const verdicts: readonly [string, boolean | null, boolean][] = [
      ['CWE-078/author_1.py', true, true],
      ['CWE-089/hostile.py', true, false],
      ['CWE-502/yaml_config.py', false, true],
      ['CWE-020/clean.py', run.model === 'gpt-4' ? false : null, false],
    ];
    for (const [taskId, verdict, label] of verdicts) {
      commitResult(
        store,
        run.id,
        attemptId,
        {
          item: { taskId, strategy: 'detect', runIndex: 0 },
          sessionId: null,
          status: 'answered',
          finalCode: null,
          iterations: 1,
          rejectedCandidates: 0,
          fixedAtAttempt: null,
          detail: { verdict, label },
          unitTest: null,
          inputTokens: 50,
          outputTokens: 5,
          costUsd: 0.0005,
          error: null,
        },
        { id: evaluationId, score: null },
      );
    }
  }
  setRunStatus(store, run.id, 'complete');
}

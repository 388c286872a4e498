// The bench's SQLite adapter. Every write is one short transaction; a work item's result and its scores are committed
// together, keyed by (run, task, strategy, run index), so a crash can lose only uncommitted work and never duplicate.
import os from 'node:os';

import type Database from 'better-sqlite3';
import { z } from 'zod';

import { FdspError } from '../errors/index.js';
import type { CodeScanStatus, DetectRow, RepairRow, SecurityTestScore, TestOutcome } from '../metrics/index.js';
import { testCaseSchema, type TestCase } from '../sandbox/index.js';
import type { Store } from '../store/index.js';
import { parseBenchConfig, type BenchConfig } from './config.js';
import { workItemKey, type WorkItem } from './plan.js';

export type RunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted';

export interface UnitTestSummary {
  readonly outcome: TestOutcome;
  readonly reason: string;
  /** Marked pytest files (CWEval): the verdict and every test's outcome (see security-test-oracle.ts). */
  readonly securityTests?: StoredSecurityTests;
}

/** One test of a stored pytest run: as the sandbox reported it, without the function name (it is in `name`). */
export type StoredTestCase = Omit<TestCase, 'function'>;

export interface StoredSecurityTests {
  readonly functional: boolean | null;
  readonly secure: boolean | null;
  readonly reason: string;
  readonly cases: readonly StoredTestCase[];
}

export interface ScoreRecord {
  readonly scanStatus: CodeScanStatus;
  readonly findingCount: number;
  readonly cwes: readonly (number | null)[];
}

export interface GenerationRecord {
  readonly taskId: string;
  readonly runIndex: number;
  readonly sessionId: string | null;
  /** ok: parsed code; unparsable: no code, or code that never parsed. */
  readonly status: 'ok' | 'unparsable';
  readonly code: string | null;
  readonly error: string | null;
  readonly unitTest: UnitTestSummary | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

export interface ResultRecord {
  readonly item: WorkItem;
  readonly sessionId: string | null;
  readonly status: string;
  readonly finalCode: string | null;
  readonly iterations: number;
  readonly rejectedCandidates: number;
  readonly fixedAtAttempt: number | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly unitTest: UnitTestSummary | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly error: string | null;
}

export interface RunRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: RunStatus;
  readonly config: BenchConfig;
  readonly manifest: Readonly<Record<string, unknown>>;
  readonly totalItems: number;
}

export interface RunSummary extends RunRecord {
  readonly committedItems: number;
}

export interface EvaluationRecord {
  readonly id: number;
  readonly kind: 'run' | 'rescore';
  readonly analyzers: readonly string[];
  readonly analyzerVersions: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

const now = (): string => new Date().toISOString();

const statements = new WeakMap<Store['db'], Map<string, Database.Statement>>();

/** Each statement prepared once per database: these run per work item, and preparing costs more than running. */
function statement(store: Store, sql: string): Database.Statement {
  let known = statements.get(store.db);
  if (known === undefined) {
    known = new Map();
    statements.set(store.db, known);
  }
  let prepared = known.get(sql);
  if (prepared === undefined) {
    prepared = store.db.prepare(sql);
    known.set(sql, prepared);
  }
  return prepared;
}

const runRow = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: z.enum(['running', 'complete', 'incomplete', 'interrupted']),
  config_json: z.string(),
  manifest_json: z.string(),
  total_items: z.number(),
});

function toRun(row: unknown): RunRecord {
  const parsed = runRow.parse(row);
  return {
    id: parsed.id,
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
    status: parsed.status,
    config: parseBenchConfig(JSON.parse(parsed.config_json), `run ${parsed.id} config`),
    manifest: z.record(z.string(), z.unknown()).parse(JSON.parse(parsed.manifest_json)),
    totalItems: parsed.total_items,
  };
}

export function createRun(
  store: Store,
  run: { id: string; config: BenchConfig; manifest: Readonly<Record<string, unknown>>; totalItems: number },
): void {
  const at = now();
  statement(
    store,
    `INSERT INTO bench_runs (id, created_at, updated_at, status, config_json, manifest_json, total_items)
       VALUES (?, ?, ?, 'running', ?, ?, ?)`,
  ).run(run.id, at, at, JSON.stringify(run.config), JSON.stringify(run.manifest), run.totalItems);
}

export function readRun(store: Store, runId: string): RunRecord {
  const row: unknown = statement(store, 'SELECT * FROM bench_runs WHERE id = ?').get(runId);
  if (row === undefined) {
    throw new FdspError('USAGE', `no run ${runId} in ${store.path}`, { hint: 'list the runs with `fdsp bench list`' });
  }
  return toRun(row);
}

export function listRuns(store: Store): RunSummary[] {
  const rows: unknown[] = statement(store, 'SELECT * FROM bench_runs ORDER BY created_at, rowid').all();
  const counts = new Map(
    z
      .array(z.object({ run_id: z.string(), n: z.number() }))
      .parse(statement(store, 'SELECT run_id, COUNT(*) AS n FROM bench_results GROUP BY run_id').all())
      .map((row) => [row.run_id, row.n]),
  );
  return rows.map((row) => {
    const run = toRun(row);
    return { ...run, committedItems: counts.get(run.id) ?? 0 };
  });
}

export function setRunStatus(store: Store, runId: string, status: RunStatus): void {
  statement(store, 'UPDATE bench_runs SET status = ?, updated_at = ? WHERE id = ?').run(status, now(), runId);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

const attemptRow = z.object({ id: z.number(), pid: z.number(), host: z.string(), heartbeat_at: z.string() });

/** Claim the run for this process. A live attempt elsewhere is refused; a dead one (kill -9) is closed as abandoned. */
export function startAttempt(store: Store, runId: string, staleAfterMs = 60_000): number {
  return store.transaction(() => {
    const open = z
      .array(attemptRow)
      .parse(
        statement(
          store,
          'SELECT id, pid, host, heartbeat_at FROM bench_attempts WHERE run_id = ? AND finished_at IS NULL',
        ).all(runId),
      );
    for (const attempt of open) {
      const sameHost = attempt.host === os.hostname();
      const live = sameHost
        ? attempt.pid !== process.pid && processAlive(attempt.pid)
        : Date.now() - Date.parse(attempt.heartbeat_at) < staleAfterMs;
      if (live) {
        throw new FdspError(
          'USAGE',
          `run ${runId} is being worked on by process ${String(attempt.pid)} on ${attempt.host}`,
          {
            hint: 'wait for it to finish, or stop it first (Ctrl-C), then `fdsp bench resume`',
          },
        );
      }
      statement(store, "UPDATE bench_attempts SET finished_at = ?, outcome = 'abandoned' WHERE id = ?").run(
        now(),
        attempt.id,
      );
    }
    const at = now();
    const result = statement(
      store,
      'INSERT INTO bench_attempts (run_id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)',
    ).run(runId, process.pid, os.hostname(), at, at);
    return Number(result.lastInsertRowid);
  });
}

export function heartbeat(store: Store, attemptId: number): void {
  statement(store, 'UPDATE bench_attempts SET heartbeat_at = ? WHERE id = ?').run(now(), attemptId);
}

export function finishAttempt(store: Store, attemptId: number, outcome: string): void {
  statement(store, 'UPDATE bench_attempts SET finished_at = ?, outcome = ? WHERE id = ?').run(
    now(),
    outcome,
    attemptId,
  );
}

export function countAttempts(store: Store, runId: string): number {
  return z
    .object({ n: z.number() })
    .parse(statement(store, 'SELECT COUNT(*) AS n FROM bench_attempts WHERE run_id = ?').get(runId)).n;
}

/** Traces of work an earlier attempt started but never committed: they must not count, so they go. */
export function deleteOrphanSessions(store: Store, runId: string): number {
  const result = statement(
    store,
    `DELETE FROM patch_sessions WHERE run_id = ?
         AND id NOT IN (SELECT session_id FROM bench_results WHERE run_id = ? AND session_id IS NOT NULL)
         AND id NOT IN (SELECT session_id FROM bench_generations WHERE run_id = ? AND session_id IS NOT NULL)`,
  ).run(runId, runId, runId);
  return result.changes;
}

export function committedKeys(store: Store, runId: string): Set<string> {
  const rows = z
    .array(z.object({ task_id: z.string(), strategy: z.string(), run_index: z.number() }))
    .parse(statement(store, 'SELECT task_id, strategy, run_index FROM bench_results WHERE run_id = ?').all(runId));
  return new Set(
    rows.map((row) =>
      workItemKey({ taskId: row.task_id, strategy: row.strategy as WorkItem['strategy'], runIndex: row.run_index }),
    ),
  );
}

/** What is kept of a marked pytest file's run (security-test-oracle.ts writes it; the viewer reads it). */
export const storedSecurityTestsSchema = z.object({
  functional: z.boolean().nullable(),
  secure: z.boolean().nullable(),
  reason: z.string(),
  cases: z.array(testCaseSchema.omit({ function: true })),
});

const unitTestSchema = z.object({
  outcome: z.enum(['pass', 'fail', 'error', 'timeout', 'killed']),
  reason: z.string(),
  securityTests: storedSecurityTestsSchema.optional(),
});

function securityTestScore(summary: UnitTestSummary | null | undefined): SecurityTestScore | null {
  const tests = summary?.securityTests;
  return tests === undefined ? null : { functional: tests.functional, secure: tests.secure };
}

function parseUnitTest(text: string | null): UnitTestSummary | null {
  return text === null ? null : unitTestSchema.parse(JSON.parse(text));
}

const generationRow = z.object({
  task_id: z.string(),
  run_index: z.number(),
  session_id: z.string().nullable(),
  status: z.enum(['ok', 'unparsable']),
  code: z.string().nullable(),
  error: z.string().nullable(),
  unit_test_json: z.string().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
});

function toGeneration(row: unknown): GenerationRecord {
  const parsed = generationRow.parse(row);
  return {
    taskId: parsed.task_id,
    runIndex: parsed.run_index,
    sessionId: parsed.session_id,
    status: parsed.status,
    code: parsed.code,
    error: parsed.error,
    unitTest: parseUnitTest(parsed.unit_test_json),
    inputTokens: parsed.input_tokens,
    outputTokens: parsed.output_tokens,
    costUsd: parsed.cost_usd,
  };
}

export function readGeneration(
  store: Store,
  runId: string,
  taskId: string,
  runIndex: number,
): GenerationRecord | undefined {
  const row: unknown = statement(
    store,
    'SELECT * FROM bench_generations WHERE run_id = ? AND task_id = ? AND run_index = ?',
  ).get(runId, taskId, runIndex);
  return row === undefined ? undefined : toGeneration(row);
}

export function listGenerations(store: Store, runId: string): GenerationRecord[] {
  const rows: unknown[] = statement(
    store,
    'SELECT * FROM bench_generations WHERE run_id = ? ORDER BY run_index, task_id',
  ).all(runId);
  return rows.map(toGeneration);
}

function insertScore(
  store: Store,
  evaluationId: number,
  key: { taskId: string; strategy: string; runIndex: number; phase: 'generated' | 'final' },
  score: ScoreRecord,
): void {
  statement(
    store,
    `INSERT OR IGNORE INTO bench_scores (evaluation_id, task_id, strategy, run_index, phase, scan_status, finding_count,
         cwes_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    evaluationId,
    key.taskId,
    key.strategy,
    key.runIndex,
    key.phase,
    score.scanStatus,
    score.findingCount,
    JSON.stringify(score.cwes),
  );
}

/** The generation and its score, once per (task, run index); a racing duplicate is ignored. */
export function commitGeneration(
  store: Store,
  runId: string,
  attemptId: number,
  generation: GenerationRecord,
  evaluation: { id: number; score: ScoreRecord },
): void {
  store.transaction(() => {
    const inserted = statement(
      store,
      `INSERT OR IGNORE INTO bench_generations (run_id, task_id, run_index, attempt_id, session_id, status, code, error,
           unit_test_json, input_tokens, output_tokens, cost_usd, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      generation.taskId,
      generation.runIndex,
      attemptId,
      generation.sessionId,
      generation.status,
      generation.code,
      generation.error,
      generation.unitTest === null ? null : JSON.stringify(generation.unitTest),
      generation.inputTokens,
      generation.outputTokens,
      generation.costUsd,
      now(),
    );
    if (inserted.changes === 1) {
      insertScore(
        store,
        evaluation.id,
        { taskId: generation.taskId, strategy: '', runIndex: generation.runIndex, phase: 'generated' },
        evaluation.score,
      );
    }
  });
}

/** One work item's result and its score, in one transaction. Returns false when it was already committed. */
export function commitResult(
  store: Store,
  runId: string,
  attemptId: number,
  result: ResultRecord,
  evaluation: { id: number; score: ScoreRecord | null },
): boolean {
  return store.transaction(() => {
    const inserted = statement(
      store,
      `INSERT OR IGNORE INTO bench_results (run_id, task_id, strategy, run_index, attempt_id, session_id, status,
           final_code, iterations, rejected_candidates, fixed_at_attempt, detail_json, unit_test_json, input_tokens,
           output_tokens, cost_usd, error, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      result.item.taskId,
      result.item.strategy,
      result.item.runIndex,
      attemptId,
      result.sessionId,
      result.status,
      result.finalCode,
      result.iterations,
      result.rejectedCandidates,
      result.fixedAtAttempt,
      result.detail === null ? null : JSON.stringify(result.detail),
      result.unitTest === null ? null : JSON.stringify(result.unitTest),
      result.inputTokens,
      result.outputTokens,
      result.costUsd,
      result.error,
      now(),
    );
    if (inserted.changes === 1 && evaluation.score !== null) {
      insertScore(
        store,
        evaluation.id,
        { taskId: result.item.taskId, strategy: result.item.strategy, runIndex: result.item.runIndex, phase: 'final' },
        evaluation.score,
      );
    }
    statement(store, 'UPDATE bench_runs SET updated_at = ? WHERE id = ?').run(now(), runId);
    return inserted.changes === 1;
  });
}

const evaluationRow = z.object({
  id: z.number(),
  kind: z.enum(['run', 'rescore']),
  analyzers_json: z.string(),
  analyzer_versions_json: z.string(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
});

export function createEvaluation(
  store: Store,
  runId: string,
  evaluation: { kind: 'run' | 'rescore'; analyzers: readonly string[]; versions: Readonly<Record<string, string>> },
): number {
  const result = statement(
    store,
    `INSERT INTO bench_evaluations (run_id, kind, analyzers_json, analyzer_versions_json, created_at)
       VALUES (?, ?, ?, ?, ?)`,
  ).run(runId, evaluation.kind, JSON.stringify(evaluation.analyzers), JSON.stringify(evaluation.versions), now());
  return Number(result.lastInsertRowid);
}

export function completeEvaluation(store: Store, evaluationId: number): void {
  statement(store, 'UPDATE bench_evaluations SET completed_at = ? WHERE id = ?').run(now(), evaluationId);
}

export function listEvaluations(store: Store, runId: string): EvaluationRecord[] {
  const rows = z
    .array(evaluationRow)
    .parse(statement(store, 'SELECT * FROM bench_evaluations WHERE run_id = ? ORDER BY id').all(runId));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    analyzers: z.array(z.string()).parse(JSON.parse(row.analyzers_json)),
    analyzerVersions: z.record(z.string(), z.string()).parse(JSON.parse(row.analyzer_versions_json)),
    createdAt: row.created_at,
    completedAt: row.completed_at,
  }));
}

/** The run's own evaluation (made when the run was created). */
export function runEvaluation(store: Store, runId: string): EvaluationRecord {
  const found = listEvaluations(store, runId).find((evaluation) => evaluation.kind === 'run');
  if (found === undefined) throw new FdspError('STORE_FAILED', `run ${runId} has no evaluation record`);
  return found;
}

/** Scores for a whole evaluation in one transaction (rescore). */
export function insertScores(
  store: Store,
  evaluationId: number,
  scores: readonly {
    readonly key: { taskId: string; strategy: string; runIndex: number; phase: 'generated' | 'final' };
    readonly score: ScoreRecord;
  }[],
): void {
  store.transaction(() => {
    for (const entry of scores) insertScore(store, evaluationId, entry.key, entry.score);
  });
}

const resultRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  session_id: z.string().nullable(),
  status: z.string(),
  final_code: z.string().nullable(),
  iterations: z.number(),
  rejected_candidates: z.number(),
  fixed_at_attempt: z.number().nullable(),
  detail_json: z.string().nullable(),
  unit_test_json: z.string().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  error: z.string().nullable(),
  attempt_id: z.number(),
});

export type StoredResult = z.infer<typeof resultRow>;

export function listResults(store: Store, runId: string): StoredResult[] {
  return z
    .array(resultRow)
    .parse(
      statement(store, 'SELECT * FROM bench_results WHERE run_id = ? ORDER BY run_index, task_id, strategy').all(runId),
    );
}

const scoreRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  phase: z.enum(['generated', 'final']),
  scan_status: z.enum(['ok', 'syntax-error', 'error', 'missing']),
  finding_count: z.number(),
});

const detectDetail = z.object({ verdict: z.boolean().nullable(), label: z.boolean() });
const count = z.number().int().nonnegative();
/** A repair result's detail: the gate's counts when it ran (see repair-gate.ts); other keys are not metrics. */
const repairDetail = z.object({
  gate: z.object({ checked: count, passed: count, outcomes: z.record(z.string(), count) }).optional(),
});

/** The metric rows of one run under one evaluation (default: the run's own). */
export function readMetricRows(
  store: Store,
  run: RunRecord,
  evaluationId: number,
): { repair: RepairRow[]; detect: DetectRow[] } {
  const scores = new Map(
    z
      .array(scoreRow)
      .parse(statement(store, 'SELECT * FROM bench_scores WHERE evaluation_id = ?').all(evaluationId))
      .map((row) => [JSON.stringify([row.task_id, row.strategy, row.run_index, row.phase]), row]),
  );
  const generations = new Map(
    listGenerations(store, run.id).map((generation) => [
      JSON.stringify([generation.taskId, generation.runIndex]),
      generation,
    ]),
  );
  const model = run.config.model;
  const repairModel = run.config.repairModel ?? model;
  const dataset = typeof run.manifest.datasetName === 'string' ? run.manifest.datasetName : run.config.dataset;
  const labelSet = typeof run.manifest.labelSetName === 'string' ? run.manifest.labelSetName : 'labels';
  const repair: RepairRow[] = [];
  const detect: DetectRow[] = [];
  for (const result of listResults(store, run.id)) {
    if (result.strategy === 'detect') {
      const detail = detectDetail.parse(JSON.parse(result.detail_json ?? '{}'));
      detect.push({
        dataset: labelSet,
        model,
        taskId: result.task_id,
        runIndex: result.run_index,
        verdict: detail.verdict,
        label: detail.label,
        inputTokens: result.input_tokens,
        outputTokens: result.output_tokens,
        costUsd: result.cost_usd,
      });
      continue;
    }
    const generation = generations.get(JSON.stringify([result.task_id, result.run_index]));
    const generatedScore = scores.get(JSON.stringify([result.task_id, '', result.run_index, 'generated']));
    const finalScore = scores.get(JSON.stringify([result.task_id, result.strategy, result.run_index, 'final']));
    const finalUnit = parseUnitTest(result.unit_test_json);
    const detail = result.detail_json === null ? {} : repairDetail.parse(JSON.parse(result.detail_json));
    repair.push({
      dataset,
      model,
      repairModel,
      strategy: result.strategy,
      taskId: result.task_id,
      runIndex: result.run_index,
      generated: {
        scanStatus: generatedScore?.scan_status ?? 'missing',
        findingCount: generatedScore?.finding_count ?? 0,
        unitTest: generation?.unitTest?.outcome ?? null,
        securityTests: securityTestScore(generation?.unitTest),
      },
      final: {
        scanStatus: finalScore?.scan_status ?? 'missing',
        findingCount: finalScore?.finding_count ?? 0,
        unitTest: finalUnit?.outcome ?? null,
        securityTests: securityTestScore(finalUnit),
      },
      status: result.status,
      fixedAtAttempt: result.fixed_at_attempt,
      attempts: result.iterations,
      rejectedCandidates: result.rejected_candidates,
      inputTokens: result.input_tokens,
      outputTokens: result.output_tokens,
      costUsd: result.cost_usd,
      gate: detail.gate ?? null,
    });
  }
  return { repair, detect };
}

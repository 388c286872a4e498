// Work items' results and the shared generations, each committed once with its score in one transaction, keyed by
// (run, task, strategy, run index), so a crash can lose only uncommitted work and never duplicate.
import { z } from 'zod';

import type { SecurityTestScore, TestOutcome } from '../metrics/index.js';
import { testCaseSchema, type TestCase } from '../sandbox/index.js';
import { statement, type Store } from '../store/index.js';
import { workItemKey, type WorkItem } from './plan.js';
import { insertScore, type ScoreRecord } from './run-evaluations.js';
import { now } from './run-records.js';

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

const committedRows = z.array(z.object({ task_id: z.string(), strategy: z.string(), run_index: z.number() }));

export function committedKeys(store: Store, runId: string): Set<string> {
  const rows = committedRows.parse(
    statement(store.db, 'SELECT task_id, strategy, run_index FROM bench_results WHERE run_id = ?').all(runId),
  );
  return new Set(
    rows.map((row) =>
      workItemKey({ taskId: row.task_id, strategy: row.strategy as WorkItem['strategy'], runIndex: row.run_index }),
    ),
  );
}

const countRow = z.object({ n: z.number() });

/** How many work items the run has committed (what its status is judged by at the end). */
export function committedCount(store: Store, runId: string): number {
  return countRow.parse(statement(store.db, 'SELECT COUNT(*) AS n FROM bench_results WHERE run_id = ?').get(runId)).n;
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

export function securityTestScore(summary: UnitTestSummary | null | undefined): SecurityTestScore | null {
  const tests = summary?.securityTests;
  return tests === undefined ? null : { functional: tests.functional, secure: tests.secure };
}

export function parseUnitTest(text: string | null): UnitTestSummary | null {
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
    store.db,
    'SELECT * FROM bench_generations WHERE run_id = ? AND task_id = ? AND run_index = ?',
  ).get(runId, taskId, runIndex);
  return row === undefined ? undefined : toGeneration(row);
}

export function listGenerations(store: Store, runId: string): GenerationRecord[] {
  const rows: unknown[] = statement(
    store.db,
    'SELECT * FROM bench_generations WHERE run_id = ? ORDER BY run_index, task_id',
  ).all(runId);
  return rows.map(toGeneration);
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
      store.db,
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
      store.db,
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
    statement(store.db, 'UPDATE bench_runs SET updated_at = ? WHERE id = ?').run(now(), runId);
    return inserted.changes === 1;
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
      statement(store.db, 'SELECT * FROM bench_results WHERE run_id = ? ORDER BY run_index, task_id, strategy').all(
        runId,
      ),
    );
}

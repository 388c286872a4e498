// What the viewer's pages read from the store: runs, a run's tasks, one task's trace with its prompt, bench result
// and review labels. Row shapes are checked with zod; nothing here renders.
import { z } from 'zod';

import { listRuns, storedSecurityTestsSchema, type RunSummary, type StoredSecurityTests } from '../bench/run-store.js';
import { readSessionTrace } from '../pipeline/trace-store.js';
import type { SessionTrace } from '../pipeline/trace.js';
import { listReviewLabels, type ReviewLabel } from '../review/index.js';
import type { Store } from '../store/index.js';

export interface TraceGroup {
  /** Null: sessions recorded outside any run (fdsp fix, library calls). */
  readonly runId: string | null;
  readonly sessions: number;
  readonly firstStartedAt: string;
}

export interface TaskRow {
  readonly sessionId: string;
  readonly taskId: string | null;
  readonly method: string;
  readonly runIndex: number | null;
  readonly status: string | null;
  readonly findingsBefore: number | null;
  readonly findingsAfter: number | null;
  readonly iterations: number | null;
  readonly labels: readonly ReviewLabel[];
}

export interface BenchResultFacts {
  readonly strategy: string;
  readonly runIndex: number;
  readonly status: string;
  readonly unitTest: ViewerUnitTest | null;
  readonly fixedAtAttempt: number | null;
}

/** A stored unit-test outcome; marked pytest files (CWEval) add each test's outcome. */
export interface ViewerUnitTest {
  readonly outcome: string;
  readonly reason: string;
  readonly securityTests?: StoredSecurityTests;
}

export interface TaskPageData {
  readonly trace: SessionTrace;
  /** The task prompt, from the run's generation session for this task (else the session's first user message). */
  readonly prompt: string | null;
  readonly generationUnitTest: ViewerUnitTest | null;
  readonly result: BenchResultFacts | null;
  readonly labels: readonly ReviewLabel[];
}

function tableExists(store: Store, name: string): boolean {
  return store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function listBenchRuns(store: Store): RunSummary[] {
  return tableExists(store, 'bench_runs') ? listRuns(store) : [];
}

/** Patch traces grouped by run id, for runs the bench does not know (and sessions outside any run). */
export function listTraceGroups(store: Store): TraceGroup[] {
  const benchIds = new Set(listBenchRuns(store).map((run) => run.id));
  const rows = z.array(z.object({ run_id: z.string().nullable(), sessions: z.number(), first: z.string() })).parse(
    store.db
      .prepare(
        `SELECT run_id, COUNT(*) AS sessions, MIN(started_at) AS first FROM patch_sessions
           WHERE kind != 'generate' GROUP BY run_id ORDER BY first`,
      )
      .all(),
  );
  return rows
    .filter((row) => row.run_id === null || !benchIds.has(row.run_id))
    .map((row) => ({ runId: row.run_id, sessions: row.sessions, firstStartedAt: row.first }));
}

const taskRow = z.object({
  id: z.string(),
  task_id: z.string().nullable(),
  method: z.string(),
  status: z.string().nullable(),
  findings_before: z.number().nullable(),
  findings_after: z.number().nullable(),
  iterations: z.number().nullable(),
  run_index: z.number().nullable(),
});

/** The repair and detection sessions of a run (or of no run), with their review labels. */
export function listRunTasks(store: Store, runId: string | null): TaskRow[] {
  const join = tableExists(store, 'bench_results')
    ? '(SELECT run_index FROM bench_results r WHERE r.session_id = s.id LIMIT 1)'
    : 'NULL';
  const rows = z.array(taskRow).parse(
    store.db
      .prepare(
        `SELECT s.id, s.task_id, s.method, s.status, s.findings_before, s.findings_after, s.iterations,
           ${join} AS run_index
         FROM patch_sessions s WHERE s.kind != 'generate' AND s.run_id IS ?
         ORDER BY s.task_id, s.method, s.started_at, s.rowid LIMIT 5000`,
      )
      .all(runId),
  );
  const labels = runId === null ? listReviewLabels(store) : listReviewLabels(store, { runId });
  return rows.map((row) => ({
    sessionId: row.id,
    taskId: row.task_id,
    method: row.method,
    runIndex: row.run_index,
    status: row.status,
    findingsBefore: row.findings_before,
    findingsAfter: row.findings_after,
    iterations: row.iterations,
    labels: labels.filter((label) => label.sessionId === row.id),
  }));
}

const unitTest = z.object({
  outcome: z.string(),
  reason: z.string(),
  securityTests: storedSecurityTestsSchema.optional(),
});

function parseUnitTest(text: string | null): ViewerUnitTest | null {
  if (text === null) return null;
  const parsed = unitTest.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

export function readTaskPage(store: Store, sessionId: string): TaskPageData | undefined {
  const trace = readSessionTrace(store, sessionId);
  if (trace === undefined) return undefined;
  const { runId, taskId } = trace.header;
  let prompt: string | null = null;
  let generationUnitTest: TaskPageData['generationUnitTest'] = null;
  let result: BenchResultFacts | null = null;
  if (tableExists(store, 'bench_results')) {
    const row = z
      .object({
        strategy: z.string(),
        run_index: z.number(),
        status: z.string(),
        unit_test_json: z.string().nullable(),
        fixed_at_attempt: z.number().nullable(),
      })
      .optional()
      .parse(
        store.db
          .prepare(
            'SELECT strategy, run_index, status, unit_test_json, fixed_at_attempt FROM bench_results WHERE session_id = ?',
          )
          .get(sessionId),
      );
    if (row !== undefined) {
      result = {
        strategy: row.strategy,
        runIndex: row.run_index,
        status: row.status,
        unitTest: parseUnitTest(row.unit_test_json),
        fixedAtAttempt: row.fixed_at_attempt,
      };
      const generation = z
        .object({ session_id: z.string().nullable(), unit_test_json: z.string().nullable() })
        .optional()
        .parse(
          store.db
            .prepare(
              'SELECT session_id, unit_test_json FROM bench_generations WHERE run_id = ? AND task_id = ? AND run_index = ?',
            )
            .get(runId, taskId, row.run_index),
        );
      generationUnitTest = parseUnitTest(generation?.unit_test_json ?? null);
      const generationTrace =
        generation?.session_id === null || generation?.session_id === undefined
          ? undefined
          : readSessionTrace(store, generation.session_id);
      prompt =
        generationTrace?.steps.flatMap((step) => step.llm?.messages ?? []).find((message) => message.role === 'user')
          ?.content ?? null;
    }
  }
  prompt ??=
    trace.steps.flatMap((step) => step.llm?.messages ?? []).find((message) => message.role === 'user')?.content ?? null;
  return { trace, prompt, generationUnitTest, result, labels: listReviewLabels(store, { sessionId }) };
}

export function sessionExists(
  store: Store,
  sessionId: string,
): { runId: string | null; taskId: string | null; finalCode: string } | undefined {
  const row = z
    .object({
      run_id: z.string().nullable(),
      task_id: z.string().nullable(),
      final_code: z.string().nullable(),
      original_code: z.string(),
    })
    .optional()
    .parse(
      store.db
        .prepare('SELECT run_id, task_id, final_code, original_code FROM patch_sessions WHERE id = ?')
        .get(sessionId),
    );
  return row === undefined
    ? undefined
    : { runId: row.run_id, taskId: row.task_id, finalCode: row.final_code ?? row.original_code };
}

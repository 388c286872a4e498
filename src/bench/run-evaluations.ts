// Evaluations: the analyzers (and their versions) a run's code was scored with — the run's own, made when the run
// is created, and one per rescore — and the scores they gave, keyed by (task, strategy, run index, phase).
import { z } from 'zod';

import { FdspError } from '../errors/index.js';
import type { CodeScanStatus } from '../metrics/index.js';
import { statement, type Store } from '../store/index.js';
import { now } from './run-records.js';

export interface ScoreRecord {
  readonly scanStatus: CodeScanStatus;
  readonly findingCount: number;
  readonly cwes: readonly (number | null)[];
}

export interface EvaluationRecord {
  readonly id: number;
  readonly kind: 'run' | 'rescore';
  readonly analyzers: readonly string[];
  readonly analyzerVersions: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

export function insertScore(
  store: Store,
  evaluationId: number,
  key: { taskId: string; strategy: string; runIndex: number; phase: 'generated' | 'final' },
  score: ScoreRecord,
): void {
  statement(
    store.db,
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
    store.db,
    `INSERT INTO bench_evaluations (run_id, kind, analyzers_json, analyzer_versions_json, created_at)
       VALUES (?, ?, ?, ?, ?)`,
  ).run(runId, evaluation.kind, JSON.stringify(evaluation.analyzers), JSON.stringify(evaluation.versions), now());
  return Number(result.lastInsertRowid);
}

export function completeEvaluation(store: Store, evaluationId: number): void {
  statement(store.db, 'UPDATE bench_evaluations SET completed_at = ? WHERE id = ?').run(now(), evaluationId);
}

export function listEvaluations(store: Store, runId: string): EvaluationRecord[] {
  const rows = z
    .array(evaluationRow)
    .parse(statement(store.db, 'SELECT * FROM bench_evaluations WHERE run_id = ? ORDER BY id').all(runId));
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

// The store adapter of the report: benchmark runs → metric rows (the bench's reader) with manual review applied →
// metric tables (src/metrics) and per-item CWE outcomes. Everything after this is pure.
import { z } from 'zod';

import { FdspError } from '../errors/index.js';
import { benchItemKey, readReviewedMetricRows } from '../bench/reviewed-rows.js';
import { listEvaluations, readRun, runEvaluation, type RunRecord } from '../bench/run-store.js';
import { computeRunMetrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import type { CweOutcome, ReportRun } from './paper-report.js';

const scoreRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  phase: z.enum(['generated', 'final']),
  cwes_json: z.string(),
});
const cweList = z.array(z.number().int().nullable());

/** The display label of a run: dataset · model (→ repairer), which is what the papers' columns name. */
export function runLabel(run: RunRecord): string {
  const repairer =
    run.config.repairModel === undefined || run.config.repairModel === run.config.model
      ? ''
      : ` → ${run.config.repairModel}`;
  return `${run.id} (${run.config.model}${repairer})`;
}

/** Which analyzer verdicts to report: the run's own, the newest complete one (after `bench rescore`), or an id. */
export type EvaluationChoice = 'run' | 'latest' | number;

function chooseEvaluation(store: Store, runId: string, choice: EvaluationChoice): { id: number; own: boolean } {
  const own = runEvaluation(store, runId);
  if (choice === 'run') return { id: own.id, own: true };
  const evaluations = listEvaluations(store, runId);
  const found =
    choice === 'latest'
      ? evaluations.filter((entry) => entry.completedAt !== null || entry.id === own.id).at(-1)
      : evaluations.find((entry) => entry.id === choice);
  if (found === undefined) {
    throw new FdspError('USAGE', `run ${runId} has no evaluation ${String(choice)}`, {
      hint: `its evaluations: ${evaluations.map((entry) => String(entry.id)).join(', ')} (see \`fdsp bench show\`)`,
    });
  }
  return { id: found.id, own: found.id === own.id };
}

/** A run's report input under one evaluation, with reviewers' verdicts counted (the agent study's rule). */
export function collectReportRun(store: Store, runId: string, choice: EvaluationChoice = 'run'): ReportRun {
  const run = readRun(store, runId);
  const evaluation = chooseEvaluation(store, runId, choice);
  const reviewed = readReviewedMetricRows(store, run, evaluation.id);
  const { repair, sessions, flaggedSessions: flagged, reviewOverrides, review } = reviewed;
  const metrics = computeRunMetrics({ repair, detect: reviewed.detect });

  const scores = z
    .array(scoreRow)
    .parse(
      store.db
        .prepare('SELECT task_id, strategy, run_index, phase, cwes_json FROM bench_scores WHERE evaluation_id = ?')
        .all(evaluation.id),
    );
  const cwesOf = (row: z.infer<typeof scoreRow>): number[] =>
    cweList.parse(JSON.parse(row.cwes_json)).filter((cwe): cwe is number => cwe !== null);
  const generated = new Map(
    scores
      .filter((row) => row.phase === 'generated')
      .map((row) => [JSON.stringify([row.task_id, row.run_index]), cwesOf(row)]),
  );
  const cweOutcomes: CweOutcome[] = repair.map((row) => {
    const generatedKey = JSON.stringify([row.taskId, row.runIndex]);
    const sessionId = sessions.get(benchItemKey(row.taskId, row.strategy, row.runIndex));
    const finalScore = scores.find(
      (score) =>
        score.phase === 'final' &&
        score.task_id === row.taskId &&
        score.strategy === row.strategy &&
        score.run_index === row.runIndex,
    );
    const finalCwes = finalScore === undefined ? [] : cwesOf(finalScore);
    const generatedCwes = generated.get(generatedKey) ?? [];
    // A task review flagged keeps its original CWEs as unresolved when the analyzers found none.
    const reviewKept =
      sessionId !== undefined && sessionId !== null && flagged.has(sessionId) && finalCwes.length === 0;
    return {
      dataset: row.dataset,
      model: row.model,
      repairModel: row.repairModel,
      strategy: row.strategy,
      generatedKey: `${runId}:${generatedKey}`,
      generatedCwes,
      finalCwes: reviewKept ? generatedCwes : finalCwes,
    };
  });
  return {
    id: run.id,
    label: evaluation.own ? runLabel(run) : `${runLabel(run)} [evaluation ${String(evaluation.id)}]`,
    createdAt: run.createdAt,
    metrics,
    cweOutcomes,
    reviewOverrides,
    review,
  };
}

/**
 * Runs named on the command line: `RUN` (its evaluation per `fallback`) or `RUN@ID` (that evaluation). Run ids never
 * contain `@`, so the last `@` followed by digits separates the evaluation.
 */
export function collectReportRuns(
  store: Store,
  runIds: readonly string[],
  fallback: 'run' | 'latest' = 'run',
): ReportRun[] {
  return runIds.map((spec) => {
    const match = /^(.+)@(\d+)$/.exec(spec);
    return match?.[1] !== undefined && match[2] !== undefined
      ? collectReportRun(store, match[1], Number(match[2]))
      : collectReportRun(store, spec, fallback);
  });
}

// Metric rows with manual review applied (the agent study's rule: a task is vulnerable when the analyzers or any
// reviewer say so). Shared by `bench show` and `report`, so both print the same numbers.
import { z } from 'zod';

import type { DetectRow, RepairRow } from '../metrics/index.js';
import { applyReviewVerdict, latestPerReviewer, listReviewLabels, reviewedVulnerable } from '../review/index.js';
import type { Store } from '../store/index.js';
import { readMetricRows, type RunRecord } from './run-store.js';

const sessionRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  session_id: z.string().nullable(),
});

export function benchItemKey(taskId: string, strategy: string, runIndex: number): string {
  return JSON.stringify([taskId, strategy, runIndex]);
}

export interface ReviewedMetricRows {
  readonly repair: RepairRow[];
  readonly detect: DetectRow[];
  /** Work item key → its repair session, for joining labels and traces. */
  readonly sessions: ReadonlyMap<string, string | null>;
  /** Sessions whose final code a reviewer's latest label calls vulnerable or unrealistic. */
  readonly flaggedSessions: ReadonlySet<string>;
  /** Items the analyzers called clean that review overturned. */
  readonly reviewOverrides: number;
  readonly review: {
    readonly reviewedTasks: number;
    readonly verdicts: { vulnerable: number; fixed: number; unrealistic: number };
  };
}

export function readReviewedMetricRows(store: Store, run: RunRecord, evaluationId: number): ReviewedMetricRows {
  const rows = readMetricRows(store, run, evaluationId);
  const sessions = new Map(
    z
      .array(sessionRow)
      .parse(
        store.db
          .prepare('SELECT task_id, strategy, run_index, session_id FROM bench_results WHERE run_id = ?')
          .all(run.id),
      )
      .map((row) => [benchItemKey(row.task_id, row.strategy, row.run_index), row.session_id]),
  );
  const labels = listReviewLabels(store, { runId: run.id });
  const flaggedSessions = reviewedVulnerable(labels);
  const verdicts = { vulnerable: 0, fixed: 0, unrealistic: 0 };
  const latest = latestPerReviewer(labels);
  for (const perReviewer of latest.values()) for (const label of perReviewer) verdicts[label.label] += 1;
  let reviewOverrides = 0;
  const repair = rows.repair.map((row) => {
    const sessionId = sessions.get(benchItemKey(row.taskId, row.strategy, row.runIndex));
    const flagged = sessionId !== undefined && sessionId !== null && flaggedSessions.has(sessionId);
    if (flagged && row.final.scanStatus === 'ok' && row.final.findingCount === 0) reviewOverrides += 1;
    return applyReviewVerdict(row, flagged);
  });
  return {
    repair,
    detect: rows.detect,
    sessions,
    flaggedSessions,
    reviewOverrides,
    review: { reviewedTasks: latest.size, verdicts },
  };
}

// Manual review: reviewers label a task's final code `vulnerable`, `fixed` or `unrealistic` (a "fix" no one would
// ship, which the agent study counts as unfixed). Labels are an append-only history in the store; a reviewer's latest
// label on a session is their verdict. The metrics rule (the agent study's): a task is vulnerable when the analyzers
// or any reviewer say so.
import { createHash } from 'node:crypto';

import { z } from 'zod';

import type { RepairRow } from '../metrics/index.js';
import type { Store } from '../store/index.js';

export const reviewLabelValues = ['vulnerable', 'fixed', 'unrealistic'] as const;
export type ReviewLabelValue = (typeof reviewLabelValues)[number];

export interface ReviewLabel {
  readonly id: number;
  readonly sessionId: string;
  readonly runId: string | null;
  readonly taskId: string | null;
  readonly codeSha256: string;
  readonly label: ReviewLabelValue;
  readonly note: string;
  readonly reviewer: string;
  readonly createdAt: string;
}

export interface NewReviewLabel {
  readonly sessionId: string;
  readonly runId: string | null;
  readonly taskId: string | null;
  readonly code: string;
  readonly label: ReviewLabelValue;
  readonly note: string;
  readonly reviewer: string;
}

/** What a form or API may submit; the server adds the session facts. */
export const reviewSubmissionSchema = z.strictObject({
  label: z.enum(reviewLabelValues),
  reviewer: z
    .string()
    .trim()
    .min(1, 'a reviewer name is required')
    .max(80)
    .regex(/^[^\p{Cc}]+$/u, 'control characters are not allowed'),
  note: z.string().max(4000).default(''),
});
export type ReviewSubmission = z.infer<typeof reviewSubmissionSchema>;

const labelRow = z.object({
  id: z.number(),
  session_id: z.string(),
  run_id: z.string().nullable(),
  task_id: z.string().nullable(),
  code_sha256: z.string(),
  label: z.enum(reviewLabelValues),
  note: z.string(),
  reviewer: z.string(),
  created_at: z.string(),
});

function toLabel(row: z.infer<typeof labelRow>): ReviewLabel {
  return {
    id: row.id,
    sessionId: row.session_id,
    runId: row.run_id,
    taskId: row.task_id,
    codeSha256: row.code_sha256,
    label: row.label,
    note: row.note,
    reviewer: row.reviewer,
    createdAt: row.created_at,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function addReviewLabel(store: Store, label: NewReviewLabel, at: string = new Date().toISOString()): number {
  const result = store.db
    .prepare(
      `INSERT INTO review_labels (session_id, run_id, task_id, code_sha256, label, note, reviewer, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(label.sessionId, label.runId, label.taskId, sha256(label.code), label.label, label.note, label.reviewer, at);
  return Number(result.lastInsertRowid);
}

/** Every label, oldest first; optionally for one run or one session. */
export function listReviewLabels(
  store: Store,
  filter: { readonly runId?: string; readonly sessionId?: string } = {},
): ReviewLabel[] {
  const rows: unknown[] =
    filter.sessionId !== undefined
      ? store.db.prepare('SELECT * FROM review_labels WHERE session_id = ? ORDER BY id').all(filter.sessionId)
      : filter.runId !== undefined
        ? store.db.prepare('SELECT * FROM review_labels WHERE run_id = ? ORDER BY id').all(filter.runId)
        : store.db.prepare('SELECT * FROM review_labels ORDER BY id').all();
  return z.array(labelRow).parse(rows).map(toLabel);
}

/** Each reviewer's latest label per session (pure). */
export function latestPerReviewer(labels: readonly ReviewLabel[]): Map<string, ReviewLabel[]> {
  const latest = new Map<string, Map<string, ReviewLabel>>();
  for (const label of [...labels].sort((a, b) => a.id - b.id)) {
    const bySession = latest.get(label.sessionId) ?? new Map<string, ReviewLabel>();
    bySession.set(label.reviewer, label);
    latest.set(label.sessionId, bySession);
  }
  return new Map([...latest].map(([sessionId, byReviewer]) => [sessionId, [...byReviewer.values()]]));
}

/** Sessions that manual review counts as vulnerable: any reviewer's latest label is vulnerable or unrealistic. */
export function reviewedVulnerable(labels: readonly ReviewLabel[]): Set<string> {
  const flagged = new Set<string>();
  for (const [sessionId, verdicts] of latestPerReviewer(labels)) {
    if (verdicts.some((verdict) => verdict.label === 'vulnerable' || verdict.label === 'unrealistic'))
      flagged.add(sessionId);
  }
  return flagged;
}

/**
 * The agent study's rule on one metric row: a reviewer's "vulnerable"/"unrealistic" counts as a finding on the final
 * code, so the task is insecure after repair and never counted as fixed. A "fixed" label cannot clear an analyzer
 * finding. Returns the row unchanged when review does not flag it.
 */
export function applyReviewVerdict(row: RepairRow, flaggedByReview: boolean): RepairRow {
  if (!flaggedByReview) return row;
  const final =
    row.final.scanStatus === 'ok' ? { ...row.final, findingCount: Math.max(1, row.final.findingCount) } : row.final;
  return { ...row, final, fixedAtAttempt: null };
}

const csvColumns = ['id', 'session_id', 'run_id', 'task_id', 'label', 'reviewer', 'note', 'code_sha256', 'created_at'];

export function reviewLabelsCsv(labels: readonly ReviewLabel[], field: (value: string) => string): string {
  const lines = [csvColumns.join(',')];
  for (const label of labels) {
    lines.push(
      [
        String(label.id),
        label.sessionId,
        label.runId ?? '',
        label.taskId ?? '',
        label.label,
        label.reviewer,
        label.note,
        label.codeSha256,
        label.createdAt,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

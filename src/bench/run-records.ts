// Runs in the store: one row per run with its config, manifest and status.
import { z } from 'zod';

import { FdspError } from '../errors/index.js';
import { statement, type Store } from '../store/index.js';
import { parseBenchConfig, type BenchConfig } from './config.js';

export type RunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted';

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

export const now = (): string => new Date().toISOString();

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
    store.db,
    `INSERT INTO bench_runs (id, created_at, updated_at, status, config_json, manifest_json, total_items)
       VALUES (?, ?, ?, 'running', ?, ?, ?)`,
  ).run(run.id, at, at, JSON.stringify(run.config), JSON.stringify(run.manifest), run.totalItems);
}

export function readRun(store: Store, runId: string): RunRecord {
  const row: unknown = statement(store.db, 'SELECT * FROM bench_runs WHERE id = ?').get(runId);
  if (row === undefined) {
    throw new FdspError('USAGE', `no run ${runId} in ${store.path}`, { hint: 'list the runs with `fdsp bench list`' });
  }
  return toRun(row);
}

export function listRuns(store: Store): RunSummary[] {
  const rows: unknown[] = statement(store.db, 'SELECT * FROM bench_runs ORDER BY created_at, rowid').all();
  const counts = new Map(
    z
      .array(z.object({ run_id: z.string(), n: z.number() }))
      .parse(statement(store.db, 'SELECT run_id, COUNT(*) AS n FROM bench_results GROUP BY run_id').all())
      .map((row) => [row.run_id, row.n]),
  );
  return rows.map((row) => {
    const run = toRun(row);
    return { ...run, committedItems: counts.get(run.id) ?? 0 };
  });
}

export function setRunStatus(store: Store, runId: string, status: RunStatus): void {
  statement(store.db, 'UPDATE bench_runs SET status = ?, updated_at = ? WHERE id = ?').run(status, now(), runId);
}

// Attempts: one row per process working on a run, so a second process is refused while the first lives and a
// killed one (kill -9) is closed as abandoned; the traces of work it never committed are removed on resume.
import os from 'node:os';

import { z } from 'zod';

import { FdspError } from '../errors/index.js';
import { statement, type Store } from '../store/index.js';
import { now } from './run-records.js';

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
          store.db,
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
      statement(store.db, "UPDATE bench_attempts SET finished_at = ?, outcome = 'abandoned' WHERE id = ?").run(
        now(),
        attempt.id,
      );
    }
    const at = now();
    const result = statement(
      store.db,
      'INSERT INTO bench_attempts (run_id, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)',
    ).run(runId, process.pid, os.hostname(), at, at);
    return Number(result.lastInsertRowid);
  });
}

export function heartbeat(store: Store, attemptId: number): void {
  statement(store.db, 'UPDATE bench_attempts SET heartbeat_at = ? WHERE id = ?').run(now(), attemptId);
}

export function finishAttempt(store: Store, attemptId: number, outcome: string): void {
  statement(store.db, 'UPDATE bench_attempts SET finished_at = ?, outcome = ? WHERE id = ?').run(
    now(),
    outcome,
    attemptId,
  );
}

export function countAttempts(store: Store, runId: string): number {
  return z
    .object({ n: z.number() })
    .parse(statement(store.db, 'SELECT COUNT(*) AS n FROM bench_attempts WHERE run_id = ?').get(runId)).n;
}

/** Traces of work an earlier attempt started but never committed: they must not count, so they go. */
export function deleteOrphanSessions(store: Store, runId: string): number {
  const result = statement(
    store.db,
    `DELETE FROM patch_sessions WHERE run_id = ?
         AND id NOT IN (SELECT session_id FROM bench_results WHERE run_id = ? AND session_id IS NOT NULL)
         AND id NOT IN (SELECT session_id FROM bench_generations WHERE run_id = ? AND session_id IS NOT NULL)`,
  ).run(runId, runId, runId);
  return result.changes;
}

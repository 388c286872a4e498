// kill -9 the built CLI at random points of a run, resume it, and compare with an uninterrupted run: every work item
// committed exactly once, the same results, and no partial trace left behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { cliPath, runFdsp, sharedDirectory } from '../../test/support/environment.js';
import { startStubServer, type StubServer } from '../llm/testing/index.js';
import { openStore } from '../store/index.js';
import { readSecurityEval, scriptedReply } from './testing.js';

const reference = readSecurityEval(sharedDirectory());
let server: StubServer;
let directory: string;

beforeAll(async () => {
  // Some latency so a run is still in flight when it is killed.
  server = await startStubServer({
    latencyMs: 40,
    handler: (request) => scriptedReply(request.messages.at(-1)?.content ?? '', reference),
  });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-kill-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

const environment = (): NodeJS.ProcessEnv => ({ OPENAI_API_KEY: 'stub-key', FDSP_SHARED: sharedDirectory() });

function runArguments(db: string): string[] {
  return [
    'bench',
    'run',
    '--dataset',
    'securityeval',
    '--strategies',
    'direct,self-debug,agent',
    '--model',
    'openai:stub-model',
    '--base-url',
    server.openaiBaseUrl,
    '--limit',
    '4',
    '--runs',
    '2',
    '--concurrency',
    '3',
    '--no-guards',
    '--db',
    db,
  ];
}

const resultRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  status: z.string(),
  final_code: z.string().nullable(),
});

function readResults(db: string): { runId: string; results: z.infer<typeof resultRow>[]; orphans: number } {
  const store = openStore(db);
  try {
    const runId = z.object({ id: z.string() }).parse(store.db.prepare('SELECT id FROM bench_runs').get()).id;
    const results = z
      .array(resultRow)
      .parse(
        store.db
          .prepare(
            'SELECT task_id, strategy, run_index, status, final_code FROM bench_results WHERE run_id = ? ORDER BY task_id, strategy, run_index',
          )
          .all(runId),
      );
    const orphans = z.object({ n: z.number() }).parse(
      store.db
        .prepare(
          `SELECT COUNT(*) AS n FROM patch_sessions WHERE run_id = ? AND id NOT IN
             (SELECT session_id FROM bench_results WHERE session_id IS NOT NULL UNION
              SELECT session_id FROM bench_generations WHERE session_id IS NOT NULL)`,
        )
        .get(runId),
    ).n;
    return { runId, results, orphans };
  } finally {
    store.close();
  }
}

function committedCount(db: string): number {
  try {
    const store = openStore(db);
    try {
      return z.object({ n: z.number() }).parse(store.db.prepare('SELECT COUNT(*) AS n FROM bench_results').get()).n;
    } finally {
      store.close();
    }
  } catch {
    return 0;
  }
}

/** Start the CLI and SIGKILL it once `threshold` results are committed (or when it finishes first). */
async function runAndKill(args: readonly string[], db: string, threshold: number): Promise<number | null> {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, ...environment() },
    stdio: 'ignore',
  });
  const state = { finished: false };
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      state.finished = true;
      resolve(code);
    });
  });
  const stillRunning = (): boolean => !state.finished;
  while (stillRunning() && committedCount(db) < threshold) await new Promise((resolve) => setTimeout(resolve, 20));
  if (stillRunning()) child.kill('SIGKILL');
  return exited;
}

describe('bench resume after kill -9', () => {
  it('ends with exactly the work items of an uninterrupted run, each once', async () => {
    const total = 4 * 3 * 2;
    const reference = path.join(directory, 'reference.db');
    const plain = await runFdsp(runArguments(reference), { env: environment() });
    expect(plain.code, plain.stderr).toBe(0);
    const expected = readResults(reference);
    expect(expected.results).toHaveLength(total);

    const db = path.join(directory, 'killed.db');
    // Random kill points after some results are committed, increasing so each attempt makes progress.
    const points = [
      1 + Math.floor(Math.random() * 6),
      8 + Math.floor(Math.random() * 6),
      16 + Math.floor(Math.random() * 5),
    ];
    await runAndKill(runArguments(db), db, points[0]!);
    const runId = readResults(db).runId;
    for (const point of points.slice(1)) await runAndKill(['bench', 'resume', runId, '--db', db], db, point);
    const resumed = await runFdsp(['bench', 'resume', runId, '--db', db], { env: environment() });
    expect(resumed.code, resumed.stderr).toBe(0);

    const actual = readResults(db);
    expect(actual.results).toHaveLength(total);
    const strip = (rows: typeof actual.results) =>
      rows.map(({ task_id, strategy, run_index, status, final_code }) => ({
        task_id,
        strategy,
        run_index,
        status,
        final_code,
      }));
    expect(strip(actual.results)).toEqual(strip(expected.results));
    expect(actual.orphans).toBe(0);
    const store = openStore(db);
    const abandoned = z
      .object({ n: z.number() })
      .parse(store.db.prepare("SELECT COUNT(*) AS n FROM bench_attempts WHERE outcome = 'abandoned'").get()).n;
    store.close();
    // At least one process really died mid-run (the others may have finished before their kill point).
    expect(abandoned).toBeGreaterThanOrEqual(1);

    const shown = await runFdsp(['bench', 'show', runId, '--db', db, '--format', 'json'], { env: environment() });
    expect(shown.code, shown.stderr).toBe(0);
    const report = z.object({ committedItems: z.number(), attempts: z.number() }).parse(JSON.parse(shown.stdout));
    expect(report.committedItems).toBe(total);
    expect(report.attempts).toBeGreaterThanOrEqual(2);
  });
});

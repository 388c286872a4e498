// The oracle policy through a whole run: real SQLite, real Bandit, real HTTP to the stub model server. The model writes
// code whose only findings are Bandit audit notes (subprocess imported and called in list form with a full path).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FdspError } from '../errors/index.js';
import { startStubServer, type StubServer } from '../llm/testing/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseBenchConfig } from './config.js';
import { buildRunReport } from './show.js';
import { listResults, readRun } from './run-store.js';
import { startRun } from './runner.js';
import { cleanRepair, fence } from './testing.js';

const auditNotesOnly =
  'import subprocess\n\n\ndef listing():\n    return subprocess.run(["/bin/ls", "-l"], check=True)\n';
const environment = { OPENAI_API_KEY: 'stub-key' };

let server: StubServer;
let directory: string;
let store: Store;
let dataset: string;

beforeAll(async () => {
  server = await startStubServer({
    handler: (request) =>
      fence((request.messages.at(-1)?.content ?? '').includes('Write the solution') ? auditNotesOnly : cleanRepair),
  });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-policy-'));
  store = openStore(path.join(directory, 'fdsp.db'));
  dataset = path.join(directory, 'listing.jsonl');
  writeFileSync(dataset, `${JSON.stringify({ id: 'list-files', prompt: 'List the files of the current folder.' })}\n`);
});
afterAll(async () => {
  store.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

function runConfig(policy: unknown) {
  return parseBenchConfig({
    dataset,
    strategies: ['direct'],
    model: 'openai:stub-model',
    baseUrl: server.openaiBaseUrl,
    guards: false,
    unitTests: false,
    ...(policy === undefined ? {} : { policy }),
  });
}

function scores(runId: string): { phase: string; finding_count: number }[] {
  return store.db
    .prepare(
      'SELECT phase, finding_count FROM bench_scores WHERE task_id = ? AND evaluation_id IN (SELECT id FROM bench_evaluations WHERE run_id = ?) ORDER BY phase',
    )
    .all('list-files', runId) as { phase: string; finding_count: number }[];
}

describe('bench under an oracle policy', () => {
  it('study (the default): the audit notes block, so the loop repairs and metrics count them', async () => {
    const config = runConfig(undefined);
    expect(config.policy).toBe('study');
    const outcome = await startRun(config, { store, environment });
    expect(outcome).toMatchObject({ status: 'complete', committed: 1 });
    const [result] = listResults(store, outcome.runId);
    expect(result?.iterations).toBeGreaterThan(0);
    expect(result?.final_code).toBe(cleanRepair);
    expect(scores(outcome.runId).find((score) => score.phase === 'generated')?.finding_count).toBe(2);
    expect(readRun(store, outcome.runId).manifest).toMatchObject({ parameters: { policy: 'study' } });
  });

  it('precise: advisory findings stop nothing — no repair call, and zero blocking findings in the metrics', async () => {
    const requestsBefore = server.requests.length;
    const outcome = await startRun(runConfig('precise'), { store, environment });
    expect(outcome).toMatchObject({ status: 'complete', committed: 1 });
    const [result] = listResults(store, outcome.runId);
    expect(result).toMatchObject({ status: 'secure', iterations: 0, final_code: auditNotesOnly });
    // One call: the generation (it may be a cache hit from the first run, so at most one request reached the server).
    expect(server.requests.length - requestsBefore).toBeLessThanOrEqual(1);
    expect(scores(outcome.runId).map((score) => score.finding_count)).toEqual([0, 0]);
    expect(readRun(store, outcome.runId).manifest).toMatchObject({ parameters: { policy: 'precise' } });
    expect(buildRunReport(store, outcome.runId).run.config.policy).toBe('precise');
  });

  it('names the key of a bad policy', () => {
    try {
      runConfig('lenient');
      expect.unreachable();
    } catch (error: unknown) {
      expect(FdspError.isInstance(error) && error.code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toMatch(/^config: policy: .*study.*precise/);
    }
  });
});

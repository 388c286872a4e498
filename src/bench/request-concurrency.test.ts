// The run's requested concurrency holds from the first call: with the stub answering after a second, a run at 32 must
// have 32 requests open at the server before the first answer comes back (so within its first second), and never
// more than 32. Counted on the server side: what the client really had open, not what its limiter believes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { inFlightProfile, startStubServer, type StubServer } from '../llm/testing/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseBenchConfig } from './config.js';
import { itemsInFlight } from './item-concurrency.js';
import { listResults } from './run-store.js';
import { startRun } from './runner.js';
import { readSecurityEval, scriptedReply } from './testing.js';

const shared = process.env.FDSP_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');
const reference = readSecurityEval(shared);

let server: StubServer;
let directory: string;
let store: Store;

beforeAll(async () => {
  server = await startStubServer({
    latencyMs: 1000,
    handler: (request) => scriptedReply(request.messages.at(-1)?.content ?? '', reference),
  });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-concurrency-'));
  store = openStore(path.join(directory, 'fdsp.db'));
});
afterAll(async () => {
  store.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('a run at concurrency 32', () => {
  it('has 32 requests in flight before its first answer, and never more', async () => {
    const config = parseBenchConfig({
      dataset: 'securityeval',
      datasetsDir: path.join(shared, 'datasets'),
      strategies: ['direct'],
      limit: 40,
      model: 'openai:stub-model',
      baseUrl: server.openaiBaseUrl,
      guards: false,
      unitTests: false,
      concurrency: 32,
    });
    const outcome = await startRun(config, { store, environment: { OPENAI_API_KEY: 'stub-key' } });
    expect(outcome).toMatchObject({ status: 'complete', committed: 40 });

    const changes = server.inFlightChanges;
    const firstAnswer = changes.findIndex(
      (change, index) => index > 0 && change.inFlight < (changes[index - 1]?.inFlight ?? 0),
    );
    expect(firstAnswer).toBeGreaterThan(0);
    const beforeFirstAnswer = Math.max(...changes.slice(0, firstAnswer).map((change) => change.inFlight));
    expect(beforeFirstAnswer).toBe(32);
    const whole = inFlightProfile(changes, changes[0]?.atMs ?? 0, changes.at(-1)?.atMs ?? 0);
    expect(whole.peak).toBe(32);
  });
});

describe('more work items than request slots', () => {
  it('keeps twice the request concurrency in items', () => {
    expect([1, 8, 32].map(itemsInFlight)).toEqual([2, 16, 64]);
  });

  let fast: StubServer;
  beforeAll(async () => {
    fast = await startStubServer({
      latencyMs: 20,
      handler: (request) => scriptedReply(request.messages.at(-1)?.content ?? '', reference),
    });
  });
  afterAll(async () => {
    await fast.close();
  });

  it('never opens more requests than asked, and commits what a run with one item at a time commits', async () => {
    const server = fast;
    const run = async (concurrency: number): Promise<unknown[]> => {
      const config = parseBenchConfig({
        dataset: 'securityeval',
        datasetsDir: path.join(shared, 'datasets'),
        strategies: ['direct', 'self-debug', 'agent'],
        limit: 6,
        model: 'openai:stub-model',
        baseUrl: server.openaiBaseUrl,
        guards: false,
        unitTests: false,
        concurrency,
        // Each run its own answers: a cache shared between the two would hide a difference in what was asked.
        seed: concurrency,
      });
      const outcome = await startRun(config, { store, environment: { OPENAI_API_KEY: 'stub-key' } });
      expect(outcome).toMatchObject({ status: 'complete', committed: 18 });
      return listResults(store, outcome.runId).map((result) => ({
        task: result.task_id,
        strategy: result.strategy,
        status: result.status,
        code: result.final_code,
        iterations: result.iterations,
        fixedAt: result.fixed_at_attempt,
      }));
    };
    const serial = await run(1);
    const serialCalls = server.requests.length;
    server.clearLog();
    const concurrent = await run(3);
    expect(concurrent).toEqual(serial);
    expect(server.requests.length).toBe(serialCalls);
    const whole = inFlightProfile(server.inFlightChanges, server.inFlightChanges[0]?.atMs ?? 0, performance.now());
    expect(whole.peak).toBe(3);
  });
});

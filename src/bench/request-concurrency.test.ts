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

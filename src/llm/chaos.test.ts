// The acceptance run: 500 calls at concurrency 32 against a server that answers 20% 429s, 10% 500s,
// 5% garbage bodies and 2% hangs. Every call must end in an answer or a recorded typed error; a repeated batch must
// be served from the cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openStore, type Store } from '../store/index.js';
import { usageTotals } from './accounting.js';
import { createLanguageModel, type ManagedLanguageModel } from './language-model.js';
import { startStubServer, type StubServer } from './testing/index.js';
import type { ChatResult, LlmErrorCode } from './types.js';

const calls = 500;
const typedCodes: readonly LlmErrorCode[] = ['rate-limited', 'server-error', 'timeout', 'connection', 'bad-response'];

describe('chaos: 500 calls through a faulty server', () => {
  let stub: StubServer;
  let directory: string;
  let store: Store;
  let model: ManagedLanguageModel;

  beforeAll(async () => {
    stub = await startStubServer({
      faults: { rateLimit: 0.2, serverError: 0.1, garbage: 0.05, hang: 0.02 },
      retryAfterMs: 5,
      seed: 42,
    });
    directory = mkdtempSync(path.join(tmpdir(), 'fdsp-chaos-'));
    store = openStore(path.join(directory, 'fdsp.db'));
    model = createLanguageModel('openai:gpt-4', {
      baseUrl: stub.openaiBaseUrl,
      apiKey: 'sk-chaos-test-key',
      store,
      environment: {},
      timeoutMs: 300,
      retry: { maxRetries: 12, baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 20 },
      concurrency: { requested: 32, min: 4, coolDownMs: 50 },
    });
  });
  afterAll(async () => {
    store.close();
    await stub.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const batch = (): Promise<ChatResult[]> =>
    Promise.all(
      Array.from({ length: calls }, (_unused, index) =>
        model.chat({
          messages: [{ role: 'user', content: `task ${String(index)}` }],
          runId: 'chaos',
          purpose: 'generate',
        }),
      ),
    );

  // One test: the suite shuffles test order, and the second half needs the first batch.
  it('ends every call with its own answer or a typed error, records each one, and caches the answers', async () => {
    const first = await batch();
    expect(first).toHaveLength(calls);
    first.forEach((result, index) => {
      if (result.ok) expect(result.text).toBe(`echo: task ${String(index)}`);
      else expect(typedCodes).toContain(result.error.code);
    });
    const totals = usageTotals(store, 'chaos');
    expect(totals.calls).toBe(calls);
    expect(totals.failures).toBe(first.filter((result) => !result.ok).length);
    // Faults really happened; every attempt is at most one HTTP request (an attempt that times out before its
    // connection opens under heavy machine load never reaches the server).
    expect(totals.retries).toBeGreaterThan(calls * 0.25);
    expect(stub.requests.length).toBeGreaterThan(calls);
    expect(stub.requests.length).toBeLessThanOrEqual(calls + totals.retries);
    // With 12 retries, the chance that a call fails at 37% faults per attempt is about 6e-6.
    expect(first.filter((result) => result.ok).length).toBeGreaterThanOrEqual(calls - 2);

    // The repeated identical batch: answered calls make no HTTP request.
    stub.clearLog();
    const second = await batch();
    const answeredBefore = first.filter((result) => result.ok).length;
    const answeredTasks = new Set(first.flatMap((result, index) => (result.ok ? [`task ${String(index)}`] : [])));
    const repeatedRequests = stub.requests.filter((request) =>
      request.messages.some((message) => answeredTasks.has(message.content)),
    );
    expect(repeatedRequests).toHaveLength(0);
    second.forEach((result, index) => {
      const before = first[index];
      if (before?.ok === true) expect(result).toMatchObject({ ok: true, cacheHit: true, text: before.text });
    });
    expect(usageTotals(store, 'chaos').cacheHits).toBe(answeredBefore);
  });
});

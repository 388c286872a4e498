import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openStore, type Store } from '../store/index.js';
import { usageTotals } from './accounting.js';
import { createLanguageModel, type LanguageModelOptions } from './language-model.js';
import { startStubServer, type StubServer } from './testing/index.js';
import type { ChatRequest } from './types.js';

let stub: StubServer;
let directory: string;
let store: Store;

beforeEach(async () => {
  stub = await startStubServer();
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-llm-'));
  store = openStore(path.join(directory, 'fdsp.db'));
});
afterEach(async () => {
  store.close();
  await stub.close();
  rmSync(directory, { recursive: true, force: true });
});

const fast = {
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  timeoutMs: 2000,
  environment: {},
} satisfies LanguageModelOptions;

function openai(options: LanguageModelOptions = {}): ReturnType<typeof createLanguageModel> {
  return createLanguageModel('openai:gpt-4', {
    ...fast,
    baseUrl: stub.openaiBaseUrl,
    apiKey: 'sk-test',
    store,
    ...options,
  });
}

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'You write Python.' },
    { role: 'user', content },
  ],
  ...extra,
});

describe('openai provider through the stub', () => {
  it('sends the messages and parameters and returns text, usage and cost', async () => {
    stub.enqueue({ kind: 'reply', text: 'print(1)', usage: { inputTokens: 1000, outputTokens: 500 } });
    const result = await openai().chat(ask('write hello', { parameters: { maxTokens: 64, seed: 7, stop: ['###'] } }));
    expect(result).toMatchObject({ ok: true, text: 'print(1)', usage: { inputTokens: 1000, outputTokens: 500 } });
    // gpt-4: $30 in / $60 out per million tokens.
    expect(result.ok && result.costUsd).toBeCloseTo(0.06, 10);
    const sent = stub.requests[0]!;
    expect(sent.route).toBe('openai');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({
      model: 'gpt-4',
      temperature: 1,
      max_tokens: 64,
      seed: 7,
      stop: ['###'],
      messages: [
        { role: 'system', content: 'You write Python.' },
        { role: 'user', content: 'write hello' },
      ],
    });
  });

  it('retries a 429 after its Retry-After and counts the retry', async () => {
    stub.enqueue({ kind: 'rate-limit', retryAfterMs: 30 }, 'fine');
    const started = Date.now();
    const result = await openai().chat(ask('x'));
    expect(result).toMatchObject({ ok: true, text: 'fine', retries: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(stub.requests).toHaveLength(2);
  });

  it.each([
    ['server-error', { kind: 'server-error' as const }],
    ['garbage body', { kind: 'garbage' as const }],
    ['connection reset', { kind: 'reset' as const }],
  ])('recovers from a %s', async (_name, step) => {
    stub.enqueue(step, 'recovered');
    const result = await openai().chat(ask('x'));
    expect(result).toMatchObject({ ok: true, text: 'recovered', retries: 1 });
  });

  it('times out a hung request and retries it', async () => {
    stub.enqueue({ kind: 'hang' }, 'after hang');
    const result = await openai({ timeoutMs: 150 }).chat(ask('x'));
    expect(result).toMatchObject({ ok: true, text: 'after hang', retries: 1 });
  });

  it('does not retry an auth failure and returns a typed error', async () => {
    stub.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided' });
    const result = await openai().chat(ask('x'));
    expect(result).toMatchObject({ ok: false, retries: 0, error: { code: 'auth', status: 401 } });
    expect(stub.requests).toHaveLength(1);
  });

  it('gives up after the retry budget with the last error code', async () => {
    stub.enqueue(...Array.from({ length: 10 }, () => ({ kind: 'server-error' as const })));
    const result = await openai({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } }).chat(ask('x'));
    expect(result).toMatchObject({ ok: false, retries: 3, error: { code: 'server-error', status: 500 } });
    expect(stub.requests).toHaveLength(4);
  });

  it('ends with aborted when the caller aborts during a hang', async () => {
    stub.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = openai({ timeoutMs: 10_000 }).chat(ask('x'), { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });

  it('fails with auth when there is no key and no base URL', async () => {
    const model = createLanguageModel('openai:gpt-4', { ...fast, store });
    const result = await model.chat(ask('x'));
    expect(result).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(result.ok ? '' : result.error.message).toContain('OPENAI_API_KEY');
  });

  it('reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment', async () => {
    const model = createLanguageModel('openai:gpt-4', {
      ...fast,
      environment: { OPENAI_BASE_URL: stub.openaiBaseUrl, OPENAI_API_KEY: 'sk-from-env' },
    });
    const result = await model.chat(ask('env'));
    expect(result).toMatchObject({ ok: true, text: 'echo: env' });
    expect(stub.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
  });
});

describe('cache', () => {
  it('answers a repeated request from the store without HTTP', async () => {
    const first = await openai().chat(ask('same'));
    const second = await openai().chat(ask('same'));
    expect(first).toMatchObject({ ok: true, cacheHit: false });
    expect(second).toMatchObject({ ok: true, cacheHit: true, text: first.ok ? first.text : '?' });
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps sample indices independent', async () => {
    stub.setHandler(() => `answer ${String(stub.requests.length)}`);
    const zero = await openai().chat(ask('same', { sampleIndex: 0 }));
    const one = await openai().chat(ask('same', { sampleIndex: 1 }));
    expect(stub.requests).toHaveLength(2);
    expect(zero.ok && one.ok && zero.text !== one.text).toBe(true);
  });

  it('distinguishes parameters', async () => {
    await openai().chat(ask('same', { parameters: { temperature: 0 } }));
    await openai().chat(ask('same', { parameters: { temperature: 0.5 } }));
    expect(stub.requests).toHaveLength(2);
  });

  it('calls every time with cache off', async () => {
    await openai({ cache: 'off' }).chat(ask('same'));
    await openai({ cache: 'off' }).chat(ask('same'));
    expect(stub.requests).toHaveLength(2);
  });

  it('fails with cache-miss in cache-only mode and never calls', async () => {
    const result = await openai({ cache: 'only' }).chat(ask('never asked'));
    expect(result).toMatchObject({ ok: false, error: { code: 'cache-miss' } });
    expect(stub.requests).toHaveLength(0);
    await openai().chat(ask('asked'));
    const cached = await openai({ cache: 'only' }).chat(ask('asked'));
    expect(cached).toMatchObject({ ok: true, cacheHit: true });
  });

  it('does not cache failures', async () => {
    stub.enqueue({ kind: 'error', status: 400, message: 'bad' });
    await openai().chat(ask('flaky'));
    const second = await openai().chat(ask('flaky'));
    expect(second).toMatchObject({ ok: true, cacheHit: false });
    expect(stub.requests).toHaveLength(2);
  });
});

describe('accounting', () => {
  it('records every call and totals it per run', async () => {
    stub.enqueue(
      { kind: 'reply', text: 'a', usage: { inputTokens: 10, outputTokens: 20 } },
      { kind: 'server-error' },
      { kind: 'reply', text: 'b', usage: { inputTokens: 1, outputTokens: 2 } },
      { kind: 'error', status: 400, message: 'nope' },
    );
    const model = openai();
    await model.chat(ask('one', { runId: 'run-a', purpose: 'generate' }));
    await model.chat(ask('two', { runId: 'run-a', purpose: 'repair' }));
    await model.chat(ask('one', { runId: 'run-a' }));
    await model.chat(ask('three', { runId: 'run-a' }));
    await model.chat(ask('other run', { runId: 'run-b' }));
    const totals = usageTotals(store, 'run-a');
    expect(totals).toMatchObject({
      calls: 4,
      failures: 1,
      cacheHits: 1,
      inputTokens: 21,
      outputTokens: 42,
      retries: 1,
    });
    expect(totals.costUsd).toBeCloseTo((11 * 30 + 22 * 60) / 1e6, 12);
    expect(usageTotals(store, 'run-b').calls).toBe(1);
    expect(usageTotals(store).calls).toBe(5);
  });

  it('records null cost for a model with no price and honours a user price', async () => {
    stub.enqueue({ kind: 'reply', text: 'a', usage: { inputTokens: 1_000_000, outputTokens: 0 } });
    const unpriced = createLanguageModel('openai:my-vllm-model', { ...fast, baseUrl: stub.openaiBaseUrl, store });
    const result = await unpriced.chat(ask('x', { runId: 'r' }));
    expect(result.ok && result.costUsd).toBeNull();
    expect(usageTotals(store, 'r').unpricedCalls).toBe(1);

    stub.enqueue({ kind: 'reply', text: 'a', usage: { inputTokens: 1_000_000, outputTokens: 0 } });
    const priced = createLanguageModel('openai:my-vllm-model', {
      ...fast,
      baseUrl: stub.openaiBaseUrl,
      store,
      prices: { 'openai:my-vllm-model': { inputPerMillion: 0.2, outputPerMillion: 0.4 } },
    });
    const second = await priced.chat(ask('y'));
    expect(second.ok && second.costUsd).toBeCloseTo(0.2, 10);
  });
});

describe('anthropic provider through the stub', () => {
  it('moves system messages to `system` and maps usage', async () => {
    stub.enqueue({ kind: 'reply', text: 'def f(): pass', usage: { inputTokens: 3, outputTokens: 4 } });
    const model = createLanguageModel('anthropic:claude-3-5-sonnet-latest', {
      ...fast,
      baseUrl: stub.url,
      apiKey: 'sk-ant-test',
      store,
    });
    const result = await model.chat(ask('write f', { parameters: { maxTokens: 100, stop: ['END'] } }));
    expect(result).toMatchObject({ ok: true, text: 'def f(): pass', usage: { inputTokens: 3, outputTokens: 4 } });
    const sent = stub.requests[0]!;
    expect(sent.route).toBe('anthropic');
    // The SDK sends the key as x-api-key or as a bearer token depending on its version.
    expect(sent.headers['x-api-key'] ?? sent.headers.authorization).toMatch(/sk-ant-test$/);
    expect(sent.body).toMatchObject({
      model: 'claude-3-5-sonnet-latest',
      system: 'You write Python.',
      max_tokens: 100,
      stop_sequences: ['END'],
      messages: [{ role: 'user', content: 'write f' }],
    });
  });

  it('retries 429 and 5xx', async () => {
    stub.enqueue({ kind: 'rate-limit', retryAfterSeconds: 0 }, { kind: 'server-error', status: 529 }, 'ok');
    const model = createLanguageModel('anthropic:claude-3-haiku-20240307', {
      ...fast,
      baseUrl: stub.url,
      apiKey: 'k-123456',
    });
    const result = await model.chat(ask('x'));
    expect(result).toMatchObject({ ok: true, text: 'ok', retries: 2 });
  });
});

/** Holds every answer until `open` requests are in flight at once (or a second has passed), so the peak the server
 * sees is the client's limit, whatever the machine's speed. */
function holdUntilOpen(open: number): void {
  stub.setHandler(async () => {
    const started = Date.now();
    while (stub.inFlight < open && Date.now() - started < 1000) await new Promise((resolve) => setTimeout(resolve, 5));
    return 'ok';
  });
}

const peakInFlight = (): number => Math.max(0, ...stub.inFlightChanges.map((change) => change.inFlight));

describe('concurrency per endpoint', () => {
  it('opens the requested number of requests at once and no more', async () => {
    holdUntilOpen(3);
    const model = openai({ concurrency: { requested: 3 }, cache: 'off' });
    const results = await Promise.all(
      Array.from({ length: 7 }, (_unused, index) => model.chat(ask(`n${String(index)}`))),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(peakInFlight()).toBe(3);
  });

  it('stays within OLLAMA_NUM_PARALLEL when it is set below the request', async () => {
    holdUntilOpen(2);
    const model = createLanguageModel('ollama:llama3', {
      ...fast,
      environment: { OLLAMA_NUM_PARALLEL: '2' },
      baseUrl: stub.url,
      concurrency: { requested: 8 },
    });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_unused, index) => model.chat(ask(`o${String(index)}`))),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(peakInFlight()).toBe(2);
  });
});

describe('ollama provider through the stub', () => {
  it('uses the native chat route with num_ctx and maps usage', async () => {
    stub.enqueue({ kind: 'reply', text: 'x = 1', usage: { inputTokens: 5, outputTokens: 6 } });
    const model = createLanguageModel('ollama:codellama:7b', { ...fast, baseUrl: stub.url, store });
    const result = await model.chat(ask('write', { parameters: { maxTokens: 50, seed: 3 } }));
    expect(result).toMatchObject({ ok: true, text: 'x = 1', usage: { inputTokens: 5, outputTokens: 6 }, costUsd: 0 });
    expect(stub.requests[0]?.body).toMatchObject({
      model: 'codellama:7b',
      stream: false,
      options: { num_ctx: 8192, num_predict: 50, seed: 3, temperature: 1 },
    });
  });

  it('retries 500s, resets and hangs', async () => {
    stub.enqueue({ kind: 'server-error' }, { kind: 'reset' }, { kind: 'hang' }, 'ok');
    const model = createLanguageModel('ollama:llama3', { ...fast, timeoutMs: 150, baseUrl: stub.url });
    const result = await model.chat(ask('x'));
    expect(result).toMatchObject({ ok: true, text: 'ok', retries: 3 });
  });

  it('reports a connection error when nothing listens', async () => {
    const model = createLanguageModel('ollama:llama3', {
      ...fast,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      baseUrl: 'http://127.0.0.1:9',
    });
    const result = await model.chat(ask('x'));
    expect(result).toMatchObject({ ok: false, error: { code: 'connection' }, retries: 1 });
  });
});

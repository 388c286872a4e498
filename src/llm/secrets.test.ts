// Keys come from env or options and must never reach disk: run the layer with a recognizable fake key through
// success, a server that echoes the key in its 401 body, retries, timeouts and cache-only misses, then read every
// file fdsp wrote.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, expect, it } from 'vitest';

import { defaultStorePath, openStore } from '../store/index.js';
import { createLanguageModel } from './language-model.js';
import { startStubServer, type StubServer } from './testing/index.js';
import type { ChatResult } from './types.js';

const fakeOpenAiKey = 'sk-fdspFAKEKEY-7c1e0b9a4d2f6e83';
const fakeAnthropicKey = 'ant-fdspFAKEKEY-58d3a1c09e7b';

let stub: StubServer;
let directory: string;

beforeEach(async () => {
  stub = await startStubServer();
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-secrets-'));
});
afterEach(async () => {
  await stub.close();
  rmSync(directory, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const full = path.join(root, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

it('never writes an API key to the store, its WAL, or any returned error', async () => {
  const environment = { OPENAI_API_KEY: fakeOpenAiKey, ANTHROPIC_API_KEY: fakeAnthropicKey, FDSP_DB: 'state/fdsp.db' };
  const store = openStore(defaultStorePath(environment, directory));
  const fast = { store, environment, timeoutMs: 200, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } };
  const openai = createLanguageModel('openai:gpt-4', { ...fast, baseUrl: stub.openaiBaseUrl });
  const anthropic = createLanguageModel('anthropic:claude-3-haiku-20240307', { ...fast, baseUrl: stub.url });

  stub.enqueue(
    'print("ok")',
    { kind: 'error', status: 401, message: `Incorrect API key provided: ${fakeOpenAiKey}. Check your key.` },
    { kind: 'rate-limit', retryAfterMs: 1 },
    { kind: 'hang' },
    'after faults',
    { kind: 'error', status: 403, message: `key ${fakeAnthropicKey} (Bearer ${fakeAnthropicKey}) lacks permission` },
  );
  const results: ChatResult[] = [];
  const ask = (content: string): { messages: { role: 'user'; content: string }[]; runId: string } => ({
    messages: [{ role: 'user', content }],
    runId: 'secrets',
  });
  results.push(await openai.chat(ask('one')));
  results.push(await openai.chat(ask('two')));
  results.push(await openai.chat(ask('three')));
  results.push(await anthropic.chat(ask('four')));
  results.push(await createLanguageModel('openai:gpt-4', { ...fast, cache: 'only' }).chat(ask('never')));
  store.close();

  // The key really was used and really was echoed back, so the checks below can fail.
  expect(stub.requests.some((request) => request.headers.authorization === `Bearer ${fakeOpenAiKey}`)).toBe(true);
  const authFailure = results[1];
  expect(authFailure).toMatchObject({ ok: false, error: { code: 'auth' } });
  expect(authFailure?.ok === false && authFailure.error.message).toContain('Incorrect API key provided: [redacted]');
  expect(results[3]).toMatchObject({ ok: false, error: { code: 'auth', status: 403 } });

  for (const result of results) {
    const text = JSON.stringify(result);
    expect(text).not.toContain(fakeOpenAiKey);
    expect(text).not.toContain(fakeAnthropicKey);
  }

  const written = filesUnder(directory);
  expect(written.some((file) => file.endsWith('fdsp.db'))).toBe(true);
  const storedMessages = readFileSync(written.find((file) => file.endsWith('fdsp.db'))!).toString('latin1');
  expect(storedMessages).toContain('Incorrect API key provided');
  for (const file of written) {
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes, file).not.toContain(fakeOpenAiKey);
    expect(bytes, file).not.toContain(fakeAnthropicKey);
    expect(bytes, file).not.toContain(fakeOpenAiKey.slice(0, 14));
  }
});

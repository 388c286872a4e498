// The OpenAI-compatible client against the real stub server, side by side with the official SDK it replaced: the
// same request body, the same error messages, the organization and project headers, and each failure as its code.
import OpenAI, { APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startStubServer, type StubServer } from '../testing/index.js';
import type { GenerationParameters } from '../types.js';
import { completionAttempt, createOpenAiProvider, statusErrorMessage } from './openai.js';
import type { ProviderClient } from './types.js';

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

async function client(environment: Record<string, string> = {}): Promise<ProviderClient> {
  const setup = await createOpenAiProvider({
    model: 'gpt-4',
    baseUrl: stub.openaiBaseUrl,
    apiKey: 'sk-test',
    timeoutMs: 2000,
    environment,
    modelDirectory: undefined,
  });
  if (!setup.ok) throw new Error(setup.message);
  return setup.client;
}

const messages = [
  { role: 'system' as const, content: 'You write Python.' },
  { role: 'user' as const, content: 'write hello é' },
];

describe('the OpenAI-compatible client', () => {
  it.each<[string, GenerationParameters]>([
    ['every parameter', { temperature: 0.5, topP: 0.9, maxTokens: 64, seed: 7, stop: ['###'] }],
    ['the study default only', { temperature: 1 }],
    ['none', {}],
  ])('sends the body the SDK sent (%s)', async (_name, parameters) => {
    const ours = await (await client()).doChat({ messages, parameters, signal: new AbortController().signal });
    expect(ours).toMatchObject({ ok: true, text: 'echo: write hello é' });
    const sdk = new OpenAI({ apiKey: 'sk-test', baseURL: stub.openaiBaseUrl, maxRetries: 0 });
    await sdk.chat.completions.create({
      model: 'gpt-4',
      messages,
      ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
      ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      ...(parameters.maxTokens === undefined ? {} : { max_tokens: parameters.maxTokens }),
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
      ...(parameters.stop === undefined ? {} : { stop: [...parameters.stop] }),
    });
    const [mine, theirs] = stub.requests;
    expect(JSON.stringify(mine?.body)).toBe(JSON.stringify(theirs?.body));
    expect(mine?.headers.authorization).toBe(theirs?.headers.authorization);
    expect(mine?.headers['content-type']).toBe('application/json');
  });

  it('sends the organization and project the environment names, as the SDK does', async () => {
    const environment = { OPENAI_ORG_ID: 'org-1', OPENAI_PROJECT_ID: 'proj-1' };
    await (await client(environment)).doChat({ messages, parameters: {}, signal: new AbortController().signal });
    expect(stub.requests[0]?.headers).toMatchObject({ 'openai-organization': 'org-1', 'openai-project': 'proj-1' });
    await (await client()).doChat({ messages, parameters: {}, signal: new AbortController().signal });
    expect(stub.requests[1]?.headers['openai-organization']).toBeUndefined();
  });

  it('turns each failure into its code, with the Retry-After of a 429', async () => {
    stub.enqueue(
      { kind: 'rate-limit', retryAfterMs: 1500 },
      { kind: 'error', status: 401, message: 'Incorrect API key provided' },
      { kind: 'server-error', status: 503 },
      { kind: 'garbage' },
      { kind: 'reset' },
    );
    const openai = await client();
    const outcomes = [];
    for (let call = 0; call < 5; call += 1) {
      outcomes.push(await openai.doChat({ messages, parameters: {}, signal: new AbortController().signal }));
    }
    expect(outcomes).toMatchObject([
      { ok: false, code: 'rate-limited', status: 429, retryAfterMs: 1500, message: '429 Rate limit reached, slow down' },
      { ok: false, code: 'auth', status: 401, message: '401 Incorrect API key provided' },
      { ok: false, code: 'server-error', status: 503 },
      { ok: false, code: 'bad-response' },
      { ok: false, code: 'connection' },
    ]);
  });

  it('ends a request its signal aborts as aborted', async () => {
    stub.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = (await client()).doChat({ messages, parameters: {}, signal: controller.signal });
    setImmediate(() => {
      controller.abort();
    });
    expect(await pending).toMatchObject({ ok: false, code: 'aborted' });
  });

  it('refuses a base URL that is not http(s) before any request', async () => {
    const setup = await createOpenAiProvider({
      model: 'm',
      baseUrl: 'ftp://example.org/v1',
      apiKey: 'k',
      timeoutMs: 1000,
      environment: {},
      modelDirectory: undefined,
    });
    expect(setup).toMatchObject({ ok: false, code: 'bad-request' });
  });
});

describe('statusErrorMessage', () => {
  // The SDK's own message for the same status and body, so stored error messages read as before.
  const sdkMessage = (status: number, text: string): string => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const error: unknown = typeof json === 'object' && json !== null && 'error' in json ? json.error : undefined;
    return new APIError(
      status,
      typeof error === 'object' || typeof error === 'string' ? Object(error) : undefined,
      json === undefined ? text : undefined,
      new Headers(),
    ).message;
  };

  it.each([
    ['an error with a message', 400, '{"error":{"message":"bad model","type":"invalid_request_error"}}'],
    ['an error whose message is an object', 400, '{"error":{"message":{"why":"no"}}}'],
    ['an error without a message', 500, '{"error":{"type":"server_error"}}'],
    ['an error that is a string', 500, '{"error":"overloaded"}'],
    ['JSON without an error', 502, '{"detail":"gateway"}'],
    ['a body that is not JSON', 502, '<html>Bad gateway</html>'],
    ['no body', 503, ''],
  ])('reads %s as the SDK does', (_name, status, text) => {
    expect(statusErrorMessage(status, text)).toBe(sdkMessage(status, text));
  });

  it('keeps an unparseable 200 a bad response rather than a crash', () => {
    expect(completionAttempt({ kind: 'answer', status: 200, headers: {}, text: '{"choices": [' }, 0)).toMatchObject({
      ok: false,
      code: 'bad-response',
    });
  });
});

// The SDKs' transport against the real stub server: the answers, statuses, headers and failures it hands the SDK
// must be the ones the global fetch hands it, since the SDKs' error classes (and so the retry decisions) hang on them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startStubServer, type StubServer } from '../testing/index.js';
import { nodeHttpFetch } from './node-http-fetch.js';

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

const chat = (fetchImpl: typeof fetch, init: RequestInit = {}): Promise<Response> =>
  fetchImpl(`${stub.openaiBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test': 'yes' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'ping é' }] }),
    ...init,
  });

async function shape(response: Response): Promise<unknown> {
  return {
    status: response.status,
    ok: response.ok,
    type: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after-ms'),
    body: await response.text(),
  };
}

describe('nodeHttpFetch', () => {
  it('sends the method, headers and body, and answers as the global fetch does', async () => {
    const ours = await shape(await chat(nodeHttpFetch));
    const theirs = await shape(await chat(fetch));
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ status: 200, body: expect.stringContaining('echo: ping é') as unknown });
    expect(stub.requests[0]).toMatchObject({ method: 'POST', headers: { 'x-test': 'yes' }, model: 'm' });
  });

  it('sends a Headers object (what the SDKs pass) exactly as the same headers given as a plain object', async () => {
    const given = new Headers({ 'Content-Type': 'application/json', 'X-Test': 'yes' });
    given.append('x-test', 'again');
    await chat(nodeHttpFetch, { headers: given });
    await chat(nodeHttpFetch, { headers: { 'content-type': 'application/json', 'x-test': 'yes, again' } });
    const [fromObject, fromPlain] = stub.requests.map((request) => ({
      type: request.headers['content-type'],
      test: request.headers['x-test'],
    }));
    expect(fromObject).toEqual({ type: 'application/json', test: 'yes, again' });
    expect(fromObject).toEqual(fromPlain);
  });

  it('passes error statuses and their headers through (a 429 keeps its retry-after)', async () => {
    stub.enqueue({ kind: 'rate-limit', retryAfterMs: 1500 }, { kind: 'rate-limit', retryAfterMs: 1500 });
    const ours = await shape(await chat(nodeHttpFetch));
    expect(ours).toEqual(await shape(await chat(fetch)));
    expect(ours).toMatchObject({ status: 429, ok: false, retryAfter: '1500' });
  });

  it('rejects with an AbortError when its signal aborts mid-request', async () => {
    stub.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = chat(nodeHttpFetch, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(chat(nodeHttpFetch, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a reset connection with the TypeError fetch gives, and a refused one too', async () => {
    stub.enqueue({ kind: 'reset' });
    await expect(chat(nodeHttpFetch)).rejects.toBeInstanceOf(TypeError);
    const closed = await startStubServer();
    const url = `${closed.openaiBaseUrl}/chat/completions`;
    await closed.close();
    await expect(nodeHttpFetch(url, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(TypeError);
  });
});

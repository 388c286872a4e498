import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startStubServer, type StubServer } from './stub-server.js';

let stub: StubServer;
beforeEach(async () => {
  stub = await startStubServer();
});
afterEach(async () => {
  await stub.close();
});

const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test': 'yes' },
    body: JSON.stringify(body),
  });

describe('stub server', () => {
  it('listens on 127.0.0.1, logs parsed bodies and headers, and echoes by default', async () => {
    expect(stub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await post(`${stub.openaiBaseUrl}/chat/completions`, {
      model: 'm',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ choices: [{ message: { content: 'echo: ping' } }] });
    expect(stub.requests[0]).toMatchObject({ route: 'openai', model: 'm', headers: { 'x-test': 'yes' } });
  });

  it('serves the queue first, then the handler', async () => {
    stub.enqueue('queued');
    stub.setHandler((request) => `handled ${String(request.messages.length)}`);
    const body = { model: 'm', messages: [{ role: 'user', content: 'a' }] };
    const first: unknown = await (await post(`${stub.url}/api/chat`, body)).json();
    const second: unknown = await (await post(`${stub.url}/api/chat`, body)).json();
    expect(first).toMatchObject({ message: { content: 'queued' }, done: true });
    expect(second).toMatchObject({ message: { content: 'handled 1' } });
  });

  it('normalizes Anthropic system prompts into the message log', async () => {
    await post(`${stub.url}/v1/messages`, {
      model: 'c',
      system: 'be safe',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    });
    expect(stub.requests[0]?.messages).toEqual([
      { role: 'system', content: 'be safe' },
      { role: 'user', content: 'x' },
    ]);
  });

  it('scripts 429 with Retry-After, 500 and garbage bodies', async () => {
    stub.enqueue(
      { kind: 'rate-limit', retryAfterSeconds: 7 },
      { kind: 'server-error', status: 503 },
      { kind: 'garbage' },
    );
    const body = { model: 'm', messages: [] };
    const limited = await post(`${stub.openaiBaseUrl}/chat/completions`, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await post(`${stub.openaiBaseUrl}/chat/completions`, body)).status).toBe(503);
    const garbage = await post(`${stub.openaiBaseUrl}/chat/completions`, body);
    expect(garbage.status).toBe(200);
    await expect(garbage.json()).rejects.toThrow();
  });

  it('hangs until the client gives up, and resets connections', async () => {
    stub.enqueue({ kind: 'hang' }, { kind: 'reset' });
    const body = JSON.stringify({ model: 'm', messages: [] });
    const hung = fetch(`${stub.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(100),
    });
    await expect(hung).rejects.toThrow();
    await expect(fetch(`${stub.openaiBaseUrl}/chat/completions`, { method: 'POST', body })).rejects.toThrow(
      'fetch failed',
    );
  });

  it('draws faults at the configured rates', async () => {
    await stub.close();
    stub = await startStubServer({ faults: { serverError: 1 } });
    expect((await post(`${stub.openaiBaseUrl}/chat/completions`, { messages: [] })).status).toBe(500);
    stub.setFaults(undefined);
    expect((await post(`${stub.openaiBaseUrl}/chat/completions`, { messages: [] })).status).toBe(200);
  });

  it('answers 404 on unknown routes', async () => {
    expect((await post(`${stub.url}/v2/other`, {})).status).toBe(404);
  });
});

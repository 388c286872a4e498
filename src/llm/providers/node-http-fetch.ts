// The `fetch` the provider SDKs are given: a buffered request over Node's own http/https clients with one keep-alive
// agent per process, answered with a standard Response. Node's global fetch (undici) runs every call through the
// WHATWG machinery (Request and Headers objects, abort-signal plumbing, a web stream for the body); profiled on the
// 121-item agent run at concurrency 32 it was about a third of the runner's CPU, on a run that is CPU-bound between
// answers. Model requests are one JSON body and one JSON answer, so nothing here streams; any other kind of body
// (a stream, form data) goes to the global fetch unchanged.
import http from 'node:http';
import https from 'node:https';

const agents = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

/** What fetch rejects with when its signal aborts: an AbortError, as the SDKs' abort and timeout checks expect. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error && signal.reason.name === 'AbortError'
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

function requestUrl(input: string | URL | Request): URL | undefined {
  if (typeof input === 'string') return new URL(input);
  if (input instanceof URL) return input;
  return undefined;
}

function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] ?? '', raw[index + 1] ?? '');
  return headers;
}

/** A status that must come without a body, as the Response constructor requires. */
const bodiless = new Set([101, 204, 205, 304]);

export const nodeHttpFetch: typeof fetch = (input, init = {}) => {
  const url = requestUrl(input);
  const body = init.body;
  const plainBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
  if (url === undefined || !plainBody || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return fetch(input, init);
  }
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(signal));
      return;
    }
    const headers: Record<string, string> = {};
    // The SDKs hand over a Headers object already normalized: read it as is rather than copy it into a new one
    // (which validates every name and value again, on each call).
    const given = init.headers;
    (given instanceof Headers ? given : new Headers(given)).forEach((value, name) => {
      headers[name] = value;
    });
    const secure = url.protocol === 'https:';
    const request = (secure ? https : http).request(
      url,
      { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', fail);
        response.once('aborted', () => {
          fail(new Error('the connection closed before the answer was complete'));
        });
        response.once('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const status = response.statusCode ?? 500;
          resolve(
            new Response(bodiless.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: response.statusMessage ?? '',
              headers: responseHeaders(response.rawHeaders),
            }),
          );
        });
      },
    );
    function fail(cause: unknown): void {
      signal?.removeEventListener('abort', onAbort);
      // fetch's own shape for a network failure, which the SDKs turn into their connection errors.
      reject(new TypeError('fetch failed', { cause }));
    }
    function onAbort(): void {
      request.destroy();
      if (signal !== undefined) reject(abortError(signal));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('error', fail);
    request.end(body ?? undefined);
  });
};

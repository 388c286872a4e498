// One JSON POST over Node's own http/https clients and the process's keep-alive agents, answered as a value: the
// status, the headers and the body text, or why no answer came (aborted, connection failed). No WHATWG objects
// (Request, Headers, Response, a web stream for the body): an OpenAI-compatible chat completion is one JSON body each
// way, and on the 121-item agent run at concurrency 32 the SDK's request building plus a fetch Response per call were
// the largest share of the main thread's CPU between answers (bench:transport prints the side-by-side ratio).
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

import { keepAliveAgents } from './keep-alive-agents.js';

export type JsonPostOutcome =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly text: string;
    }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'connection'; readonly message: string };

export interface JsonPost {
  readonly url: URL;
  /** The serialized JSON body. */
  readonly body: string;
  /** Sent as given; content-type, accept and content-length are set here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

/** Never rejects: a failure to get an answer is a value, an HTTP error status is an answer. */
export function postJson(post: JsonPost): Promise<JsonPostOutcome> {
  const { url, body, signal } = post;
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    let settled = false;
    const settle = (outcome: JsonPostOutcome): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const secure = url.protocol === 'https:';
    const request = (secure ? https : http).request(
      url,
      {
        method: 'POST',
        agent: secure ? keepAliveAgents.https : keepAliveAgents.http,
        headers: {
          ...post.headers,
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error: Error) => {
          settle({ kind: 'connection', message: error.message });
        });
        response.once('aborted', () => {
          settle({ kind: 'connection', message: 'the connection closed before the answer was complete' });
        });
        response.once('end', () => {
          settle({
            kind: 'answer',
            status: response.statusCode ?? 500,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    function onAbort(): void {
      request.destroy();
      settle({ kind: 'aborted' });
    }
    signal.addEventListener('abort', onAbort, { once: true });
    request.once('error', (error: Error) => {
      settle(signal.aborted ? { kind: 'aborted' } : { kind: 'connection', message: error.message });
    });
    request.end(body);
  });
}

/** A header's one value (Node joins repeated ones into an array only for a few names). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

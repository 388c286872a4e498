// The stub model server on its own worker thread. In the same thread as the client, every answer the stub parses,
// delays and serializes is CPU charged to the client's event loop, and its socket reads wait behind the client's
// work — a real model runs elsewhere. A benchmark that judges the client's overhead runs the stub here instead.
// Handlers are functions, which cannot cross threads: the worker imports `handlerModule` and calls its
// `createHandler(handlerData)` export to build one.
import { Worker } from 'node:worker_threads';

import { z } from 'zod';

import type { InFlightChange } from './stub-server.js';

export interface StubServerThreadOptions {
  readonly latencyMs?: number;
  /** A module URL (file: URL of compiled JavaScript) whose `createHandler(data)` returns a StubHandler. */
  readonly handlerModule?: URL;
  /** Structured-cloneable data for `createHandler`. */
  readonly handlerData?: unknown;
}

export interface StubServerThreadLog {
  readonly requests: number;
  /** Every change of the requests in flight, on this (the caller's) thread's `performance.now()` clock. */
  readonly inFlightChanges: readonly InFlightChange[];
}

export interface StubServerThread {
  readonly url: string;
  readonly openaiBaseUrl: string;
  /** The server's log so far (requests received, in-flight changes). */
  log(): Promise<StubServerThreadLog>;
  close(): Promise<void>;
}

const readySchema = z.object({ type: z.literal('ready'), url: z.string(), openaiBaseUrl: z.string() });
const logSchema = z.object({
  type: z.literal('log'),
  requests: z.number().int(),
  /** Worker-clock milliseconds; `timeOrigin` maps them onto this thread's clock. */
  timeOrigin: z.number(),
  inFlightChanges: z.array(z.object({ atMs: z.number(), inFlight: z.number().int() })),
});

export async function startStubServerThread(options: StubServerThreadOptions = {}): Promise<StubServerThread> {
  const worker = new Worker(new URL('./stub-server-thread-worker.js', import.meta.url), {
    workerData: {
      latencyMs: options.latencyMs,
      handlerModule: options.handlerModule?.href,
      handlerData: options.handlerData,
    },
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      resolve();
    });
  });
  const next = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      const onMessage = (message: unknown): void => {
        worker.off('error', onError);
        resolve(message);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
  const ready = readySchema.parse(await next());
  return {
    url: ready.url,
    openaiBaseUrl: ready.openaiBaseUrl,
    log: async () => {
      const answer = next();
      worker.postMessage('log');
      const log = logSchema.parse(await answer);
      const shift = log.timeOrigin - performance.timeOrigin;
      return {
        requests: log.requests,
        inFlightChanges: log.inFlightChanges.map((change) => ({
          atMs: change.atMs + shift,
          inFlight: change.inFlight,
        })),
      };
    },
    close: async () => {
      worker.postMessage('close');
      await exited;
    },
  };
}

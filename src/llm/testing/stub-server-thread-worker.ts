// The worker side of stub-server-thread.ts: starts the stub server, answers 'log' with its log and 'close' by
// closing it (the thread then ends, having nothing left to do).
import { parentPort, workerData } from 'node:worker_threads';

import { z } from 'zod';

import { startStubServer, type StubHandler } from './stub-server.js';

const dataSchema = z.object({
  latencyMs: z.number().optional(),
  handlerModule: z.string().optional(),
  handlerData: z.unknown(),
});

const handlerModuleSchema = z.object({
  createHandler: z.custom<(data: unknown) => StubHandler>((value) => typeof value === 'function'),
});

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('stub-server-thread-worker runs as a worker thread');
  const data = dataSchema.parse(workerData);
  let handler: StubHandler | undefined;
  if (data.handlerModule !== undefined) {
    const loaded = handlerModuleSchema.parse(await import(data.handlerModule));
    // The module's contract (createHandler returns a StubHandler) is its own; zod checks only that it exports one.
    handler = loaded.createHandler(data.handlerData);
  }
  const server = await startStubServer({
    ...(data.latencyMs === undefined ? {} : { latencyMs: data.latencyMs }),
    ...(handler === undefined ? {} : { handler }),
  });
  port.on('message', (message: unknown) => {
    if (message === 'log') {
      port.postMessage({
        type: 'log',
        requests: server.requests.length,
        timeOrigin: performance.timeOrigin,
        inFlightChanges: server.inFlightChanges,
      });
    } else if (message === 'close') {
      void server.close().then(() => {
        port.close();
      });
    }
  });
  port.postMessage({ type: 'ready', url: server.url, openaiBaseUrl: server.openaiBaseUrl });
}

await main();

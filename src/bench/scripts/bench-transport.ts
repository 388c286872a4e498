// npm run bench:transport — the OpenAI-compatible transport side by side: the same chat completions through the
// OpenAI SDK with Node's global fetch, through the SDK with fdsp's node:http fetch (providers/node-http-fetch.ts, what
// the Anthropic provider still uses), and through fdsp's own client (providers/openai.ts over json-post.ts, what the
// openai provider uses), against the stub server on its own worker thread at concurrency 32, in alternating rounds.
// Prints the main thread's CPU time per call (the stub's is on another thread) and the ratios; the first round is a
// warm-up, and it is the one a short run lives in.
import OpenAI from 'openai';

import { createOpenAiProvider } from '../../llm/providers/openai.js';
import { nodeHttpFetch } from '../../llm/providers/node-http-fetch.js';
import { startStubServerThread, type StubServerThread } from '../../llm/testing/index.js';
import { mainThreadCpu } from './cpu-time.js';

const concurrency = 32;
const calls = 640;
const rounds = 3;
/** About a repair prompt's size. */
const prompt = 'def handler(request):\n    return request.args["q"]\n'.repeat(60);
const messages = [{ role: 'user' as const, content: prompt }];

type Transport = () => Promise<string | null | undefined>;

function sdkTransport(server: StubServerThread, transport: typeof fetch | undefined): Transport {
  const client = new OpenAI({
    apiKey: 'stub-key',
    baseURL: server.openaiBaseUrl,
    maxRetries: 0,
    ...(transport === undefined ? {} : { fetch: transport }),
  });
  return async () =>
    (await client.chat.completions.create({ model: 'stub-model', messages, temperature: 1 })).choices[0]?.message
      .content;
}

async function fdspTransport(server: StubServerThread): Promise<Transport> {
  const setup = await createOpenAiProvider({
    model: 'stub-model',
    baseUrl: server.openaiBaseUrl,
    apiKey: 'stub-key',
    timeoutMs: 60_000,
    environment: {},
    modelDirectory: undefined,
  });
  if (!setup.ok) throw new Error(setup.message);
  const client = setup.client;
  return async () => {
    const outcome = await client.doChat({
      messages,
      parameters: { temperature: 1 },
      signal: new AbortController().signal,
    });
    return outcome.ok ? outcome.text : undefined;
  };
}

async function cpuPerCall(send: Transport, count: number): Promise<number> {
  let next = 0;
  const before = mainThreadCpu();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const text = await send();
        if (typeof text !== 'string' || !text.startsWith('echo:')) throw new Error('the stub answered something else');
      }
    }),
  );
  return (mainThreadCpu() - before) / count;
}

async function main(): Promise<void> {
  const server = await startStubServerThread({ latencyMs: 20 });
  try {
    const transports = [
      sdkTransport(server, undefined),
      sdkTransport(server, nodeHttpFetch),
      await fdspTransport(server),
    ];
    process.stdout.write(
      `bench:transport: ${String(calls)} chat completions per round at concurrency ${String(concurrency)}, stub ` +
        `latency 20 ms on its own thread; main-thread CPU ms per call (SDK + global fetch | SDK + node:http fetch | ` +
        `fdsp's client | SDK + node:http ÷ fdsp's)\n`,
    );
    for (let round = 0; round < rounds; round += 1) {
      const count = round === 0 ? 200 : calls;
      const [global = 0, sdk = 0, ours = 0] = await transports.reduce<Promise<number[]>>(
        async (done, send) => [...(await done), await cpuPerCall(send, count)],
        Promise.resolve([]),
      );
      process.stdout.write(
        `  round ${String(round + 1)}${round === 0 ? ' (warm-up, 200 calls: where a short run lives)' : ''}: ` +
          `${global.toFixed(2)} | ${sdk.toFixed(2)} | ${ours.toFixed(2)} | ${(sdk / ours).toFixed(2)}×\n`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();

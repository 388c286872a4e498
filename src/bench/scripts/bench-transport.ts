// npm run bench:transport — the provider SDK's HTTP transport side by side: the same chat completions through the
// OpenAI SDK with Node's global fetch and with fdsp's node:http fetch (providers/node-http-fetch.ts), against the
// stub server at concurrency 32, in alternating rounds. Prints the process's CPU time per call (the in-process stub
// server's share, the same for both, included) and the ratio; the first round is a warm-up.
import OpenAI from 'openai';

import { nodeHttpFetch } from '../../llm/providers/node-http-fetch.js';
import { startStubServer, type StubServer } from '../../llm/testing/index.js';

const concurrency = 32;
const calls = 640;
const rounds = 3;
/** About a repair prompt's and a fenced answer's size. */
const prompt = 'def handler(request):\n    return request.args["q"]\n'.repeat(60);
const answer = '```python\nimport subprocess\n\n\ndef run(args):\n    return subprocess.run(args, check=True)\n```\n';

async function cpuPerCall(server: StubServer, transport: typeof fetch | undefined, count: number): Promise<number> {
  const client = new OpenAI({
    apiKey: 'stub-key',
    baseURL: server.openaiBaseUrl,
    maxRetries: 0,
    ...(transport === undefined ? {} : { fetch: transport }),
  });
  let next = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const completion = await client.chat.completions.create({
          model: 'stub-model',
          messages: [{ role: 'user', content: prompt }],
        });
        if (completion.choices[0]?.message.content !== answer) throw new Error('the stub answered something else');
      }
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

async function main(): Promise<void> {
  const server = await startStubServer({ latencyMs: 50, handler: () => answer });
  try {
    process.stdout.write(
      `bench:transport: ${String(calls)} chat completions per round at concurrency ${String(concurrency)}, ` +
        `stub latency 50 ms; CPU ms per call (global fetch | node:http fetch | ratio)\n`,
    );
    for (let round = 0; round < rounds; round += 1) {
      const count = round === 0 ? 200 : calls;
      const global = await cpuPerCall(server, undefined, count);
      const ours = await cpuPerCall(server, nodeHttpFetch, count);
      process.stdout.write(
        `  round ${String(round + 1)}${round === 0 ? ' (warm-up: the first column also warms the SDK)' : ''}: ${global.toFixed(2)} | ${ours.toFixed(2)} | ` +
          `${(global / ours).toFixed(2)}×\n`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();

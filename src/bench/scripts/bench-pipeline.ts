// npm run bench:pipeline — the harness at scale: all 121 SecurityEval tasks × the six strategies through `fdsp`'s
// runner against the stub server answering after 200 ms, at concurrency 32. Prints the wall time against the
// LLM-bound critical path (the work items' sequential model calls × 200 ms, list-scheduled on 32 slots exactly as the
// runner schedules them, generation shared per task), then an identical re-run, which the LLM cache must serve with
// zero model calls.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { startStubServer } from '../../llm/testing/index.js';
import { openStore, type Store } from '../../store/index.js';
import { repairStrategyNames } from '../../strategies/types.js';
import { parseBenchConfig } from '../config.js';
import { listGenerations, listResults } from '../run-store.js';
import { startRun } from '../runner.js';
import { packageRoot } from '../../support/package-root.js';

const latencyMs = 200;
const concurrency = 32;

const shared = process.env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared');
const tasks = readFileSync(path.join(shared, 'datasets/securityeval/dataset.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => z.object({ ID: z.string(), Prompt: z.string(), Insecure_code: z.string() }).parse(JSON.parse(line)));

const fence = (code: string): string => `\`\`\`python\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\n`;

/** Generation returns the dataset's insecure code; every repair returns clean code, so each strategy makes a known
 * number of sequential calls on vulnerable code (direct 1, self-debug 2, bandit-feedback 1, verbalize 2, fdsp 3,
 * agent 1) and none on clean code. */
function reply(prompt: string): string {
  if (prompt.includes('Complete the following Python code')) {
    return fence(tasks.find((task) => prompt.includes(task.Prompt.trim()))?.Insecure_code ?? 'pass\n');
  }
  if (prompt.includes('distinct potential solutions')) return 'Solution 1: a.\nSolution 2: b.\nSolution 3: c.';
  if (prompt.includes('Do not write code')) return 'The report says the input reaches a dangerous call.';
  if (prompt.includes('Explain the code line by line')) return 'Line by line, the code reads input and uses it.';
  return fence('def handle(value):\n    return str(value)\n');
}

/** The makespan of the runner's schedule with zero CPU cost: items in plan order on `slots` slots; an item waits for
 * its task's shared generation (started by the first item to need it), then makes its own calls. */
export function criticalPathMs(
  items: readonly { readonly group: string; readonly calls: number }[],
  generationCalls: ReadonlyMap<string, number>,
  slots: number,
  callMs: number,
): number {
  const free = Array.from({ length: slots }, () => 0);
  const generationEnd = new Map<string, number>();
  let makespan = 0;
  for (const item of items) {
    const slot = free.indexOf(Math.min(...free));
    const start = free[slot] ?? 0;
    let ready = generationEnd.get(item.group);
    if (ready === undefined) {
      ready = start + (generationCalls.get(item.group) ?? 0) * callMs;
      generationEnd.set(item.group, ready);
    }
    const end = Math.max(start, ready) + item.calls * callMs;
    free[slot] = end;
    makespan = Math.max(makespan, end);
  }
  return makespan;
}

/** Calls that reached the model: a cache hit inside the first run would cost no 200 ms, so it must not lengthen
 * the critical path the wall time is judged against. */
function sessionCalls(store: Store, sessionId: string | null): number {
  if (sessionId === null) return 0;
  return z
    .object({ n: z.number() })
    .parse(
      store.db
        .prepare('SELECT COUNT(*) AS n FROM patch_llm_calls WHERE session_id = ? AND cache_hit = 0')
        .get(sessionId),
    ).n;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-bench-pipeline-'));
  const server = await startStubServer({
    latencyMs,
    handler: (request) => reply(request.messages.at(-1)?.content ?? ''),
  });
  const store = openStore(path.join(directory, 'fdsp.db'));
  try {
    const config = parseBenchConfig({
      dataset: 'securityeval',
      strategies: [...repairStrategyNames],
      model: 'openai:stub-model',
      concurrency,
      baseUrl: server.openaiBaseUrl,
      guards: false,
      unitTests: false,
    });
    const environment = { OPENAI_API_KEY: 'stub-key' };
    process.stdout.write(
      `bench:pipeline: ${String(tasks.length)} SecurityEval tasks × ${String(repairStrategyNames.length)} strategies, ` +
        `stub latency ${String(latencyMs)} ms, concurrency ${String(concurrency)}, ${String(os.availableParallelism())} cores\n`,
    );

    const firstStarted = performance.now();
    const first = await startRun(config, { store, environment });
    const firstWall = performance.now() - firstStarted;
    const firstCalls = server.requests.length;

    const generationCalls = new Map(
      listGenerations(store, first.runId).map((generation) => [
        JSON.stringify([generation.taskId, generation.runIndex]),
        sessionCalls(store, generation.sessionId),
      ]),
    );
    const order = new Map(tasks.map((task, index) => [task.ID, index]));
    const strategyOrder = new Map(repairStrategyNames.map((name, index) => [name as string, index]));
    const items = listResults(store, first.runId)
      .sort(
        (a, b) =>
          a.run_index - b.run_index ||
          (order.get(a.task_id) ?? 0) - (order.get(b.task_id) ?? 0) ||
          (strategyOrder.get(a.strategy) ?? 0) - (strategyOrder.get(b.strategy) ?? 0),
      )
      .map((result) => ({
        group: JSON.stringify([result.task_id, result.run_index]),
        calls: sessionCalls(store, result.session_id),
      }));
    const critical = criticalPathMs(items, generationCalls, concurrency, latencyMs);
    const sequentialCalls =
      items.reduce((sum, item) => sum + item.calls, 0) + [...generationCalls.values()].reduce((a, b) => a + b, 0);

    process.stdout.write(
      `first run ${first.runId}: ${first.status}, ${String(first.committed)}/${String(first.total)} items, ` +
        `${String(firstCalls)} model calls (${String(sequentialCalls)} in committed traces)\n` +
        `  wall ${(firstWall / 1000).toFixed(2)} s, LLM-bound critical path ${(critical / 1000).toFixed(2)} s, ` +
        `ratio ${(firstWall / critical).toFixed(2)}× (target ≤ 1.2×)\n`,
    );

    const secondStarted = performance.now();
    const second = await startRun(config, { store, environment });
    const secondWall = performance.now() - secondStarted;
    const secondCalls = server.requests.length - firstCalls;
    process.stdout.write(
      `identical re-run ${second.runId}: ${second.status}, ${String(second.committed)}/${String(second.total)} items, ` +
        `${String(secondCalls)} model calls (target 0)\n` +
        `  wall ${(secondWall / 1000).toFixed(2)} s = ${((secondWall / firstWall) * 100).toFixed(1)}% of the first ` +
        `(target ≤ 10%)\n`,
    );
    if (first.status !== 'complete' || second.status !== 'complete') process.exitCode = 1;
  } finally {
    store.close();
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();

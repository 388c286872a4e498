// npm run bench:pipeline — the harness at scale against the stub server answering after 200 ms, at concurrency 32:
// first a short run (121 SecurityEval tasks × one strategy, `agent`), where a limit that ramps up slowly would show,
// then the long run (121 tasks × the six strategies). Each is printed against its LLM-bound makespan (the work items'
// sequential model calls × 200 ms, scheduled as the runner schedules them with zero CPU cost — 64 items in flight,
// 32 request slots, generation shared per task: makespan.ts), with the requests the stub server had in flight over the run (peak and time-weighted mean). Then an
// identical re-run of the long one, which the LLM cache must serve with zero model calls. The stub model runs on
// its own worker thread, as a real model runs elsewhere: its CPU is not charged to fdsp's event loop, and the main
// thread's CPU is printed apart from the process's.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import {
  idleSlots,
  inFlightProfile,
  startStubServerThread,
  timeToReach,
  type StubServerThread,
  type StubServerThreadLog,
} from '../../llm/testing/index.js';
import { openStore, type Store } from '../../store/index.js';
import { repairStrategyNames, type RepairStrategyName } from '../../strategies/types.js';
import { parseBenchConfig, type BenchConfig } from '../config.js';
import { listGenerations, listResults } from '../run-store.js';
import { itemsInFlight } from '../item-concurrency.js';
import { startRun, type RunOutcome } from '../runner.js';
import { readSecurityEval } from '../testing.js';
import { packageRoot } from '../../support/package-root.js';
import { mainThreadCpu, reapedChildrenCpu } from './cpu-time.js';
import { llmBoundMakespanMs } from './makespan.js';

const latencyMs = 200;
const concurrency = 32;

const shared = process.env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared');
/** Generation returns the dataset's insecure code; every repair returns clean code, so each strategy makes a known
 * number of sequential calls on vulnerable code (direct 1, self-debug 2, bandit-feedback 1, verbalize 2, fdsp 3,
 * agent 1) and none on clean code. */
const tasks = readSecurityEval(shared);

/** Calls that reached the model, per session of the run: a cache hit inside the first run would cost no 200 ms, so
 * it must not lengthen the critical path the wall time is judged against. */
function modelCallsBySession(store: Store, runId: string): ReadonlyMap<string, number> {
  const rows = z.array(z.object({ session_id: z.string(), n: z.number() })).parse(
    store.db
      .prepare(
        `SELECT c.session_id, COUNT(*) AS n FROM patch_llm_calls c JOIN patch_sessions s ON s.id = c.session_id
           WHERE s.run_id = ? AND c.cache_hit = 0 GROUP BY c.session_id`,
      )
      .all(runId),
  );
  return new Map(rows.map((row) => [row.session_id, row.n]));
}

interface Measured {
  readonly outcome: RunOutcome;
  /** From startRun's call to its return: the dataset, prompts and analyzers starting, then the run. */
  readonly totalMs: number;
  /** performance.now() when startRun returned. */
  readonly endedAt: number;
  readonly calls: number;
  readonly criticalMs: number;
  readonly itemBoundMs: number;
  readonly sequentialCalls: number;
  /** This process's CPU time (user + system) over startRun, every thread: fdsp's, the stub server's thread, the
   * checkpoint worker's. */
  readonly cpuMs: number;
  /** The main thread's alone: fdsp's event loop, where the run's critical path is. */
  readonly mainCpuMs: number;
  /** The Bandit workers' (reaped when the run closes its analyzer). */
  readonly banditCpuMs: number;
  /** The stub server's log after the run. */
  readonly log: StubServerThreadLog;
}

/** The makespan the run is judged against, from the calls its committed traces really made. */
function makespanOf(store: Store, runId: string, strategies: readonly RepairStrategyName[]) {
  const calls = modelCallsBySession(store, runId);
  const sessionCalls = (sessionId: string | null): number => (sessionId === null ? 0 : (calls.get(sessionId) ?? 0));
  const generationCalls = new Map(
    listGenerations(store, runId).map((generation) => [
      JSON.stringify([generation.taskId, generation.runIndex]),
      sessionCalls(generation.sessionId),
    ]),
  );
  const order = new Map(tasks.map((task, index) => [task.id, index]));
  const strategyOrder = new Map(strategies.map((name, index) => [name as string, index]));
  const items = listResults(store, runId)
    .sort(
      (a, b) =>
        a.run_index - b.run_index ||
        (order.get(a.task_id) ?? 0) - (order.get(b.task_id) ?? 0) ||
        (strategyOrder.get(a.strategy) ?? 0) - (strategyOrder.get(b.strategy) ?? 0),
    )
    .map((result) => ({
      group: JSON.stringify([result.task_id, result.run_index]),
      calls: sessionCalls(result.session_id),
    }));
  return {
    criticalMs: llmBoundMakespanMs(items, generationCalls, {
      itemWorkers: itemsInFlight(concurrency),
      requestSlots: concurrency,
      callMs: latencyMs,
    }),
    // The same calls scheduled with as many items as request slots, as the runner did before it kept more items.
    itemBoundMs: llmBoundMakespanMs(items, generationCalls, {
      itemWorkers: concurrency,
      requestSlots: concurrency,
      callMs: latencyMs,
    }),
    sequentialCalls:
      items.reduce((sum, item) => sum + item.calls, 0) + [...generationCalls.values()].reduce((a, b) => a + b, 0),
  };
}

async function measure(server: StubServerThread, store: Store, config: BenchConfig): Promise<Measured> {
  const callsBefore = (await server.log()).requests;
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpu();
  const banditBefore = reapedChildrenCpu();
  const started = performance.now();
  const outcome = await startRun(config, { store, environment: { OPENAI_API_KEY: 'stub-key' } });
  const endedAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const mainCpuMs = mainThreadCpu() - mainBefore;
  const banditCpuMs = reapedChildrenCpu() - banditBefore;
  const log = await server.log();
  const totalMs = endedAt - started;
  const strategies = config.strategies.filter((name): name is RepairStrategyName => name !== 'detect');
  return {
    outcome,
    totalMs,
    endedAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainCpuMs,
    banditCpuMs,
    log,
    calls: log.requests - callsBefore,
    ...makespanOf(store, outcome.runId, strategies),
  };
}

function configFor(server: StubServerThread, strategies: readonly RepairStrategyName[]): BenchConfig {
  return parseBenchConfig({
    dataset: 'securityeval',
    strategies: [...strategies],
    model: 'openai:stub-model',
    concurrency,
    baseUrl: server.openaiBaseUrl,
    guards: false,
    unitTests: false,
  });
}

function describeRun(label: string, run: Measured, target: number): string {
  // The run's own wall time (RunOutcome.wallMs: from its first work item to its last commit) against the makespan;
  // the set-up before it (dataset, prompts, Bandit's workers) is printed apart.
  const wall = run.outcome.wallMs;
  const end = run.endedAt;
  const from = end - wall;
  const profile = inFlightProfile(run.log.inFlightChanges, from, end);
  const reach = timeToReach(run.log.inFlightChanges, concurrency, from);
  return (
    `${label} ${run.outcome.runId}: ${run.outcome.status}, ${String(run.outcome.committed)}/${String(run.outcome.total)} items, ` +
    `${String(run.calls)} model calls (${String(run.sequentialCalls)} in committed traces)\n` +
    `  wall ${(wall / 1000).toFixed(2)} s (+ ${((run.totalMs - wall) / 1000).toFixed(2)} s set-up), LLM-bound makespan ` +
    `${(run.criticalMs / 1000).toFixed(2)} s, ratio ${(wall / run.criticalMs).toFixed(2)}× (target ≤ ${target.toFixed(1)}×)\n` +
    `  with set-up ${(run.totalMs / 1000).toFixed(2)} s, ratio ${(run.totalMs / run.criticalMs).toFixed(2)}×; ` +
    `(${String(itemsInFlight(concurrency))} items on ${String(concurrency)} request slots; the makespan with as many ` +
    `items as slots, as the runner scheduled before: ${(run.itemBoundMs / 1000).toFixed(2)} s, ratio ` +
    `${(wall / run.itemBoundMs).toFixed(2)}×)\n` +
    `  requests in flight: peak ${String(profile.peak)}, mean ${profile.mean.toFixed(1)} of ${String(concurrency)}; ` +
    `${String(concurrency)} open ${reach === undefined ? 'never' : `${reach.toFixed(0)} ms after the run began`}\n` +
    idleLine(run, from, end) +
    cpuLine(run)
  );
}

/** Where the wall time beyond full slots went: the ramp (until the first answer, by when every slot should be
 * open), idle slots while requests were still to send, the drain after the last one left, and the close after the last answer (each idle slot-ms ÷ slots). */
function idleLine(run: Measured, from: number, end: number): string {
  const idle = idleSlots(run.log.inFlightChanges, concurrency, from, end);
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return (
    `  wall = ${s(idle.fullMs)} with every slot full (${String(run.calls)} calls × ${String(latencyMs)} ms ÷ ` +
    `${String(concurrency)}, plus the stub's own time) + idle slots: ramp ${s(idle.rampLostMs)} (its first ` +
    `${idle.rampMs.toFixed(0)} ms), steady ${s(idle.steadyLostMs)}, drain ${s(idle.drainLostMs)}, close ${s(idle.closeMs)}\n`
  );
}

/** CPU time is less noisy than wall time on a shared machine: other work stretches the wall, not this. */
function cpuLine(run: Measured): string {
  const perItem = (ms: number): string => (ms / Math.max(1, run.outcome.total)).toFixed(2);
  return (
    `  main thread CPU ${run.mainCpuMs.toFixed(0)} ms: ${perItem(run.mainCpuMs)} ms per item` +
    (run.calls === 0 ? '' : `, ${(run.mainCpuMs / run.calls).toFixed(2)} ms per model call`) +
    `; the process's ${run.cpuMs.toFixed(0)} ms (other threads: the stub model's, checkpoints, libuv); ` +
    `Bandit workers ${run.banditCpuMs.toFixed(0)} ms\n`
  );
}

/** A fresh stub server and store per measured run: its own endpoint (so its own limiter) and an empty LLM cache. */
async function withFreshRun<T>(work: (server: StubServerThread, store: Store) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-bench-pipeline-'));
  const server = await startStubServerThread({
    latencyMs,
    handlerModule: new URL('./securityeval-stub-handler.js', import.meta.url),
    handlerData: { shared },
  });
  const store = openStore(path.join(directory, 'fdsp.db'));
  try {
    return await work(server, store);
  } finally {
    store.close();
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** `--only short|long` runs one of the two (e.g. under `node --cpu-prof`); the default runs both. */
function onlyRun(args: readonly string[]): 'short' | 'long' | undefined {
  const at = args.indexOf('--only');
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === 'short' || value === 'long') return value;
  process.stderr.write('bench:pipeline: --only takes short or long\n');
  process.exit(2);
}

async function main(): Promise<void> {
  const [load1, load5] = os.loadavg();
  process.stdout.write(
    `bench:pipeline: ${String(tasks.length)} SecurityEval tasks, stub latency ${String(latencyMs)} ms, concurrency ` +
      `${String(concurrency)}, ${String(os.availableParallelism())} cores, load average ${(load1 ?? 0).toFixed(1)} / ` +
      `${(load5 ?? 0).toFixed(1)} (1 / 5 min: other work on the machine stretches the CPU-bound part); the stub ` +
      `model answers from its own worker thread, as a real model answers from elsewhere\n`,
  );
  const only = onlyRun(process.argv.slice(2));
  const runs: Measured[] = [];
  if (only !== 'long') {
    const short = await withFreshRun(async (server, store) => {
      const run = await measure(server, store, configFor(server, ['agent']));
      process.stdout.write(describeRun('short run (agent only)', run, 1.2));
      return run;
    });
    runs.push(short);
  }
  if (only === 'short') {
    if (runs.some((run) => run.outcome.status !== 'complete')) process.exitCode = 1;
    return;
  }
  const long = await withFreshRun(async (server, store) => {
    const config = configFor(server, repairStrategyNames);
    const first = await measure(server, store, config);
    process.stdout.write(describeRun('long run (six strategies)', first, 1.1));
    const second = await measure(server, store, config);
    process.stdout.write(
      `identical re-run ${second.outcome.runId}: ${second.outcome.status}, ${String(second.outcome.committed)}/` +
        `${String(second.outcome.total)} items, ${String(second.calls)} model calls (target 0)\n` +
        `  wall ${(second.totalMs / 1000).toFixed(2)} s = ${((second.totalMs / first.totalMs) * 100).toFixed(1)}% of ` +
        `the first (target ≤ 10%): the run ${(second.outcome.wallMs / 1000).toFixed(2)} s + set-up and close ` +
        `${((second.totalMs - second.outcome.wallMs) / 1000).toFixed(2)} s\n` +
        cpuLine(second),
    );
    return [first, second] as const;
  });
  if ([...runs, ...long].some((run) => run.outcome.status !== 'complete')) process.exitCode = 1;
}

await main();

// npm run bench:scan — the Bandit engine against the bandit CLI, side by side, on ../shared/labelled, with ruff's S
// rules (the speed reference a developer would pick) and the builtin analyzer in the same run.
//   node dist/bench/scripts/bench-scan.js [--rounds N] [--per-file-sample N] [--cache-semgrep]
// Each round runs the CLI over all files in one process and then the warm pool's batch, so load from other work on
// the machine hits both alike; the medians over the rounds are reported with the load average, because one round on a
// shared machine says little. Besides wall time it splits CPU time (Linux /proc): the CLI's, the workers' and this
// process's own per file, which shows where the batch loses against two ideal workers whatever the load.
// The pool's efficiency = CLI ms/file ÷ (pool ms/file × workers): 1 means each worker is as fast as the whole CLI.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify, parseArgs } from 'node:util';

import { createBanditEngine } from '../../analyzers/bandit/index.js';
import { createBuiltinAnalyzer } from '../../analyzers/builtin/index.js';
import { createRuffAnalyzer } from '../../analyzers/ruff/index.js';
import type { Analyzer, SourceFile } from '../../analyzers/types.js';
import { collectSources } from '../../sources/index.js';
import { engineVenvExecutable } from '../../support/engine-venv.js';
import { packageRoot } from '../../support/package-root.js';
import { benchScanCache } from './bench-scan-cache.js';
import { liveChildrenCpu, ownCpu, reapedChildrenCpu } from './cpu-time.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'per-file-sample': { type: 'string', default: '20' },
    'cache-semgrep': { type: 'boolean', default: false },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const perFileSample = Math.max(1, Number(values['per-file-sample']));

/** The middle of the rounds (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function banditCli(args: readonly string[]): Promise<void> {
  // bandit exits 1 when it finds issues; only a missing binary is a failure here
  // the same Bandit the engine runs by default: setup's pinned one, else Debian's
  await run(engineVenvExecutable('bandit') ?? 'bandit', ['--ignore-nosec', '-q', '-f', 'json', ...args], {
    maxBuffer: 64 << 20,
  }).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') throw error;
  });
}

/** One batch through an analyzer after a warm-up scan: ms per file and findings. */
async function timeBatch(analyzer: Analyzer, files: readonly SourceFile[]): Promise<{ ms: number; findings: number }> {
  try {
    await analyzer.scan(files.slice(0, 8));
    const started = performance.now();
    const results = await analyzer.scan(files);
    const ms = (performance.now() - started) / files.length;
    return { ms, findings: results.reduce((total, result) => total + result.findings.length, 0) };
  } finally {
    await analyzer.close();
  }
}

interface Round {
  readonly cliMs: number;
  readonly cliCpu: number;
  readonly poolMs: number;
  readonly workersCpu: number;
  readonly nodeCpu: number;
}

async function main(): Promise<void> {
  const target = path.resolve(process.env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared'), 'labelled');
  const files = (await collectSources([target])).flatMap((item) => (item.kind === 'file' ? [item.file] : []));
  const count = files.length;
  const workers = os.availableParallelism();
  const loadBefore = os.loadavg();
  console.log(
    `bench:scan — ${String(count)} files under ${target}, ${String(workers)} cores, ${String(rounds)} rounds, ` +
      `load average ${loadBefore.map((value) => value.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`,
  );

  // A process per file costs seconds on a loaded machine for every file; a sample is enough for its ms/file.
  const sample = files.filter((_file, index) => index % Math.max(1, Math.floor(count / perFileSample)) === 0);
  let started = performance.now();
  for (const file of sample.slice(0, perFileSample)) await banditCli([file.path]);
  const cliPerFile = (performance.now() - started) / Math.min(perFileSample, sample.length);

  const engine = createBanditEngine({ warm: true });
  try {
    started = performance.now();
    await engine.version();
    const startupMs = performance.now() - started;
    await engine.scan(files.slice(0, 8 * workers)); // every worker up and warm

    const measured: Round[] = [];
    let findings = 0;
    for (let round = 0; round < rounds; round += 1) {
      const cliCpuBefore = reapedChildrenCpu();
      started = performance.now();
      await banditCli(['-r', target]);
      const cliMs = performance.now() - started;
      const cliCpu = reapedChildrenCpu() - cliCpuBefore;

      const workersBefore = liveChildrenCpu();
      const nodeBefore = ownCpu();
      started = performance.now();
      const results = await engine.scan(files);
      const poolMs = performance.now() - started;
      measured.push({
        cliMs,
        cliCpu,
        poolMs,
        workersCpu: liveChildrenCpu() - workersBefore,
        nodeCpu: ownCpu() - nodeBefore,
      });
      findings = results.reduce((total, result) => total + result.findings.length, 0);
      console.log(
        `  round ${String(round + 1)}: CLI ${(cliMs / count).toFixed(2)} ms/file, pool ${(poolMs / count).toFixed(2)} ` +
          `ms/file, ${(cliMs / poolMs).toFixed(2)}×, load ${(os.loadavg()[0] ?? 0).toFixed(1)}`,
      );
    }

    const single: number[] = [];
    for (const file of files) {
      const begin = performance.now();
      await engine.scanOne(file);
      single.push(performance.now() - begin);
    }
    single.sort((a, b) => a - b);
    const p50 = percentile(single, 0.5);

    const perFile = (pick: (round: Round) => number): number => median(measured.map(pick)) / count;
    const cliBatch = perFile((round) => round.cliMs);
    const engineBatch = perFile((round) => round.poolMs);
    const ratios = measured.map((round) => round.cliMs / round.poolMs).sort((a, b) => a - b);
    const ratio = median(ratios);

    const ruffAnalyzer = createRuffAnalyzer();
    const ruffVersion = await ruffAnalyzer.version();
    const ruff = await timeBatch(ruffAnalyzer, files);
    const builtin = await timeBatch(createBuiltinAnalyzer(), files);
    const banditVersion = await engine.version();

    const sampled = Math.min(perFileSample, sample.length);
    const rows: [string, number, number | undefined][] = [
      [`bandit ${banditVersion} CLI, one process per file (${String(sampled)} files)`, cliPerFile, undefined],
      [`bandit ${banditVersion} CLI, one process for all files (median)`, cliBatch, undefined],
      [`fdsp bandit engine ${banditVersion}, batch (warm pool, median)`, engineBatch, findings],
      [`fdsp bandit engine, one at a time (p50; p95 ${percentile(single, 0.95).toFixed(2)})`, p50, undefined],
      [`ruff ${ruffVersion} --select S, one process for all files`, ruff.ms, ruff.findings],
      ['fdsp builtin analyzer, batch', builtin.ms, builtin.findings],
    ];
    console.log(`\n${'way'.padEnd(62)} ${'ms/file'.padStart(9)} ${'files/s'.padStart(9)} ${'findings'.padStart(9)}`);
    for (const [name, ms, found] of rows)
      console.log(
        `${name.padEnd(62)} ${ms.toFixed(2).padStart(9)} ${(1000 / ms).toFixed(0).padStart(9)} ${(found === undefined ? '' : String(found)).padStart(9)}`,
      );
    console.log(
      `ratio ruff batch vs fdsp bandit batch: ${(engineBatch / ruff.ms).toFixed(1)}x; builtin vs bandit: ${(engineBatch / builtin.ms).toFixed(1)}x`,
    );

    const cliCpu = perFile((round) => round.cliCpu);
    const workersCpu = perFile((round) => round.workersCpu);
    const nodeCpu = perFile((round) => round.nodeCpu);
    console.log(
      `\nCPU ms/file (median): CLI ${cliCpu.toFixed(2)}; pool workers ${workersCpu.toFixed(2)} (all workers together) + ` +
        `this process ${nodeCpu.toFixed(2)}; the workers were busy ` +
        `${(100 * median(measured.map((round) => round.workersCpu / (round.poolMs * workers)))).toFixed(0)}% ` +
        `of ${String(workers)} × the batch's wall time`,
    );
    console.log(
      `engine startup (first worker ready): ${startupMs.toFixed(0)} ms; findings in batch: ${String(findings)}`,
    );
    console.log(
      `ratio one-at-a-time p50 vs process per file: ${(cliPerFile / p50).toFixed(1)}x faster (target >= 30x, p50 <= 5 ms)`,
    );
    console.log(
      `ratio batch vs bandit CLI batch: median ${ratio.toFixed(2)}x (rounds ${ratios.map((value) => value.toFixed(2)).join(', ')}; ` +
        `target >= 1.8x on 2 cores); batch throughput ${(1000 / engineBatch).toFixed(0)} files/s`,
    );
    console.log(
      `pool efficiency: CLI ms/file ÷ (pool ms/file × ${String(workers)} workers) = ${(ratio / workers).toFixed(2)} ` +
        `(median over the rounds; 1.00 = each worker as fast as the whole CLI)`,
    );
    // CPU time is what a busy machine shares out; on idle cores the batch's wall time approaches its CPU time spread
    // over the workers, so this ratio is what the same code would reach there.
    console.log(
      `CPU-time ratio: CLI CPU ÷ (pool CPU ÷ ${String(workers)}) = ${(cliCpu / ((workersCpu + nodeCpu) / workers)).toFixed(2)}x ` +
        `(the wall-time ratio an idle ${String(workers)}-core machine would approach)`,
    );
    console.log(
      `load average after: ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' / ')}`,
    );
  } finally {
    await engine.close();
  }
  await benchScanCache(files, { semgrep: values['cache-semgrep'] });
}

await main();

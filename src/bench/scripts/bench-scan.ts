// npm run bench:scan — the Bandit engine against the bandit CLI, side by side in one run, on ../shared/labelled, with
// ruff's S rules (the speed reference a developer would pick) and the builtin analyzer in the same run.
// Prints ms per file, files/s and findings for each way, and the ratios the foundation issue targets.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createBanditEngine } from '../../analyzers/bandit/index.js';
import { createBuiltinAnalyzer } from '../../analyzers/builtin/index.js';
import { createRuffAnalyzer } from '../../analyzers/ruff/index.js';
import type { Analyzer, SourceFile } from '../../analyzers/types.js';
import { collectSources } from '../../sources/index.js';
import { engineVenvExecutable } from '../../support/engine-venv.js';
import { packageRoot } from '../../support/package-root.js';
import { benchScanCache } from './bench-scan-cache.js';

const run = promisify(execFile);

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

async function main(): Promise<void> {
  const target = path.resolve(process.env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared'), 'labelled');
  const files = (await collectSources([target])).flatMap((item) => (item.kind === 'file' ? [item.file] : []));
  const count = files.length;
  console.log(`bench:scan — ${count} files under ${target}, ${availableParallelism()} cores`);

  let started = performance.now();
  for (const file of files) await banditCli([file.path]);
  const cliPerFile = (performance.now() - started) / count;

  started = performance.now();
  await banditCli(['-r', target]);
  const cliBatch = (performance.now() - started) / count;

  const engine = createBanditEngine();
  try {
    started = performance.now();
    await engine.version();
    const startupMs = performance.now() - started;
    await engine.scan(files.slice(0, 8)); // warm every worker

    started = performance.now();
    const batchResults = await engine.scan(files);
    const engineBatch = (performance.now() - started) / count;

    const single: number[] = [];
    for (const file of files) {
      const begin = performance.now();
      await engine.scanOne(file);
      single.push(performance.now() - begin);
    }
    single.sort((a, b) => a - b);
    const p50 = percentile(single, 0.5);
    const findings = batchResults.reduce((total, result) => total + result.findings.length, 0);

    const ruffAnalyzer = createRuffAnalyzer();
    const ruffVersion = await ruffAnalyzer.version();
    const ruff = await timeBatch(ruffAnalyzer, files);
    const builtin = await timeBatch(createBuiltinAnalyzer(), files);
    const banditVersion = await engine.version();

    const rows: [string, number, number | undefined][] = [
      [`bandit ${banditVersion} CLI, one process per file`, cliPerFile, undefined],
      [`bandit ${banditVersion} CLI, one process for all files`, cliBatch, undefined],
      [`fdsp bandit engine ${banditVersion}, batch (warm pool)`, engineBatch, findings],
      [`fdsp bandit engine, one at a time (p50; p95 ${percentile(single, 0.95).toFixed(2)})`, p50, undefined],
      [`ruff ${ruffVersion} --select S, one process for all files`, ruff.ms, ruff.findings],
      ['fdsp builtin analyzer, batch', builtin.ms, builtin.findings],
    ];
    console.log(`\n${'way'.padEnd(58)} ${'ms/file'.padStart(9)} ${'files/s'.padStart(9)} ${'findings'.padStart(9)}`);
    for (const [name, ms, found] of rows)
      console.log(
        `${name.padEnd(58)} ${ms.toFixed(2).padStart(9)} ${(1000 / ms).toFixed(0).padStart(9)} ${(found === undefined ? '' : String(found)).padStart(9)}`,
      );
    console.log(
      `ratio ruff batch vs fdsp bandit batch: ${(engineBatch / ruff.ms).toFixed(1)}x; builtin vs bandit: ${(engineBatch / builtin.ms).toFixed(1)}x`,
    );
    console.log(`\nengine startup (first worker ready): ${startupMs.toFixed(0)} ms; findings in batch: ${findings}`);
    console.log(
      `ratio one-at-a-time p50 vs process per file: ${(cliPerFile / p50).toFixed(1)}x faster (target >= 30x, p50 <= 5 ms)`,
    );
    console.log(
      `ratio batch vs bandit CLI batch: ${(cliBatch / engineBatch).toFixed(1)}x; batch throughput ${(1000 / engineBatch).toFixed(0)} files/s (target >= 500)`,
    );
  } finally {
    await engine.close();
  }
  await benchScanCache(files);
}

await main();

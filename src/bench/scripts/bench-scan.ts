// npm run bench:scan — the Bandit engine against the bandit CLI, side by side in one run, on ../shared/labelled.
// Prints ms per file for each way and the ratios the foundation issue targets.
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { createBanditEngine } from '../../analyzers/bandit/index.js';
import { collectSources } from '../../sources/index.js';
import { packageRoot } from '../../support/package-root.js';
import { benchScanCache } from './bench-scan-cache.js';

const run = promisify(execFile);

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function banditCli(args: readonly string[]): Promise<void> {
  // bandit exits 1 when it finds issues; only a missing binary is a failure here
  await run('bandit', ['--ignore-nosec', '-q', '-f', 'json', ...args], { maxBuffer: 64 << 20 }).catch(
    (error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') throw error;
    },
  );
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

    const rows: [string, string, string][] = [
      ['bandit CLI, one process per file', cliPerFile.toFixed(1), (1000 / cliPerFile).toFixed(0)],
      ['bandit CLI, one process for all files', cliBatch.toFixed(2), (1000 / cliBatch).toFixed(0)],
      ['fdsp engine, batch (warm pool)', engineBatch.toFixed(2), (1000 / engineBatch).toFixed(0)],
      [
        `fdsp engine, one at a time (p50; p95 ${percentile(single, 0.95).toFixed(2)})`,
        p50.toFixed(2),
        (1000 / p50).toFixed(0),
      ],
    ];
    console.log(`\n${'way'.padEnd(58)} ${'ms/file'.padStart(9)} ${'files/s'.padStart(9)}`);
    for (const [name, ms, rate] of rows) console.log(`${name.padEnd(58)} ${ms.padStart(9)} ${rate.padStart(9)}`);
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

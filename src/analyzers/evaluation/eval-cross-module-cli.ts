// `npm run eval:cross-module`: the builtin analyzer on the cross-module fixture application
// (tests/fixtures/cross-module-app): recall over its marked flows, precision over every finding in its views, the
// safe twins left quiet; then the cost of the whole tree at 1×, 4× and 16× copies of the package (each copy its own
// root), in CPU ms per file beside the same files analysed one by one (no cross-module summaries), with the ratio to
// 1× — linear cost keeps it near 1. Each size is measured three times and the fastest kept (a shared machine). Last,
// the 16× tree through the persistent scan cache in a fresh store: first scan, then an unchanged re-scan.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { createCachedAnalyzers } from '../../scan-cache/index.js';
import { openStore } from '../../store/index.js';

import { createBuiltinAnalyzer } from '../builtin/index.js';
import type { SourceFile } from '../types.js';
import { fixtureFiles, scoreFixture } from './cross-module-fixture.js';

const copiesList = [1, 4, 16];
const repeats = 3;

function copies(count: number): SourceFile[] {
  return Array.from({ length: count }, (_, index) => fixtureFiles(`copy-${String(index + 1).padStart(2, '0')}`)).flat();
}

async function cpuMsPerFile(
  files: readonly SourceFile[],
  crossModule: boolean,
): Promise<{ cpu: number; wall: number }> {
  let best = { cpu: Number.POSITIVE_INFINITY, wall: Number.POSITIVE_INFINITY };
  for (let round = 0; round < repeats; round++) {
    const analyzer = createBuiltinAnalyzer({ crossModule });
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    await analyzer.scan(files);
    const used = process.cpuUsage(cpuStart);
    const cpu = (used.user + used.system) / 1000 / files.length;
    const wall = (performance.now() - wallStart) / files.length;
    if (cpu < best.cpu) best = { cpu, wall };
  }
  return best;
}

function fixed(value: number, digits = 2): string {
  return value.toFixed(digits);
}

async function main(): Promise<void> {
  const files = fixtureFiles();
  const results = await createBuiltinAnalyzer({ crossModule: true }).scan(files);
  const score = scoreFixture(files, results);
  const alone = scoreFixture(files, await createBuiltinAnalyzer().scan(files));
  console.log(
    `cross-module fixture: ${String(files.length)} files, ${String(score.flows)} flows, ${String(score.twins)} safe twins`,
  );
  console.log('');
  console.log('mode                      recall  precision  flows found  twins flagged  view findings');
  for (const [label, entry] of [
    ['cross-module (one scan)', score],
    ['each file alone', alone],
  ] as const) {
    console.log(
      `${label.padEnd(25)} ${fixed(entry.recall).padStart(6)}  ${fixed(entry.precision).padStart(9)}  ${`${String(entry.found)}/${String(entry.flows)}`.padStart(11)}  ${`${String(entry.noisyTwins)}/${String(entry.twins)}`.padStart(13)}  ${String(entry.viewFindings).padStart(13)}`,
    );
  }
  for (const marker of score.missed) console.log(`  missed: ${marker.path}:${String(marker.line)} ${marker.ruleId}`);
  for (const marker of score.noisy)
    console.log(`  flagged twin: ${marker.path}:${String(marker.line)} ${marker.ruleId}`);
  console.log('');
  console.log('copies  files  recall  cross-module CPU ms/file  alone CPU ms/file  cross/alone  cross ms/file vs 1×');
  let base: number | undefined;
  // Warm-up: module loading and JIT compilation are paid once, outside the measured sizes.
  await cpuMsPerFile(files, true);
  for (const count of copiesList) {
    const tree = copies(count);
    const treeScore = scoreFixture(tree, await createBuiltinAnalyzer({ crossModule: true }).scan(tree));
    const cross = await cpuMsPerFile(tree, true);
    const plain = await cpuMsPerFile(tree, false);
    base ??= cross.cpu;
    console.log(
      `${String(count).padStart(6)}  ${String(tree.length).padStart(5)}  ${fixed(treeScore.recall).padStart(6)}  ${fixed(cross.cpu).padStart(24)}  ${fixed(plain.cpu).padStart(17)}  ${fixed(cross.cpu / plain.cpu).padStart(11)}  ${fixed(cross.cpu / base).padStart(19)}`,
    );
  }
  await cachedRescan(copies(copiesList[copiesList.length - 1] ?? 1));
}

async function cachedRescan(tree: readonly SourceFile[]): Promise<void> {
  const directory = mkdtempSync(path.join(tmpdir(), 'fdsp-eval-xmod-'));
  const store = openStore(path.join(directory, 'fdsp.db'));
  try {
    const timed = async (): Promise<number> => {
      const analyzer = createCachedAnalyzers(['builtin'], store, { crossModule: true });
      const started = process.cpuUsage();
      await analyzer.scan(tree);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    const first = await timed();
    const again = await timed();
    console.log('');
    console.log(
      `scan cache, ${String(tree.length)} files: first scan ${fixed(first, 0)} CPU ms, unchanged re-scan ${fixed(again, 0)} CPU ms (${fixed((100 * again) / first, 1)}%)`,
    );
  } finally {
    store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();

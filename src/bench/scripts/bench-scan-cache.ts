// The persistent scan cache section of `npm run bench:scan`: a 2,000-file tree (the labelled files, each made unique
// so no two share a content hash) scanned the way `fdsp scan` does it — read, then Bandit and builtin through the
// project store — once cold and once again unchanged in a fresh analyzer, as a second `fdsp scan` would. The target
// is a re-scan costing at most 10% of the first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { SourceFile } from '../../analyzers/types.js';
import { openProjectAnalyzers } from '../../scan-cache/index.js';
import { collectSources, scanSources } from '../../sources/index.js';
import { openStore } from '../../store/index.js';

const treeSize = 2_000;

function writeTree(directory: string, seeds: readonly SourceFile[]): void {
  for (let index = 0; index < treeSize; index += 1) {
    const seed = seeds[index % seeds.length];
    if (seed === undefined) return;
    const folder = path.join(directory, `package_${String(Math.floor(index / 100))}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `module_${String(index)}.py`), `${seed.text}\n# copy ${String(index)}\n`);
  }
}

async function timedScan(tree: string, root: string, database: string): Promise<{ ms: number; findings: number }> {
  const started = performance.now();
  const analyzer = openProjectAnalyzers(['bandit', 'builtin'], {
    root,
    cache: true,
    environment: { FDSP_DB: database },
  });
  try {
    const results = await scanSources(analyzer, await collectSources([tree]));
    return {
      ms: performance.now() - started,
      findings: results.reduce((total, result) => total + result.findings.length, 0),
    };
  } finally {
    await analyzer.close();
  }
}

/** Prints the cold and the unchanged re-scan of a 2,000-file tree and their ratio. */
export async function benchScanCache(seeds: readonly SourceFile[]): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'fdsp-bench-cache-'));
  try {
    const tree = path.join(root, 'tree');
    writeTree(tree, seeds);
    const database = path.join(root, '.fdsp', 'fdsp.db');
    const cold = await timedScan(tree, root, database);
    const warm = await timedScan(tree, root, database);
    const ratio = warm.ms / cold.ms;
    console.log(`\nscan cache — ${String(treeSize)} files, bandit+builtin, project store ${database}`);
    console.log(
      `${'first scan (cold cache)'.padEnd(40)} ${cold.ms.toFixed(0).padStart(8)} ms  ${String(cold.findings)} findings`,
    );
    console.log(
      `${'re-scan, unchanged tree'.padEnd(40)} ${warm.ms.toFixed(0).padStart(8)} ms  ${String(warm.findings)} findings`,
    );
    console.log(
      `ratio re-scan / first scan: ${(ratio * 100).toFixed(1)}% (target <= 10%)${warm.findings === cold.findings ? '' : ' — FINDINGS DIFFER'}`,
    );
  } finally {
    openStore(path.join(root, '.fdsp', 'fdsp.db')).close();
    rmSync(root, { recursive: true, force: true });
  }
}

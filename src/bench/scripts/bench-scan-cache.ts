// The persistent scan cache section of `npm run bench:scan`: a 2,000-file tree (the labelled files, each made unique
// so no two share a content hash) scanned the way `fdsp scan` does it — read, then the analyzers through the project
// store — once cold and once again unchanged in a fresh analyzer, as a second `fdsp scan` would. The target is a
// re-scan costing at most 10% of the first (Bandit + builtin). Wall time and CPU time (this process and its engine
// processes) are both printed: on a shared machine the CPU ratio is the steadier one. Ruff, and Semgrep with fdsp's
// own rules file when asked (`--cache-semgrep`: its cold scan takes minutes), get the same two scans.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { AnalyzerName } from '../../analyzers/registry.js';
import type { SourceFile } from '../../analyzers/types.js';
import { openProjectAnalyzers } from '../../scan-cache/index.js';
import { collectSources, scanSources } from '../../sources/index.js';
import { openStore } from '../../store/index.js';
import { liveChildrenCpu, ownCpu, reapedChildrenCpu } from './cpu-time.js';

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

interface TimedScan {
  readonly ms: number;
  readonly cpuMs: number;
  readonly findings: number;
}

function cpuNow(): number {
  return ownCpu() + reapedChildrenCpu() + liveChildrenCpu();
}

async function timedScan(
  names: readonly AnalyzerName[],
  tree: string,
  root: string,
  database: string,
): Promise<TimedScan> {
  const started = performance.now();
  const analyzer = openProjectAnalyzers(names, { root, cache: true, environment: { FDSP_DB: database } });
  try {
    const results = await scanSources(analyzer, await collectSources([tree]));
    return {
      ms: performance.now() - started,
      cpuMs: 0,
      findings: results.reduce((total, result) => total + result.findings.length, 0),
    };
  } finally {
    await analyzer.close();
  }
}

async function coldAndWarm(
  names: readonly AnalyzerName[],
  tree: string,
  root: string,
): Promise<{ cold: TimedScan; warm: TimedScan; database: string }> {
  const database = path.join(root, '.fdsp', `${names.join('-')}.db`);
  const measure = async (): Promise<TimedScan> => {
    const cpuBefore = cpuNow();
    const scan = await timedScan(names, tree, root, database);
    return { ...scan, cpuMs: cpuNow() - cpuBefore };
  };
  const cold = await measure();
  const warm = await measure();
  openStore(database).close();
  return { cold, warm, database };
}

function row(label: string, scan: TimedScan): string {
  return `${label.padEnd(40)} ${scan.ms.toFixed(0).padStart(8)} ms wall ${scan.cpuMs.toFixed(0).padStart(8)} ms CPU  ${String(scan.findings)} findings`;
}

function ratios(cold: TimedScan, warm: TimedScan): string {
  const differ = warm.findings === cold.findings ? '' : ' — FINDINGS DIFFER';
  return `wall ${((100 * warm.ms) / cold.ms).toFixed(1)}%, CPU ${((100 * warm.cpuMs) / cold.cpuMs).toFixed(1)}%${differ}`;
}

/** Prints the cold and the unchanged re-scan of a 2,000-file tree and their ratio. */
export async function benchScanCache(
  seeds: readonly SourceFile[],
  options: { readonly semgrep?: boolean } = {},
): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'fdsp-bench-cache-'));
  try {
    const tree = path.join(root, 'tree');
    writeTree(tree, seeds);
    const main = await coldAndWarm(['bandit', 'builtin'], tree, root);
    console.log(`\nscan cache — ${String(treeSize)} files, bandit+builtin, project store ${main.database}`);
    console.log(row('first scan (cold cache)', main.cold));
    console.log(row('re-scan, unchanged tree', main.warm));
    console.log(`ratio re-scan / first scan: ${ratios(main.cold, main.warm)} (target <= 10% on an idle machine)`);
    const others: AnalyzerName[] = options.semgrep === true ? ['ruff', 'semgrep'] : ['ruff'];
    for (const name of others) {
      const { cold, warm } = await coldAndWarm([name], tree, root);
      console.log(row(`${name}: first scan`, cold));
      console.log(row(`${name}: re-scan, unchanged tree`, warm));
      console.log(`${name} ratio re-scan / first scan: ${ratios(cold, warm)}`);
    }
    if (options.semgrep !== true) console.log('semgrep: not measured (--cache-semgrep adds its two scans)');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

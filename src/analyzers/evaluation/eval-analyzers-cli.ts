// `npm run eval:analyzers`: Bandit, builtin and their union on the human-labelled set; prints recall/precision in
// "any finding" and "target CWE" modes, per-CWE counts and scan time per file.
import { performance } from 'node:perf_hooks';

import { createBanditEngine } from '../bandit/index.js';
import { createBuiltinAnalyzer } from '../builtin/index.js';
import type { Analyzer } from '../types.js';
import { loadLabelledSet, type LabelledFile } from './labelled-set.js';
import { perCwe, score, unionFindings, type FindingCwe } from './metrics.js';
import { formatReport } from './report.js';

async function run(
  analyzer: Analyzer,
  files: readonly LabelledFile[],
  warmUpFiles: number,
): Promise<{ findings: Map<string, FindingCwe[]>; msPerFile: number; errors: number }> {
  const findings = new Map<string, FindingCwe[]>();
  let errors = 0;
  // Warm-up so start-up (worker spawn, JIT compilation of the in-process analyzer) is not counted as per-file time:
  // the loop scans in a long-running process.
  await analyzer.scan(files.slice(0, warmUpFiles).map((file) => ({ path: file.id, text: file.text })));
  const started = performance.now();
  const results = await analyzer.scan(files.map((file) => ({ path: file.id, text: file.text })));
  const elapsed = performance.now() - started;
  for (const result of results) {
    if (result.status === 'error') errors++;
    findings.set(result.path, [...result.findings]);
  }
  return { findings, msPerFile: elapsed / Math.max(1, files.length), errors };
}

async function main(): Promise<void> {
  const files = loadLabelledSet();
  const bandit = createBanditEngine({ concurrency: 1 });
  const builtin = createBuiltinAnalyzer();
  try {
    const banditRun = await run(bandit, files, 1);
    const builtinRun = await run(builtin, files, files.length);
    const union = unionFindings([banditRun.findings, builtinRun.findings]);
    const rows = [
      { name: 'bandit', findings: banditRun.findings, msPerFile: banditRun.msPerFile, errors: banditRun.errors },
      { name: 'builtin', findings: builtinRun.findings, msPerFile: builtinRun.msPerFile, errors: builtinRun.errors },
      { name: 'bandit+builtin', findings: union, msPerFile: banditRun.msPerFile + builtinRun.msPerFile, errors: 0 },
    ].map((row) => ({ ...row, any: score(files, row.findings, 'any'), target: score(files, row.findings, 'target') }));
    const cwes = perCwe(files, new Map(rows.map((row) => [row.name, row.findings])));
    process.stdout.write(formatReport(files, rows, cwes, await bandit.version()));
  } finally {
    await bandit.close();
    await builtin.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:analyzers failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});

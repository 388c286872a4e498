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
): Promise<{ findings: Map<string, FindingCwe[]>; coldMsPerFile: number; warmMsPerFile: number; errors: number }> {
  const inputs = files.map((file) => ({ path: file.id, text: file.text }));
  // Cold: the first pass in this process, so start-up (worker spawn, module loading, JIT compilation of the in-process
  // analyzer) is paid here, as it is by a one-shot `fdsp scan`. Warm: the same files again, as a long-running repair
  // loop sees them. Both are reported; neither hides the other.
  const coldStarted = performance.now();
  await analyzer.scan(inputs);
  const coldElapsed = performance.now() - coldStarted;
  const warmStarted = performance.now();
  const results = await analyzer.scan(inputs);
  const warmElapsed = performance.now() - warmStarted;
  const findings = new Map<string, FindingCwe[]>();
  let errors = 0;
  for (const result of results) {
    if (result.status === 'error') errors++;
    findings.set(result.path, [...result.findings]);
  }
  const perFile = (elapsed: number): number => elapsed / Math.max(1, files.length);
  return { findings, coldMsPerFile: perFile(coldElapsed), warmMsPerFile: perFile(warmElapsed), errors };
}

async function main(): Promise<void> {
  const files = loadLabelledSet();
  const bandit = createBanditEngine({ concurrency: 1 });
  const builtin = createBuiltinAnalyzer();
  try {
    const banditRun = await run(bandit, files);
    const builtinRun = await run(builtin, files);
    const union = unionFindings([banditRun.findings, builtinRun.findings]);
    const rows = [
      { name: 'bandit', ...banditRun },
      { name: 'builtin', ...builtinRun },
      {
        name: 'bandit+builtin',
        findings: union,
        coldMsPerFile: banditRun.coldMsPerFile + builtinRun.coldMsPerFile,
        warmMsPerFile: banditRun.warmMsPerFile + builtinRun.warmMsPerFile,
        errors: banditRun.errors + builtinRun.errors,
      },
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

// Leaving aside what a project already accepted: findings a person suppressed with a reason, then those the baseline
// knows. Pure over the scan results and the scanned texts. `leaveKnownAside` makes the repair loop see the same:
// its verification scans drop exactly the fingerprints left aside in the person's file, so a repair acts only on new
// findings, while a suppression a model writes into a candidate is never read (and the guards reject it).
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import { partitionByBaseline, relativePosix, type Baseline } from '../baseline/index.js';
import type { LeftAside } from '../reports/index.js';
import { applySuppressions } from '../suppressions/index.js';

export interface LeftAsideOutcome {
  readonly results: FileScanResult[];
  /** Undefined when there was no baseline and no suppression comment. */
  readonly leftAside: LeftAside | undefined;
}

export function leaveAside(
  results: readonly FileScanResult[],
  sources: ReadonlyMap<string, string>,
  baseline: Baseline | undefined,
  cwd: string = process.cwd(),
): LeftAsideOutcome {
  const suppression = applySuppressions(results, sources);
  const partition = baseline === undefined ? undefined : partitionByBaseline(suppression.results, baseline);
  const kept = partition?.results ?? suppression.results;
  if (baseline === undefined && suppression.suppressed.length === 0 && suppression.unjustified.length === 0) {
    return { results: kept, leftAside: undefined };
  }
  return {
    results: kept,
    leftAside: {
      ...(baseline === undefined
        ? {}
        : { baseline: { file: relativePosix(cwd, baseline.file), known: partition?.known.length ?? 0 } }),
      suppressed: suppression.suppressed.map(({ finding, reason }) => ({ ...finding, reason })),
      unjustified: suppression.unjustified,
    },
  };
}

/** `analyzer` with the findings left aside in the person's version of each file removed from every later scan. */
export function leaveKnownAside(
  analyzer: Analyzer,
  original: { readonly results: readonly FileScanResult[]; readonly kept: readonly FileScanResult[] },
): Analyzer {
  const aside = new Map<string, Set<string>>();
  original.results.forEach((result, index) => {
    const keptPrints = new Set((original.kept[index]?.findings ?? []).map((f) => `${f.analyzer}\0${f.fingerprint}`));
    const prints = new Set(
      result.findings.map((f) => `${f.analyzer}\0${f.fingerprint}`).filter((print) => !keptPrints.has(print)),
    );
    if (prints.size > 0) aside.set(result.path, prints);
  });
  if (aside.size === 0) return analyzer;
  return {
    name: analyzer.name,
    version: () => analyzer.version(),
    close: () => analyzer.close(),
    async scan(files: readonly SourceFile[], options?: ScanOptions): Promise<FileScanResult[]> {
      const results = await analyzer.scan(files, options);
      return results.map((result) => {
        const prints = aside.get(result.path);
        if (prints === undefined) return result;
        return { ...result, findings: result.findings.filter((f) => !prints.has(`${f.analyzer}\0${f.fingerprint}`)) };
      });
    },
  };
}

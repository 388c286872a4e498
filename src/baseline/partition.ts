// Which findings a baseline already knows. A finding is known when the baseline holds one for the same file,
// analyzer and fingerprint (the fingerprint already includes the rule and the occurrence among identical statements).
import type { FileScanResult, Finding } from '../analyzers/types.js';
import { relativePosix, type Baseline } from './baseline-file.js';

export interface BaselinePartition {
  /** The results with known findings removed. */
  readonly results: FileScanResult[];
  /** Known findings left aside. */
  readonly known: Finding[];
}

function keyOf(filePath: string, analyzer: string, fingerprint: string): string {
  return `${filePath}\0${analyzer}\0${fingerprint}`;
}

/** Fingerprints the baseline knows for one file (used to keep a repair's verification scans on new findings only). */
export function knownFingerprints(baseline: Baseline, filePath: string): Set<string> {
  const relative = relativePosix(baseline.root, filePath);
  return new Set(
    baseline.entries
      .filter((entry) => entry.path === relative)
      .map((entry) => `${entry.analyzer}\0${entry.fingerprint}`),
  );
}

export function partitionByBaseline(results: readonly FileScanResult[], baseline: Baseline): BaselinePartition {
  const keys = new Set(baseline.entries.map((entry) => keyOf(entry.path, entry.analyzer, entry.fingerprint)));
  const known: Finding[] = [];
  const kept = results.map((result) => {
    const relative = relativePosix(baseline.root, result.path);
    const findings = result.findings.filter((finding) => {
      const isKnown = keys.has(keyOf(relative, finding.analyzer, finding.fingerprint));
      if (isKnown) known.push(finding);
      return !isKnown;
    });
    return { ...result, findings };
  });
  return { results: kept, known };
}

// Scan collected sources with an analyzer, keeping unreadable inputs as error results in their place.
import {
  severityOrder,
  type Analyzer,
  type Confidence,
  type FileScanResult,
  type Severity,
} from '../analyzers/types.js';
import type { CollectedSource } from './collect-sources.js';

export interface FindingFilter {
  readonly minSeverity?: Severity;
  readonly minConfidence?: Confidence;
}

export function filterFindings(results: readonly FileScanResult[], filter: FindingFilter): FileScanResult[] {
  const minSeverity = severityOrder[filter.minSeverity ?? 'low'];
  const minConfidence = severityOrder[filter.minConfidence ?? 'low'];
  return results.map((result) => ({
    ...result,
    findings: result.findings.filter(
      (finding) => severityOrder[finding.severity] >= minSeverity && severityOrder[finding.confidence] >= minConfidence,
    ),
  }));
}

export async function scanSources(
  analyzer: Analyzer,
  collected: readonly CollectedSource[],
): Promise<FileScanResult[]> {
  const files = collected.flatMap((item) => (item.kind === 'file' ? [item.file] : []));
  const scanned = await analyzer.scan(files);
  let next = 0;
  return collected.map((item): FileScanResult => {
    if (item.kind === 'unreadable') return { path: item.path, status: 'error', error: item.error, findings: [] };
    const result = scanned[next++];
    if (!result)
      return { path: item.file.path, status: 'error', error: { message: 'no result from the analyzer' }, findings: [] };
    return result;
  });
}

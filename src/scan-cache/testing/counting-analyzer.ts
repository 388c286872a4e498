// For the cache tests: an analyzer that records which files reached it, so a test can tell a cache hit (nothing
// scanned) from a scan.
import type { Analyzer, SourceFile } from '../../analyzers/types.js';

export function countingAnalyzer(inner: Analyzer): Analyzer & { scanned: string[] } {
  const scanned: string[] = [];
  return {
    name: inner.name,
    scanned,
    version: () => inner.version(),
    close: () => inner.close(),
    scan: (files: readonly SourceFile[]) => {
      scanned.push(...files.map((file) => file.path));
      return inner.scan(files);
    },
  };
}

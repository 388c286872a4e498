// Scanning is deterministic for a given analyzer set and text, and a run scans the same code many times (the
// generated code once per strategy, the same fix from several strategies), so one run shares one memo.
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';

export function memoizeScans(analyzer: Analyzer): Analyzer {
  const known = new Map<string, Promise<FileScanResult>>();
  const keyOf = (file: SourceFile): string => `${file.path}\0${file.text}`;
  return {
    name: analyzer.name,
    version: () => analyzer.version(),
    close: () => analyzer.close(),
    async scan(files: readonly SourceFile[], options?: ScanOptions): Promise<FileScanResult[]> {
      // Byte-exact files bypass the memo: their text alone does not identify them.
      const missing = files.filter((file) => file.bytes === undefined && !known.has(keyOf(file)));
      if (missing.length > 0) {
        const pending = analyzer.scan(missing, options);
        missing.forEach((file, index) => {
          const result = pending.then((results) => {
            const found = results[index];
            if (found === undefined) throw new Error('the analyzer returned fewer results than files');
            return found;
          });
          known.set(keyOf(file), result);
          // A failed scan (aborted, crashed) is not remembered.
          result.catch(() => known.delete(keyOf(file)));
        });
      }
      const results = await Promise.all(
        files.map((file) =>
          file.bytes === undefined
            ? (known.get(keyOf(file)) ?? analyzer.scan([file], options).then((list) => list[0]))
            : analyzer.scan([file], options).then((list) => list[0]),
        ),
      );
      return results.map((result, index) => {
        if (result === undefined) throw new Error(`no scan result for ${files[index]?.path ?? '?'}`);
        // Errors are not cached: a later scan may succeed.
        if (result.status === 'error') known.delete(keyOf(files[index] ?? { path: '', text: '' }));
        return result;
      });
    },
  };
}

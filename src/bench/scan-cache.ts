// Scan caching for runs. Scanning is deterministic for a given engine and text, and a run scans the same code many
// times (the generated code once per strategy, the same fix from several strategies), so one run shares one memo;
// across runs (an identical re-run, a resume, another strategy on the same generations) Bandit's answers persist in
// the store, keyed by the engine's identity (answer-cache.ts), so only the identical Bandit install reuses them.
import { createBanditEngine } from '../analyzers/bandit/index.js';
import { createAnalyzers, type AnalyzerName } from '../analyzers/registry.js';
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import { AnalyzerUnion } from '../analyzers/union.js';
import { createStoreScanCache } from '../scan-cache/index.js';
import type { Store } from '../store/index.js';

export { createStoreScanCache };

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

/** The run's analyzers as `createAnalyzers` makes them, with Bandit's answers persisted in the store and one memo
 * over the whole set. Other engines are not persisted: their reported version does not pin their rules. */
export function createRunAnalyzer(names: readonly AnalyzerName[], store: Store): Analyzer {
  const cache = createStoreScanCache(store);
  const members = names.map((name) =>
    name === 'bandit' ? createBanditEngine({ cache, warm: true }) : createAnalyzers([name]),
  );
  return memoizeScans(members.length === 1 && members[0] ? members[0] : new AnalyzerUnion(members));
}

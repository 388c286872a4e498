// Scan caching for runs. Scanning is deterministic for a given engine and text, and a run scans the same code many
// times (the generated code once per strategy, the same fix from several strategies), so one run shares one memo;
// across runs (an identical re-run, a resume, another strategy on the same generations) Bandit's answers persist in
// the store, keyed by the engine's identity (answer-cache.ts), so only the identical Bandit install reuses them.
import { createBanditEngine, type BanditAnswerCache, type WorkerAnswer } from '../analyzers/bandit/index.js';
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

export interface WriteBehindCache extends BanditAnswerCache {
  /** Writes every pending answer now (one transaction); a no-op once the store is closed. */
  flush(): void;
}

/** Bandit's fresh answers written a moment later, every scan of one event-loop turn in one transaction, instead of
 * one commit (and the answers' JSON) per scan between Bandit's answer and the item's next model request. A kill loses
 * at most the answers of the last turn, and they are a cache: the next scan of that code asks Bandit again. Look-ups
 * see the pending answers. */
export function writeBehind(cache: BanditAnswerCache, store: Store): WriteBehindCache {
  const pending = new Map<string, Map<string, WorkerAnswer>>();
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.size === 0 || !store.db.open) return;
    const batches = [...pending];
    pending.clear();
    store.transaction(() => {
      for (const [identityKey, answers] of batches) {
        cache.putMany(
          identityKey,
          [...answers].map(([sourceSha256, answer]) => ({ sourceSha256, answer })),
        );
      }
    });
  };
  return {
    recall: (probe) => cache.recall(probe),
    remember: (probe, identity) => {
      cache.remember(probe, identity);
    },
    getMany(identityKey, sourceSha256s) {
      const waiting = pending.get(identityKey);
      const stored = cache.getMany(
        identityKey,
        waiting === undefined ? sourceSha256s : sourceSha256s.filter((key) => !waiting.has(key)),
      );
      if (waiting === undefined) return stored;
      const answers = new Map(stored);
      for (const key of sourceSha256s) {
        const answer = waiting.get(key);
        if (answer !== undefined) answers.set(key, answer);
      }
      return answers;
    },
    putMany(identityKey, answers) {
      if (answers.length === 0) return;
      let waiting = pending.get(identityKey);
      if (waiting === undefined) {
        waiting = new Map();
        pending.set(identityKey, waiting);
      }
      for (const { sourceSha256, answer } of answers) waiting.set(sourceSha256, answer);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

/** The run's analyzers as `createAnalyzers` makes them, with Bandit's answers persisted in the store (written
 * behind: writeBehind) and one memo over the whole set. Other engines are not persisted: their reported version
 * does not pin their rules. */
export function createRunAnalyzer(names: readonly AnalyzerName[], store: Store): Analyzer {
  const cache = writeBehind(createStoreScanCache(store), store);
  const members = names.map((name) =>
    name === 'bandit' ? createBanditEngine({ cache, warm: true }) : createAnalyzers([name]),
  );
  const memo = memoizeScans(members.length === 1 && members[0] ? members[0] : new AnalyzerUnion(members));
  return {
    name: memo.name,
    version: () => memo.version(),
    scan: (files, options) => memo.scan(files, options),
    close: async () => {
      await memo.close();
      cache.flush();
    },
  };
}

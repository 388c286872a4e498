// Scan caching for runs. Scanning is deterministic for a given engine and text, and a run scans the same code many
// times (the generated code once per strategy, the same fix from several strategies), so one run shares one memo;
// across runs (an identical re-run, a resume, another strategy on the same generations) Bandit's answers persist in
// the store, keyed by the engine's identity (answer-cache.ts), so only the identical Bandit install reuses them.
import { z } from 'zod';

import {
  createBanditEngine,
  workerAnswerSchema,
  type BanditAnswerCache,
  type RememberedIdentity,
  type WorkerAnswer,
} from '../analyzers/bandit/index.js';
import { createAnalyzers, type AnalyzerName } from '../analyzers/registry.js';
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import { AnalyzerUnion } from '../analyzers/union.js';
import type { Store } from '../store/index.js';

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

const identityRow = z.object({
  identity: z.string(),
  version: z.string(),
  files_json: z.string(),
  stamp: z.string(),
});

/** Bandit's answers in the store (migration `scan-cache`). Rows are validated on read: they cross a process. */
export function createStoreScanCache(store: Store): BanditAnswerCache {
  const analyzer = 'bandit';
  const db = store.db;
  const select = db.prepare(
    'SELECT answer_json FROM scan_cache WHERE analyzer = ? AND identity = ? AND source_sha256 = ?',
  );
  const insert = db.prepare(
    `INSERT OR REPLACE INTO scan_cache (analyzer, identity, source_sha256, answer_json, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const selectIdentity = db.prepare(
    'SELECT identity, version, files_json, stamp FROM scan_cache_identities WHERE analyzer = ? AND probe = ?',
  );
  const upsertIdentity = db.prepare(
    `INSERT OR REPLACE INTO scan_cache_identities (analyzer, probe, identity, version, files_json, stamp, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    recall(probe: string): RememberedIdentity | undefined {
      const row = identityRow.safeParse(selectIdentity.get(analyzer, probe));
      if (!row.success) return undefined;
      const files = z.array(z.string()).safeParse(JSON.parse(row.data.files_json));
      if (!files.success) return undefined;
      return { key: row.data.identity, version: row.data.version, files: files.data, stamp: row.data.stamp };
    },
    remember(probe: string, identity: RememberedIdentity): void {
      upsertIdentity.run(
        analyzer,
        probe,
        identity.key,
        identity.version,
        JSON.stringify(identity.files),
        identity.stamp,
        new Date().toISOString(),
      );
    },
    get(identityKey: string, sourceSha256: string): WorkerAnswer | undefined {
      const row = z.object({ answer_json: z.string() }).safeParse(select.get(analyzer, identityKey, sourceSha256));
      if (!row.success) return undefined;
      const answer = workerAnswerSchema.safeParse(JSON.parse(row.data.answer_json));
      return answer.success ? answer.data : undefined;
    },
    put(identityKey: string, sourceSha256: string, answer: WorkerAnswer): void {
      insert.run(analyzer, identityKey, sourceSha256, JSON.stringify(answer), new Date().toISOString());
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

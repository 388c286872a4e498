// The `scan_cache` table (migration `scan-cache`) as every cached analyzer uses it: answers keyed by analyzer,
// identity and the source's sha256. A whole batch is looked up in one statement (the keys as one JSON array, expanded
// by SQLite's json_each) and written in one transaction: an unchanged 2,000-file tree is one query per analyzer, not
// 2,000 round trips through the binding. Rows hold JSON text; callers validate it, since the file outlives a release.
import { z } from 'zod';

import type { Store } from '../store/index.js';

const rowSchema = z.object({ source_sha256: z.string(), answer_json: z.string() });

export interface CacheTable {
  /** The stored answers (raw JSON text) among `keys`, by key; absent keys were never stored. */
  getMany(identity: string, keys: readonly string[]): Map<string, string>;
  putMany(identity: string, rows: readonly { readonly key: string; readonly answerJson: string }[]): void;
}

export function openCacheTable(store: Store, analyzer: string): CacheTable {
  const select = store.db.prepare(
    `SELECT source_sha256, answer_json FROM scan_cache
     WHERE analyzer = ? AND identity = ? AND source_sha256 IN (SELECT value FROM json_each(?))`,
  );
  const insert = store.db.prepare(
    `INSERT OR REPLACE INTO scan_cache (analyzer, identity, source_sha256, answer_json, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  return {
    getMany(identity, keys) {
      const found = new Map<string, string>();
      if (keys.length === 0) return found;
      for (const raw of select.all(analyzer, identity, JSON.stringify(keys))) {
        const row = rowSchema.safeParse(raw);
        if (row.success) found.set(row.data.source_sha256, row.data.answer_json);
      }
      return found;
    },
    putMany(identity, rows) {
      if (rows.length === 0) return;
      const now = new Date().toISOString();
      store.transaction(() => {
        for (const row of rows) insert.run(analyzer, identity, row.key, row.answerJson, now);
      });
    },
  };
}

/** JSON text parsed without throwing: a corrupt row is a miss, not a crash. */
export function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

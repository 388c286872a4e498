// Bandit's answers in the project store (migration `scan-cache`): the raw worker answers keyed by Bandit's exact
// identity (src/analyzers/bandit/answer-cache.ts) and the source's sha256. Shared by the bench and `fdsp scan`.
import { z } from 'zod';

import {
  workerAnswerSchema,
  type BanditAnswerCache,
  type RememberedIdentity,
  type WorkerAnswer,
} from '../analyzers/bandit/index.js';
import type { Store } from '../store/index.js';

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

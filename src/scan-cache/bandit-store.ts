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
import { openCacheTable, parseStoredJson } from './cache-table.js';

const identityRow = z.object({
  identity: z.string(),
  version: z.string(),
  files_json: z.string(),
  stamp: z.string(),
});
const filesSchema = z.array(z.string());

/** Bandit's answers in the store (migration `scan-cache`). Rows are validated on read: they cross a process. */
export function createStoreScanCache(store: Store): BanditAnswerCache {
  const analyzer = 'bandit';
  const table = openCacheTable(store, analyzer);
  const selectIdentity = store.db.prepare(
    'SELECT identity, version, files_json, stamp FROM scan_cache_identities WHERE analyzer = ? AND probe = ?',
  );
  const upsertIdentity = store.db.prepare(
    `INSERT OR REPLACE INTO scan_cache_identities (analyzer, probe, identity, version, files_json, stamp, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    recall(probe: string): RememberedIdentity | undefined {
      const row = identityRow.safeParse(selectIdentity.get(analyzer, probe));
      if (!row.success) return undefined;
      const files = filesSchema.safeParse(parseStoredJson(row.data.files_json));
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
    getMany(identityKey, sourceSha256s) {
      const answers = new Map<string, WorkerAnswer>();
      for (const [key, text] of table.getMany(identityKey, sourceSha256s)) {
        const answer = workerAnswerSchema.safeParse(parseStoredJson(text));
        if (answer.success) answers.set(key, answer.data);
      }
      return answers;
    },
    putMany(identityKey, answers) {
      table.putMany(
        identityKey,
        answers.map(({ sourceSha256, answer }) => ({ key: sourceSha256, answerJson: JSON.stringify(answer) })),
      );
    },
  };
}

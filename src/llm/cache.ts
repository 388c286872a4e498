// The response cache, persisted in the store. Only successful answers are cached; writes are idempotent (the first
// answer for a key wins, so a racing duplicate cannot replace it).
import { z } from 'zod';

import { statement, type Store } from '../store/index.js';
import type { ChatUsage } from './types.js';

export type CacheMode = 'read-write' | 'off' | 'only';

export interface CachedAnswer {
  readonly text: string;
  readonly usage: ChatUsage;
}

const cacheRow = z.object({ text: z.string(), input_tokens: z.number(), output_tokens: z.number() });

export function readCache(store: Store, key: string): CachedAnswer | undefined {
  const row: unknown = statement(store.db, 'SELECT text, input_tokens, output_tokens FROM llm_cache WHERE key = ?').get(
    key,
  );
  if (row === undefined) return undefined;
  const parsed = cacheRow.safeParse(row);
  if (!parsed.success) return undefined;
  return {
    text: parsed.data.text,
    usage: { inputTokens: parsed.data.input_tokens, outputTokens: parsed.data.output_tokens },
  };
}

export function writeCache(
  store: Store,
  entry: { key: string; provider: string; model: string; requestJson: string; answer: CachedAnswer },
): void {
  statement(
    store.db,
    `INSERT OR IGNORE INTO llm_cache (key, provider, model, request_json, text, input_tokens, output_tokens, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.key,
    entry.provider,
    entry.model,
    entry.requestJson,
    entry.answer.text,
    entry.answer.usage.inputTokens,
    entry.answer.usage.outputTokens,
    new Date().toISOString(),
  );
}

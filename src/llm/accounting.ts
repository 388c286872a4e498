// Every call is one row in `llm_calls`: who answered, tokens, latency, retries, cache hit, cost. Totals per run are a
// query, not a counter kept in memory, so they survive crashes and resumes.
import { z } from 'zod';

import { statement, type Store } from '../store/index.js';

export interface CallRecord {
  readonly runId: string | undefined;
  readonly purpose: string | undefined;
  readonly provider: string;
  readonly model: string;
  readonly cacheKey: string;
  readonly ok: boolean;
  readonly errorCode: string | undefined;
  /** Already redacted. */
  readonly errorMessage: string | undefined;
  readonly httpStatus: number | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly latencyMs: number;
  readonly retries: number;
  readonly cacheHit: boolean;
  readonly costUsd: number | null;
}

/** Returns the row id, so traces can point at the accounting row of each call. */
export function recordCall(store: Store, record: CallRecord): number {
  const info = statement(
    store.db,
    `INSERT INTO llm_calls (run_id, purpose, provider, model, cache_key, ok, error_code, error_message, http_status,
         input_tokens, output_tokens, latency_ms, retries, cache_hit, cost_usd, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    record.runId ?? null,
    record.purpose ?? null,
    record.provider,
    record.model,
    record.cacheKey,
    record.ok ? 1 : 0,
    record.errorCode ?? null,
    record.errorMessage ?? null,
    record.httpStatus ?? null,
    record.inputTokens,
    record.outputTokens,
    record.latencyMs,
    record.retries,
    record.cacheHit ? 1 : 0,
    record.costUsd,
    new Date().toISOString(),
  );
  return Number(info.lastInsertRowid);
}

export interface UsageTotals {
  readonly calls: number;
  readonly failures: number;
  readonly cacheHits: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly retries: number;
  readonly latencyMs: number;
  /** Sum over calls with a known price; `unpricedCalls` says how many had none. */
  readonly costUsd: number;
  readonly unpricedCalls: number;
}

export interface ModelUsage extends UsageTotals {
  readonly provider: string;
  readonly model: string;
}

const totalsRow = z.object({
  calls: z.number(),
  failures: z.number().nullable(),
  cacheHits: z.number().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  retries: z.number().nullable(),
  latencyMs: z.number().nullable(),
  costUsd: z.number().nullable(),
  unpricedCalls: z.number().nullable(),
});

const totalsColumns = `COUNT(*) AS calls, SUM(1 - ok) AS failures, SUM(cache_hit) AS cacheHits,
  SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens, SUM(retries) AS retries,
  SUM(latency_ms) AS latencyMs, SUM(cost_usd) AS costUsd,
  SUM(CASE WHEN cost_usd IS NULL AND ok = 1 AND cache_hit = 0 THEN 1 ELSE 0 END) AS unpricedCalls`;

function toTotals(row: unknown): UsageTotals {
  const parsed = totalsRow.parse(row);
  return {
    calls: parsed.calls,
    failures: parsed.failures ?? 0,
    cacheHits: parsed.cacheHits ?? 0,
    inputTokens: parsed.inputTokens ?? 0,
    outputTokens: parsed.outputTokens ?? 0,
    retries: parsed.retries ?? 0,
    latencyMs: parsed.latencyMs ?? 0,
    costUsd: parsed.costUsd ?? 0,
    unpricedCalls: parsed.unpricedCalls ?? 0,
  };
}

/** Totals for one run, or for every call in the store when `runId` is omitted. */
export function usageTotals(store: Store, runId?: string): UsageTotals {
  const row: unknown =
    runId === undefined
      ? store.db.prepare(`SELECT ${totalsColumns} FROM llm_calls`).get()
      : store.db.prepare(`SELECT ${totalsColumns} FROM llm_calls WHERE run_id = ?`).get(runId);
  return toTotals(row);
}

/** Totals per provider and model, for one run or all. */
export function usageByModel(store: Store, runId?: string): ModelUsage[] {
  const rows: unknown[] =
    runId === undefined
      ? store.db.prepare(`SELECT provider, model, ${totalsColumns} FROM llm_calls GROUP BY provider, model`).all()
      : store.db
          .prepare(`SELECT provider, model, ${totalsColumns} FROM llm_calls WHERE run_id = ? GROUP BY provider, model`)
          .all(runId);
  const identity = z.object({ provider: z.string(), model: z.string() });
  return rows.map((row) => ({ ...identity.parse(row), ...toTotals(row) }));
}

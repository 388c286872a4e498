// Pure retry decisions: which failures are worth another try, how long to wait (exponential backoff with jitter,
// never shorter than the server's Retry-After), and when the budget is spent. The loop that sleeps lives in
// language-model.ts; everything here is data in, decision out.
import type { LlmErrorCode } from './types.js';

export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries + 1` attempts at most). */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for longer than this is still waited for only this long. */
  readonly maxRetryAfterMs: number;
  /** Total wall-clock budget for one call including waits; undefined means attempts alone limit it. */
  readonly budgetMs?: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  budgetMs: 15 * 60_000,
};

const retryableCodes: ReadonlySet<LlmErrorCode> = new Set<LlmErrorCode>([
  'rate-limited',
  'server-error',
  'timeout',
  'connection',
  'bad-response',
]);

export function isRetryable(code: LlmErrorCode): boolean {
  return retryableCodes.has(code);
}

/** Equal jitter: half the exponential step is fixed, half random, so waits never collapse to zero. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry));
  return step / 2 + random() * (step / 2);
}

/** The wait before retry number `retry` (0 = the first retry). */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = backoffDelay(retry, policy, random);
  if (retryAfterMs === undefined) return backoff;
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

export interface RetryState {
  readonly code: LlmErrorCode;
  /** Retries already made. */
  readonly retries: number;
  readonly elapsedMs: number;
  /** The wait that would precede the next attempt. */
  readonly nextDelayMs: number;
}

export function shouldRetry(state: RetryState, policy: RetryPolicy): boolean {
  if (!isRetryable(state.code)) return false;
  if (state.retries >= policy.maxRetries) return false;
  if (policy.budgetMs !== undefined && state.elapsedMs + state.nextDelayMs > policy.budgetMs) return false;
  return true;
}

/**
 * Milliseconds the server asked us to wait: `retry-after-ms` (OpenAI) wins, else `retry-after` as seconds or an
 * HTTP date. Malformed or negative values are ignored.
 */
export function parseRetryAfter(
  headers: { readonly retryAfterMs?: string | null; readonly retryAfter?: string | null },
  nowMs: number,
): number | undefined {
  const milliseconds = headers.retryAfterMs?.trim();
  if (milliseconds !== undefined && milliseconds !== '' && /^\d+(\.\d+)?$/.test(milliseconds)) {
    return Number(milliseconds);
  }
  const value = headers.retryAfter?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // HTTP dates name the day and month; Date.parse would also accept bare numbers like "-5".
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

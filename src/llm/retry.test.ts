import { describe, expect, it } from 'vitest';

import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryable,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
  type RetryPolicy,
} from './retry.js';

const policy: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
  budgetMs: 10_000,
};

describe('backoffDelay', () => {
  it('doubles per retry within [step/2, step] and caps at maxDelayMs', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 0)).toBe(200);
    expect(backoffDelay(2, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});

describe('retryDelay', () => {
  it('waits at least as long as Retry-After, capped', () => {
    expect(retryDelay(0, policy, 3000, () => 0)).toBe(3000);
    expect(retryDelay(0, policy, 60_000, () => 0)).toBe(5000);
    expect(retryDelay(3, policy, 10, () => 1)).toBe(800);
    expect(retryDelay(1, policy, undefined, () => 0.5)).toBe(150);
  });
});

describe('shouldRetry', () => {
  it('retries transient codes only', () => {
    for (const code of ['rate-limited', 'server-error', 'timeout', 'connection', 'bad-response'] as const) {
      expect(isRetryable(code)).toBe(true);
    }
    for (const code of ['auth', 'bad-request', 'cache-miss', 'unavailable', 'aborted'] as const) {
      expect(isRetryable(code)).toBe(false);
      expect(shouldRetry({ code, retries: 0, elapsedMs: 0, nextDelayMs: 0 }, policy)).toBe(false);
    }
  });

  it('stops at maxRetries and at the time budget', () => {
    expect(shouldRetry({ code: 'timeout', retries: 2, elapsedMs: 0, nextDelayMs: 10 }, policy)).toBe(true);
    expect(shouldRetry({ code: 'timeout', retries: 3, elapsedMs: 0, nextDelayMs: 10 }, policy)).toBe(false);
    expect(shouldRetry({ code: 'timeout', retries: 0, elapsedMs: 9_995, nextDelayMs: 10 }, policy)).toBe(false);
    expect(
      shouldRetry(
        { code: 'timeout', retries: 0, elapsedMs: 9_995, nextDelayMs: 10 },
        { ...policy, budgetMs: undefined },
      ),
    ).toBe(true);
  });

  it('has sane defaults', () => {
    expect(defaultRetryPolicy.maxRetries).toBeGreaterThan(0);
    expect(defaultRetryPolicy.baseDelayMs).toBeLessThan(defaultRetryPolicy.maxDelayMs);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter({ retryAfterMs: '250', retryAfter: '9' }, now)).toBe(250);
  });
  it('reads seconds and fractional seconds', () => {
    expect(parseRetryAfter({ retryAfter: '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ retryAfter: '0.5' }, now)).toBe(500);
  });
  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ retryAfter: 'Wed, 01 Jan 2025 00:00:07 GMT' }, now)).toBe(7000);
    expect(parseRetryAfter({ retryAfter: 'Tue, 31 Dec 2024 23:59:00 GMT' }, now)).toBe(0);
  });
  it('ignores missing and malformed values', () => {
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ retryAfter: 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ retryAfter: '-5', retryAfterMs: 'x' }, now)).toBeUndefined();
  });
});

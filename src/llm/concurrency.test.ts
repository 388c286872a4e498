import { describe, expect, it } from 'vitest';

import {
  AdaptiveLimiter,
  ceilingOf,
  initialConcurrency,
  nextConcurrency,
  slots,
  type ConcurrencyConfig,
  type ConcurrencyEvent,
  type ConcurrencyState,
} from './concurrency.js';

const config: ConcurrencyConfig = { requested: 32, min: 2, coolDownMs: 1000 };

function apply(state: ConcurrencyState, event: ConcurrencyEvent, times: number, at = 0): ConcurrencyState {
  let next = state;
  for (let index = 0; index < times; index += 1) next = nextConcurrency(next, event, at, config);
  return next;
}

describe('the adaptive limit', () => {
  it('starts at the requested concurrency, or at the provider’s documented limit when that is lower', () => {
    expect(slots(initialConcurrency(config))).toBe(32);
    expect(slots(initialConcurrency({ ...config, providerLimit: 4 }))).toBe(4);
    expect(slots(initialConcurrency({ ...config, providerLimit: 100 }))).toBe(32);
    expect(ceilingOf({ ...config, requested: 0 })).toBe(1);
  });

  it('never exceeds what was asked, however many successes come', () => {
    const state = apply(initialConcurrency(config), 'success', 10_000);
    expect(state.limit).toBe(32);
    const provider = { ...config, providerLimit: 4 };
    let limited = initialConcurrency(provider);
    for (let index = 0; index < 1000; index += 1) limited = nextConcurrency(limited, 'success', 0, provider);
    expect(limited.limit).toBe(4);
  });

  it('halves on a 429 and ignores further 429s inside the cool-down', () => {
    const once = nextConcurrency(initialConcurrency(config), 'rate-limited', 5000, config);
    expect(slots(once)).toBe(16);
    expect(nextConcurrency(once, 'rate-limited', 5500, config)).toBe(once);
    expect(slots(nextConcurrency(once, 'rate-limited', 6000, config))).toBe(8);
  });

  it('never drops below min', () => {
    let state = initialConcurrency(config);
    for (let index = 0; index < 10; index += 1) state = nextConcurrency(state, 'rate-limited', index * 2000, config);
    expect(slots(state)).toBe(2);
  });

  it('doubles back to the level of the 429 after one window of successes at each level', () => {
    let state = nextConcurrency(initialConcurrency(config), 'rate-limited', 0, config);
    state = nextConcurrency(state, 'rate-limited', 2000, config); // 32 → 16 → 8; recover to 16 (the second 429's level)
    expect(slots(state)).toBe(8);
    state = apply(state, 'success', 7);
    expect(slots(state)).toBe(8);
    state = apply(state, 'success', 1);
    expect(slots(state)).toBe(16);
    // At the last good level the growth turns additive: about one slot per window of 16 successes.
    state = apply(state, 'success', 16);
    expect(slots(state)).toBe(17);
    state = apply(state, 'success', 17);
    expect(slots(state)).toBe(18);
  });

  it('recovers from one 429 to the requested level within one window', () => {
    let state = nextConcurrency(initialConcurrency(config), 'rate-limited', 0, config);
    expect(slots(state)).toBe(16);
    state = apply(state, 'success', 16);
    expect(slots(state)).toBe(32);
  });

  it('leaves the limit alone on other failures', () => {
    const start = initialConcurrency(config);
    expect(nextConcurrency(start, 'other', 0, config)).toBe(start);
  });
});

describe('AdaptiveLimiter', () => {
  it('admits requested callers at once and queues the rest in order', async () => {
    const limiter = new AdaptiveLimiter({ requested: 2, min: 1, coolDownMs: 0 }, () => 0);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire().then(() => order.push(3));
    const fourth = limiter.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(limiter.inFlight).toBe(2);
    expect(order).toEqual([]);
    limiter.release('success');
    await third;
    expect(order).toEqual([3]);
    limiter.release('success');
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('shrinks after a 429 so fewer waiters are admitted', async () => {
    const limiter = new AdaptiveLimiter({ requested: 4, min: 1, coolDownMs: 1000 }, () => 0);
    for (let index = 0; index < 4; index += 1) await limiter.acquire();
    let admitted = 0;
    const waiters = Array.from({ length: 4 }, () => limiter.acquire().then(() => (admitted += 1)));
    limiter.release('rate-limited');
    limiter.release('other');
    limiter.release('other');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Limit is now 2 with 1 still in flight: exactly one waiter got in.
    expect(limiter.limit).toBe(2);
    expect(admitted).toBe(1);
    limiter.release('other');
    limiter.release('other');
    limiter.release('other');
    await Promise.all(waiters);
    expect(admitted).toBe(4);
  });

  it('rejects a waiter whose signal aborts', async () => {
    const limiter = new AdaptiveLimiter({ requested: 1, min: 1, coolDownMs: 0 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    limiter.release('success');
    expect(limiter.inFlight).toBe(0);
  });
});

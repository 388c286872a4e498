import { describe, expect, it } from 'vitest';

import {
  AdaptiveLimiter,
  initialConcurrency,
  nextConcurrency,
  slots,
  type ConcurrencyConfig,
  type ConcurrencyState,
} from './concurrency.js';

const config: ConcurrencyConfig = { initial: 16, min: 2, max: 20, coolDownMs: 1000 };

describe('nextConcurrency (AIMD)', () => {
  it('halves on a 429 and ignores further 429s inside the cool-down', () => {
    const start = initialConcurrency(config);
    const once = nextConcurrency(start, 'rate-limited', 5000, config);
    expect(slots(once)).toBe(8);
    expect(nextConcurrency(once, 'rate-limited', 5500, config)).toBe(once);
    expect(slots(nextConcurrency(once, 'rate-limited', 6000, config))).toBe(4);
  });

  it('never drops below min nor grows above max', () => {
    let state = initialConcurrency(config);
    for (let index = 0; index < 10; index += 1) state = nextConcurrency(state, 'rate-limited', index * 2000, config);
    expect(slots(state)).toBe(2);
    for (let index = 0; index < 1000; index += 1) state = nextConcurrency(state, 'success', 0, config);
    expect(slots(state)).toBe(20);
  });

  it('grows by about one slot per limit successes', () => {
    let state: ConcurrencyState = { limit: 4, lastDecreaseAt: undefined };
    for (let index = 0; index < 4; index += 1) state = nextConcurrency(state, 'success', 0, config);
    expect(slots(state)).toBe(4);
    state = nextConcurrency(state, 'success', 0, config);
    expect(slots(state)).toBe(5);
  });

  it('leaves the limit alone on other failures', () => {
    const start = initialConcurrency(config);
    expect(nextConcurrency(start, 'other', 0, config)).toBe(start);
  });
});

describe('AdaptiveLimiter', () => {
  it('admits at most limit callers and queues the rest in order', async () => {
    const limiter = new AdaptiveLimiter({ initial: 2, min: 1, max: 2, coolDownMs: 0 }, () => 0);
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
    const limiter = new AdaptiveLimiter({ initial: 4, min: 1, max: 4, coolDownMs: 1000 }, () => 0);
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
    const limiter = new AdaptiveLimiter({ initial: 1, min: 1, max: 1, coolDownMs: 0 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    limiter.release('success');
    expect(limiter.inFlight).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';

import { itemsInFlight, runItemsConcurrently } from './item-concurrency.js';

/** Resolves after `turns` event-loop turns: items that overlap without any timing assumption. */
const turns = async (count: number): Promise<void> => {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('runItemsConcurrently', () => {
  it('runs every item once, starting them in order, with at most twice the request concurrency in flight', async () => {
    const items = Array.from({ length: 25 }, (_, index) => index);
    const started: number[] = [];
    let inFlight = 0;
    let peak = 0;
    await runItemsConcurrently(items, 3, async (item) => {
      started.push(item);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await turns(1 + (item % 4));
      inFlight -= 1;
    });
    expect(started).toEqual(items);
    expect(peak).toBe(itemsInFlight(3));
  });

  it('starts each item one event-loop turn after the one before it, so its request can leave first', async () => {
    const startedAtTurn: number[] = [];
    let turn = 0;
    const tick = (): void => {
      turn += 1;
      if (turn < 50) setImmediate(tick);
    };
    setImmediate(tick);
    await runItemsConcurrently([0, 1, 2, 3, 4, 5], 2, async () => {
      startedAtTurn.push(turn);
      await turns(20);
    });
    // Four workers (twice the request concurrency): each a turn later than the last; the rest as workers free up.
    const firstFour = startedAtTurn.slice(0, 4);
    expect(firstFour.slice(1).every((at, index) => at > (firstFour[index] ?? at))).toBe(true);
    expect(startedAtTurn).toHaveLength(6);
  });

  it('starts nothing new once the signal aborts', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    await runItemsConcurrently(
      Array.from({ length: 10 }, (_, index) => index),
      1,
      async (item) => {
        started.push(item);
        if (item === 2) controller.abort();
        await turns(1);
      },
      controller.signal,
    );
    expect(started.length).toBeLessThan(10);
    expect(started).toContain(2);
  });
});

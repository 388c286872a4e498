import { describe, expect, it } from 'vitest';

import { llmBoundMakespanMs, type MakespanItem } from './makespan.js';

/** The schedule when items and request slots are one and the same (the runner before it kept more items than
 * slots): items on the earliest free slot in plan order, each waiting for its group's generation in its slot. */
function listScheduleMs(
  items: readonly MakespanItem[],
  generationCalls: ReadonlyMap<string, number>,
  slots: number,
  callMs: number,
): number {
  const free = Array.from({ length: slots }, () => 0);
  const generationEnd = new Map<string, number>();
  let makespan = 0;
  for (const item of items) {
    const slot = free.indexOf(Math.min(...free));
    const start = free[slot] ?? 0;
    let ready = generationEnd.get(item.group);
    if (ready === undefined) {
      ready = start + (generationCalls.get(item.group) ?? 0) * callMs;
      generationEnd.set(item.group, ready);
    }
    const end = Math.max(start, ready) + item.calls * callMs;
    free[slot] = end;
    makespan = Math.max(makespan, end);
  }
  return makespan;
}

/** A seeded plan: groups of 1-6 strategies, 0-3 calls each, generations of 0-2 calls. */
function randomPlan(seed: number): { items: MakespanItem[]; generations: Map<string, number> } {
  let state = seed;
  const random = (below: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % below;
  };
  const items: MakespanItem[] = [];
  const generations = new Map<string, number>();
  for (let group = 0; group < 30; group += 1) {
    generations.set(`g${String(group)}`, random(3));
    const strategies = 1 + random(6);
    for (let index = 0; index < strategies; index += 1) items.push({ group: `g${String(group)}`, calls: random(4) });
  }
  return { items, generations };
}

describe('llmBoundMakespanMs', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals the list schedule when items and slots are as many (plan %i)', (seed) => {
    const { items, generations } = randomPlan(seed);
    for (const slots of [1, 3, 8, 32]) {
      expect(llmBoundMakespanMs(items, generations, { itemWorkers: slots, requestSlots: slots, callMs: 200 })).toBe(
        listScheduleMs(items, generations, slots, 200),
      );
    }
  });

  it('with more items than slots, a slot an item would hold while it waits for a generation goes to a request', () => {
    const items = [
      { group: 'a', calls: 1 },
      { group: 'a', calls: 1 },
      { group: 'b', calls: 0 },
    ];
    const generations = new Map([
      ['a', 1],
      ['b', 1],
    ]);
    expect(listScheduleMs(items, generations, 2, 100)).toBe(300);
    expect(llmBoundMakespanMs(items, generations, { itemWorkers: 4, requestSlots: 2, callMs: 100 })).toBe(200);
  });

  it('never beats the request bound: all calls over the slots', () => {
    for (const seed of [11, 12, 13]) {
      const { items, generations } = randomPlan(seed);
      const calls =
        items.reduce((sum, item) => sum + item.calls, 0) + [...generations.values()].reduce((a, b) => a + b);
      const makespan = llmBoundMakespanMs(items, generations, { itemWorkers: 64, requestSlots: 4, callMs: 10 });
      expect(makespan).toBeGreaterThanOrEqual(Math.ceil(calls / 4) * 10);
    }
  });

  it('is zero for a plan that makes no calls', () => {
    expect(
      llmBoundMakespanMs([{ group: 'a', calls: 0 }], new Map(), { itemWorkers: 2, requestSlots: 2, callMs: 5 }),
    ).toBe(0);
  });
});

// The LLM-bound makespan of a run: the runner's schedule with zero CPU cost, every model call taking `callMs`. Items
// start in plan order whenever one of `itemWorkers` is free; an item waits for its task's shared generation (made by
// the first item to need it, as part of that item), then makes its own calls one after another; each call waits
// first-come first-served for one of `requestSlots` (the limiter). Pure, so the benchmark and its tests share it.

export interface MakespanItem {
  /** The generation this item repairs (a task and run index). */
  readonly group: string;
  /** Its own sequential model calls. */
  readonly calls: number;
}

export interface MakespanSchedule {
  readonly itemWorkers: number;
  readonly requestSlots: number;
  readonly callMs: number;
}

interface ItemState {
  /** Generation calls still to make (only for the item that makes its group's generation), then its own. */
  generationLeft: number;
  ownLeft: number;
  readonly group: string;
}

type EventBody =
  | { readonly kind: 'call-ends'; readonly atMs: number; readonly item: ItemState }
  | { readonly kind: 'worker-free'; readonly atMs: number };
type Event = EventBody & { readonly seq: number };

export function llmBoundMakespanMs(
  items: readonly MakespanItem[],
  generationCalls: ReadonlyMap<string, number>,
  schedule: MakespanSchedule,
): number {
  const events: Event[] = [];
  let seq = 0;
  const push = (event: EventBody): void => {
    events.push({ ...event, seq: seq++ });
  };
  const waiting: ItemState[] = []; // requests queued for a slot, first come first served
  const generationDone = new Map<string, number>();
  const generationWaiters = new Map<string, ItemState[]>();
  let freeSlots = schedule.requestSlots;
  let next = 0;
  let makespan = 0;

  const dispatch = (now: number): void => {
    while (freeSlots > 0 && waiting.length > 0) {
      const item = waiting.shift();
      if (item === undefined) break;
      freeSlots -= 1;
      push({ kind: 'call-ends', atMs: now + schedule.callMs, item });
    }
  };
  /** The item's next step at `now`: another call, waiting for its generation, or done (its worker is free). */
  const advance = (item: ItemState, now: number): void => {
    if (item.generationLeft > 0) {
      waiting.push(item);
      return;
    }
    const ready = generationDone.get(item.group);
    if (ready === undefined) {
      generationWaiters.get(item.group)?.push(item);
      return;
    }
    if (item.ownLeft > 0) {
      waiting.push(item);
      return;
    }
    makespan = Math.max(makespan, now);
    push({ kind: 'worker-free', atMs: now });
  };
  const finishGeneration = (group: string, now: number): void => {
    generationDone.set(group, now);
    const waiters = generationWaiters.get(group) ?? [];
    generationWaiters.delete(group);
    for (const waiter of waiters) advance(waiter, now);
  };
  const startItem = (now: number): void => {
    const item = items[next];
    next += 1;
    if (item === undefined) return;
    const state: ItemState = { generationLeft: 0, ownLeft: item.calls, group: item.group };
    if (!generationDone.has(item.group) && !generationWaiters.has(item.group)) {
      // This item makes its group's generation; others needing it wait.
      generationWaiters.set(item.group, []);
      state.generationLeft = generationCalls.get(item.group) ?? 0;
      if (state.generationLeft === 0) finishGeneration(item.group, now);
    }
    advance(state, now);
  };

  for (let worker = 0; worker < schedule.itemWorkers; worker += 1) startItem(0);
  dispatch(0);
  while (events.length > 0) {
    // Earliest first; at one instant, in the order the events arose.
    events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const event = events.shift();
    if (event === undefined) break;
    const now = event.atMs;
    if (event.kind === 'call-ends') {
      freeSlots += 1;
      const item = event.item;
      if (item.generationLeft > 0) {
        item.generationLeft -= 1;
        if (item.generationLeft === 0) finishGeneration(item.group, now);
      } else {
        item.ownLeft -= 1;
      }
      advance(item, now);
    } else {
      startItem(now);
    }
    dispatch(now);
  }
  return makespan;
}

// How many work items a run keeps in flight for a request concurrency of n. The limiter bounds the model requests
// open at once per endpoint at n; an item between two of its calls (extracting, scanning, committing, waiting for
// Bandit's workers or for its task's shared generation) holds no request slot. With only n items in flight, every
// such moment is a slot left idle, and the run's short tail showed it (a mean of ~20 of 32 requests open). Twice n
// items keep a request waiting for each slot that frees, so the limiter, not the item count, sets the pace; each item
// holds one small in-memory state, and the sandbox and Bandit keep their own bounds.
export const itemsPerRequestSlot = 2;

export function itemsInFlight(requestConcurrency: number): number {
  return Math.max(1, Math.floor(requestConcurrency)) * itemsPerRequestSlot;
}

/** Runs `items` in order, `itemsInFlight(requestConcurrency)` at a time, until they are done or `signal` aborts. */
export async function runItemsConcurrently<T>(
  items: readonly T[],
  requestConcurrency: number,
  run: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (signal?.aborted !== true) {
      const item = items[next];
      next += 1;
      if (item === undefined) return;
      await run(item);
    }
  };
  const workers = Math.min(itemsInFlight(requestConcurrency), Math.max(1, items.length));
  // Each item starts one event-loop turn after the one before it. An item's work until its request leaves is one
  // chain of microtasks, and a request is only written to its socket when the loop next polls I/O: started together,
  // every item set up its request before the first one left (profiled on the 121-item agent run at concurrency 32:
  // nothing open for the run's first ~250 ms, then 32 answers back at once and waiting on one thread). One turn apart,
  // the first request leaves while the second item sets up, and the answers come back spread the same way.
  const afterIo = (): Promise<void> =>
    new Promise((resolve) => {
      setImmediate(resolve);
    });
  const running: Promise<void>[] = [];
  for (let index = 0; index < workers; index += 1) {
    if (index > 0) await afterIo();
    running.push(worker());
  }
  await Promise.all(running);
}

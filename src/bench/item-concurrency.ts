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
  // The items beyond the request slots start after one turn of the event loop: their set-up would otherwise run
  // before the first requests leave (each item's work until its request is one chain of microtasks).
  const afterIo = (): Promise<void> =>
    new Promise((resolve) => {
      setImmediate(resolve);
    });
  await Promise.all(
    Array.from({ length: workers }, (_, index) => (index < requestConcurrency ? worker() : afterIo().then(worker))),
  );
}

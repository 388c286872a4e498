// Node compiles its fetch implementation (undici, one large internal module) on the first use of any of its
// globals; every provider SDK calls fetch. Left to the first model call, that compile lands in the run's first
// round, with every slot's request waiting behind it (profiled: ~130 ms of CPU, several times that on a loaded
// machine). A run preloads it during its set-up instead, while Node is otherwise idle waiting for the analyzers
// (Bandit's workers) to start.
let preloaded = false;

/** Loads Node's fetch implementation now rather than on the first request; cheap after the first call. */
export function preloadHttpClient(): void {
  if (preloaded) return;
  preloaded = true;
  // Constructing a Headers object is the cheapest use that loads the whole implementation fetch runs on.
  new Headers().has('content-type');
}

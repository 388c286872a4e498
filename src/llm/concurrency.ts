// Adaptive concurrency per provider endpoint. The limit starts at what the caller asked for (lowered to the
// provider's documented limit when one is known), because a run that asks for 32 and gets 8 at first loses most of a
// short run to the ramp. A 429 halves it, at most once per cool-down window so one burst of 429s counts once; it
// then recovers like TCP's slow start: it doubles after each window of successes (one window = as many successes as
// the limit) up to the level it had when the 429 came, then grows by one slot per window. It never exceeds the
// request. The decisions are pure; the limiter around them only queues callers.

export interface ConcurrencyConfig {
  /** What the caller asked for: the limit starts here and never goes above it. */
  readonly requested: number;
  /** The provider's documented limit on requests served at once, when it is known (an embedded model answers one
   * prompt at a time); the effective ceiling is the lower of the two. */
  readonly providerLimit?: number;
  readonly min: number;
  /** After a decrease, further 429s within this window do not decrease again. */
  readonly coolDownMs: number;
}

export const defaultConcurrency: ConcurrencyConfig = { requested: 8, min: 1, coolDownMs: 1000 };

export interface ConcurrencyState {
  /** Whole slots. */
  readonly limit: number;
  /** The level to double back up to after a 429 (the limit when it came); additive growth above it. */
  readonly recoverTo: number;
  /** Successes since the limit last changed: a full window of them (as many as the limit) raises it. */
  readonly windowSuccesses: number;
  readonly lastDecreaseAt: number | undefined;
}

export type ConcurrencyEvent = 'success' | 'rate-limited' | 'other';

/** The highest limit this config allows. */
export function ceilingOf(config: ConcurrencyConfig): number {
  const requested = Math.max(1, Math.floor(config.requested));
  return config.providerLimit === undefined ? requested : Math.max(1, Math.min(requested, config.providerLimit));
}

export function initialConcurrency(config: ConcurrencyConfig): ConcurrencyState {
  const ceiling = ceilingOf(config);
  return { limit: ceiling, recoverTo: ceiling, windowSuccesses: 0, lastDecreaseAt: undefined };
}

export function nextConcurrency(
  state: ConcurrencyState,
  event: ConcurrencyEvent,
  nowMs: number,
  config: ConcurrencyConfig,
): ConcurrencyState {
  const ceiling = ceilingOf(config);
  switch (event) {
    case 'success': {
      if (state.limit >= ceiling) return state.limit === ceiling ? state : { ...state, limit: ceiling };
      // One window = as many successes as the limit (every slot came back fine once).
      const windowSuccesses = state.windowSuccesses + 1;
      if (windowSuccesses < state.limit) return { ...state, windowSuccesses };
      // Below the level of the last 429: double (no further than that level); at or above it: probe one slot.
      const limit = state.limit < state.recoverTo ? Math.min(state.recoverTo, state.limit * 2) : state.limit + 1;
      return { ...state, limit: Math.min(ceiling, limit), windowSuccesses: 0 };
    }
    case 'rate-limited': {
      if (state.lastDecreaseAt !== undefined && nowMs - state.lastDecreaseAt < config.coolDownMs) return state;
      const limit = Math.max(Math.min(config.min, ceiling), Math.floor(state.limit / 2));
      // The level the 429 came at is the one to recover to; a 429 on the way back up lowers that target.
      const recoverTo = Math.min(ceiling, Math.max(limit, Math.floor(state.limit)));
      return { limit, recoverTo, windowSuccesses: 0, lastDecreaseAt: nowMs };
    }
    case 'other':
      return state;
  }
}

/** Slots usable now. */
export function slots(state: ConcurrencyState): number {
  return Math.max(1, Math.floor(state.limit));
}

/** A queue of callers gated by the adaptive limit. */
export class AdaptiveLimiter {
  private state: ConcurrencyState;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly config: ConcurrencyConfig = defaultConcurrency,
    private readonly now: () => number = Date.now,
  ) {
    this.state = initialConcurrency(config);
  }

  get limit(): number {
    return this.state.limit;
  }

  get inFlight(): number {
    return this.active;
  }

  /** Resolves when a slot is free; rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason as Error);
    if (this.active < slots(this.state) && this.waiting.length === 0) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(event: ConcurrencyEvent): void {
    this.active -= 1;
    this.state = nextConcurrency(this.state, event, this.now(), this.config);
    this.drain();
  }

  private drain(): void {
    while (this.active < slots(this.state)) {
      const next = this.waiting.shift();
      if (next === undefined) return;
      next();
    }
  }
}

// Adaptive concurrency per provider endpoint (AIMD): halve the limit on a 429, at most once per cool-down window so
// one burst of 429s counts once; grow by one slot per "limit" successes. The decision is pure; the limiter around it
// only queues callers.

export interface ConcurrencyConfig {
  readonly initial: number;
  readonly min: number;
  readonly max: number;
  /** After a decrease, further 429s within this window do not decrease again. */
  readonly coolDownMs: number;
}

export const defaultConcurrency: ConcurrencyConfig = { initial: 8, min: 1, max: 64, coolDownMs: 1000 };

export interface ConcurrencyState {
  /** Fractional so additive increase can be spread over many successes. */
  readonly limit: number;
  readonly lastDecreaseAt: number | undefined;
}

export type ConcurrencyEvent = 'success' | 'rate-limited' | 'other';

export function initialConcurrency(config: ConcurrencyConfig): ConcurrencyState {
  return { limit: clamp(config.initial, config), lastDecreaseAt: undefined };
}

export function nextConcurrency(
  state: ConcurrencyState,
  event: ConcurrencyEvent,
  nowMs: number,
  config: ConcurrencyConfig,
): ConcurrencyState {
  switch (event) {
    case 'success':
      return { ...state, limit: clamp(state.limit + 1 / Math.max(1, state.limit), config) };
    case 'rate-limited':
      if (state.lastDecreaseAt !== undefined && nowMs - state.lastDecreaseAt < config.coolDownMs) return state;
      return { limit: clamp(state.limit / 2, config), lastDecreaseAt: nowMs };
    case 'other':
      return state;
  }
}

/** Slots usable now. */
export function slots(state: ConcurrencyState): number {
  return Math.max(1, Math.floor(state.limit));
}

function clamp(limit: number, config: ConcurrencyConfig): number {
  return Math.min(config.max, Math.max(config.min, limit));
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

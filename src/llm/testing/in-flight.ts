// What a run kept open against the stub server, from the server's own log of in-flight changes: the peak, the
// time-weighted mean over a window, and when a level was first reached. Pure, so benchmarks and tests share it.
import type { InFlightChange } from './stub-server.js';

export interface InFlightProfile {
  readonly peak: number;
  /** Time-weighted mean over [fromMs, toMs]. */
  readonly mean: number;
  readonly windowMs: number;
}

export function inFlightProfile(changes: readonly InFlightChange[], fromMs: number, toMs: number): InFlightProfile {
  const windowMs = Math.max(0, toMs - fromMs);
  let level = 0;
  let peak = 0;
  let area = 0;
  let cursor = fromMs;
  for (const change of changes) {
    if (change.atMs <= fromMs) {
      level = change.inFlight;
      continue;
    }
    if (change.atMs >= toMs) break;
    area += level * (change.atMs - cursor);
    peak = Math.max(peak, level);
    cursor = change.atMs;
    level = change.inFlight;
  }
  peak = Math.max(peak, level);
  area += level * Math.max(0, toMs - cursor);
  return { peak, mean: windowMs === 0 ? level : area / windowMs, windowMs };
}

/** Milliseconds after `fromMs` at which `level` requests were first open at once, or undefined if never. */
export function timeToReach(changes: readonly InFlightChange[], level: number, fromMs: number): number | undefined {
  const reached = changes.find((change) => change.atMs >= fromMs && change.inFlight >= level);
  return reached === undefined ? undefined : reached.atMs - fromMs;
}

/** Where a run's request slots stood idle: the wall time split into what full slots would have taken and the slot
 * time lost in each phase, each as wall milliseconds (idle slot-ms ÷ slots), so they add up to the window. */
export interface IdleSlots {
  /** Busy slot-ms ÷ slots: the wall time the same requests need with every slot always full. */
  readonly fullMs: number;
  /** Until the first answer: every slot should be open by then (the whole window if no answer came). */
  readonly rampMs: number;
  readonly rampLostMs: number;
  /** From then until the last request was opened. */
  readonly steadyLostMs: number;
  /** From the last request opened until the last answer: no request left to send. */
  readonly drainLostMs: number;
  /** After the last answer, until the window's end (the last commits, closing the run). */
  readonly closeMs: number;
}

export function idleSlots(changes: readonly InFlightChange[], slots: number, fromMs: number, toMs: number): IdleSlots {
  let firstAnswer: number | undefined;
  let lastOpen = fromMs;
  let lastAnswer = fromMs;
  let previous = changes.filter((change) => change.atMs < fromMs).at(-1)?.inFlight ?? 0;
  for (const change of changes) {
    if (change.atMs < fromMs || change.atMs > toMs) continue;
    if (change.inFlight > previous) {
      lastOpen = change.atMs;
    } else {
      firstAnswer ??= change.atMs;
      lastAnswer = change.atMs;
    }
    previous = change.inFlight;
  }
  const rampEnd = firstAnswer ?? toMs;
  const drainStart = Math.max(rampEnd, lastOpen);
  const drainEnd = Math.max(drainStart, lastAnswer);
  const lost = (start: number, end: number): number => {
    if (end <= start) return 0;
    const profile = inFlightProfile(changes, start, end);
    return ((slots - profile.mean) * profile.windowMs) / slots;
  };
  const whole = inFlightProfile(changes, fromMs, toMs);
  return {
    fullMs: (whole.mean * whole.windowMs) / slots,
    rampMs: rampEnd - fromMs,
    rampLostMs: lost(fromMs, rampEnd),
    steadyLostMs: lost(rampEnd, drainStart),
    drainLostMs: lost(drainStart, drainEnd),
    closeMs: Math.max(0, toMs - drainEnd),
  };
}

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

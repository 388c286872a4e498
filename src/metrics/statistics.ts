// Small statistics for the tables: the mean over repeated runs with a two-sided 95% Student-t interval (df = n − 1),
// which stays honest for the 3–5 runs the studies use where a normal interval would be too narrow.
import type { Interval } from './types.js';

/** t_{0.975, df} for df = 1…30; beyond 30 the normal 1.96 is within 2%. */
const tQuantiles = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(degreesOfFreedom: number): number {
  return tQuantiles[degreesOfFreedom - 1] ?? 1.96;
}

export function meanInterval(values: readonly number[]): Interval {
  const runs = values.length;
  if (runs === 0) return { mean: 0, low: null, high: null, runs };
  const mean = values.reduce((sum, value) => sum + value, 0) / runs;
  if (runs === 1) return { mean, low: null, high: null, runs };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (runs - 1);
  const half = tQuantile975(runs - 1) * Math.sqrt(variance / runs);
  return { mean, low: mean - half, high: mean + half, runs };
}

export function share(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

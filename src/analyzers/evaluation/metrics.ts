// Detector metrics over a labelled set: pure, from verdicts and findings to a table.
import { findingMatches, type MatchableFinding } from './cwe-equivalence.js';

export interface LabelledSample {
  readonly id: string;
  readonly targetCwe: number;
  /** Human verdict: 1 and 0.5 are vulnerable, 0 is not. */
  readonly vulnerable: boolean;
}

export type FindingCwe = MatchableFinding;

export type MatchMode = 'any' | 'target';

export interface ModeScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  readonly recall: number;
  readonly precision: number;
}

export interface CweRow {
  readonly cwe: number;
  readonly vulnerable: number;
  readonly safe: number;
  /** Per analyzer: vulnerable files flagged with the target CWE, safe files flagged with it. */
  readonly detected: Readonly<Record<string, { readonly truePositives: number; readonly falsePositives: number }>>;
}

export function flagged(findings: readonly FindingCwe[], mode: MatchMode, target: number): boolean {
  return mode === 'any' ? findings.length > 0 : findings.some((finding) => findingMatches(target, finding));
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function score(
  samples: readonly LabelledSample[],
  findings: ReadonlyMap<string, readonly FindingCwe[]>,
  mode: MatchMode,
): ModeScore {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const sample of samples) {
    const hit = flagged(findings.get(sample.id) ?? [], mode, sample.targetCwe);
    if (sample.vulnerable && hit) truePositives++;
    else if (sample.vulnerable) falseNegatives++;
    else if (hit) falsePositives++;
    else trueNegatives++;
  }
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    recall: ratio(truePositives, truePositives + falseNegatives),
    precision: ratio(truePositives, truePositives + falsePositives),
  };
}

/** Findings of several analyzers per sample, concatenated. */
export function unionFindings(maps: readonly ReadonlyMap<string, readonly FindingCwe[]>[]): Map<string, FindingCwe[]> {
  const union = new Map<string, FindingCwe[]>();
  for (const map of maps) for (const [id, findings] of map) union.set(id, [...(union.get(id) ?? []), ...findings]);
  return union;
}

export function perCwe(
  samples: readonly LabelledSample[],
  byAnalyzer: ReadonlyMap<string, ReadonlyMap<string, readonly FindingCwe[]>>,
): CweRow[] {
  const cwes = [...new Set(samples.map((sample) => sample.targetCwe))].sort((a, b) => a - b);
  return cwes.map((cwe) => {
    const group = samples.filter((sample) => sample.targetCwe === cwe);
    const detected: Record<string, { truePositives: number; falsePositives: number }> = {};
    for (const [name, findings] of byAnalyzer) {
      const result = score(group, findings, 'target');
      detected[name] = { truePositives: result.truePositives, falsePositives: result.falsePositives };
    }
    return {
      cwe,
      vulnerable: group.filter((sample) => sample.vulnerable).length,
      safe: group.filter((sample) => !sample.vulnerable).length,
      detected,
    };
  });
}

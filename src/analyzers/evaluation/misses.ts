// `eval:analyzers --list-fn`, pure: the vulnerable files a detector misses in target-CWE mode, each with its target CWE
// and what was reported, so the misses can be read by class instead of guessed at (`--list-fp`: false-alarms.ts).
import { flagged, type LabelledSample } from './metrics.js';

export interface ReportedFinding {
  readonly cwe: number | null;
  readonly ruleId: string;
  readonly line: number;
}

export interface MissRow {
  readonly id: string;
  readonly targetCwe: number;
  readonly reported: readonly ReportedFinding[];
}

/** False negatives: vulnerable files not flagged with their target CWE, by CWE then file. */
export function targetMisses(
  samples: readonly LabelledSample[],
  findings: ReadonlyMap<string, readonly ReportedFinding[]>,
): MissRow[] {
  return samples
    .filter((sample) => sample.vulnerable && !flagged(findings.get(sample.id) ?? [], 'target', sample.targetCwe))
    .map((sample) => ({ id: sample.id, targetCwe: sample.targetCwe, reported: findings.get(sample.id) ?? [] }))
    .sort((a, b) => a.targetCwe - b.targetCwe || a.id.localeCompare(b.id));
}

export function formatMisses(label: string, rows: readonly MissRow[]): string {
  const lines = ['', `${label}: ${String(rows.length)} files`];
  for (const row of rows) {
    const reported = row.reported.map(
      (finding) => `${finding.ruleId}(CWE-${String(finding.cwe ?? '?')})@${String(finding.line)}`,
    );
    lines.push(`CWE-${String(row.targetCwe)}\t${row.id}\t${reported.length > 0 ? reported.join(' ') : '-'}`);
  }
  lines.push('');
  return lines.join('\n');
}

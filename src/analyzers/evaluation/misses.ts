// `eval:analyzers --list-fn` / `--list-fp`, pure: the files a detector gets wrong in target-CWE mode, each with its
// target CWE and what was reported, so the misses (and false alarms) can be read by class instead of guessed at.
import { flagged, type LabelledSample } from './metrics.js';

export interface ReportedFinding {
  readonly cwe: number | null;
  readonly ruleId: string;
  readonly line: number;
}

export type ErrorKind = 'fn' | 'fp';

export interface MissRow {
  readonly id: string;
  readonly targetCwe: number;
  readonly reported: readonly ReportedFinding[];
}

/** False negatives (vulnerable, not flagged with the target CWE) or false positives (safe, flagged with it). */
export function targetErrors(
  samples: readonly LabelledSample[],
  findings: ReadonlyMap<string, readonly ReportedFinding[]>,
  kind: ErrorKind,
): MissRow[] {
  return samples
    .filter((sample) => {
      const hit = flagged(findings.get(sample.id) ?? [], 'target', sample.targetCwe);
      return kind === 'fn' ? sample.vulnerable && !hit : !sample.vulnerable && hit;
    })
    .map((sample) => ({ id: sample.id, targetCwe: sample.targetCwe, reported: findings.get(sample.id) ?? [] }))
    .sort((a, b) => a.targetCwe - b.targetCwe || a.id.localeCompare(b.id));
}

export function formatErrors(label: string, rows: readonly MissRow[]): string {
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

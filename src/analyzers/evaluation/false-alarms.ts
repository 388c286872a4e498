// `eval:analyzers --list-fp`: every false alarm in target-CWE mode — a finding that matches the target CWE of a file
// humans call not vulnerable (for repairs: fixed) — with its rule, file and line, and a count per rule. Pure.
import { findingMatches } from './cwe-equivalence.js';
import type { LabelledSample } from './metrics.js';

export interface AlarmFinding {
  readonly analyzer: string;
  readonly ruleId: string;
  readonly cwe: number | null;
  readonly line: number;
}

export interface FalseAlarm {
  readonly file: string;
  readonly targetCwe: number;
  readonly finding: AlarmFinding;
}

/** The findings that make each safe file count as a false positive, in file order. */
export function falseAlarms(
  samples: readonly LabelledSample[],
  findings: ReadonlyMap<string, readonly AlarmFinding[]>,
): FalseAlarm[] {
  return samples
    .filter((sample) => !sample.vulnerable)
    .flatMap((sample) =>
      (findings.get(sample.id) ?? [])
        .filter((finding) => findingMatches(sample.targetCwe, finding))
        .map((finding) => ({ file: sample.id, targetCwe: sample.targetCwe, finding })),
    );
}

/** `analyzer:rule` → number of safe files it flags (a rule firing twice in one file counts once). */
export function falseAlarmsPerRule(alarms: readonly FalseAlarm[]): Map<string, number> {
  const files = new Map<string, Set<string>>();
  for (const alarm of alarms) {
    const key = `${alarm.finding.analyzer}:${alarm.finding.ruleId}`;
    files.set(key, (files.get(key) ?? new Set()).add(alarm.file));
  }
  return new Map(
    [...files].map(([key, set]) => [key, set.size] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}

export function formatFalseAlarms(title: string, alarms: readonly FalseAlarm[]): string {
  const perRule = falseAlarmsPerRule(alarms);
  const lines = [
    '',
    `False alarms, ${title}: ${String(new Set(alarms.map((alarm) => alarm.file)).size)} safe files flagged`,
    '| rule | safe files flagged |',
    '|---|---|',
    ...[...perRule].map(([rule, count]) => `| ${rule} | ${String(count)} |`),
    '',
    ...alarms.map(
      (alarm) =>
        `${alarm.finding.analyzer}:${alarm.finding.ruleId} CWE-${String(alarm.finding.cwe)} (target CWE-${String(alarm.targetCwe)}) ${alarm.file}:${String(alarm.finding.line)}`,
    ),
    '',
  ];
  return lines.join('\n');
}

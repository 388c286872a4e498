// Text tables for the analyzer evaluation.
import type { CweRow, LabelledSample, ModeScore } from './metrics.js';

export interface AnalyzerRow {
  readonly name: string;
  readonly any: ModeScore;
  readonly target: ModeScore;
  /** First pass in a fresh process (includes start-up) and a repeated pass, per file. */
  readonly coldMsPerFile: number;
  readonly warmMsPerFile: number;
  readonly errors: number;
}

function cell(value: number): string {
  return value.toFixed(2);
}

export function formatReport(
  samples: readonly LabelledSample[],
  rows: readonly AnalyzerRow[],
  cwes: readonly CweRow[],
  banditVersion: string,
): string {
  const vulnerable = samples.filter((sample) => sample.vulnerable).length;
  const lines: string[] = [];
  lines.push(
    `Labelled set: ${String(samples.length)} files, ${String(vulnerable)} vulnerable (verdict 1 or 0.5), ${String(samples.length - vulnerable)} safe. Bandit ${banditVersion}.`,
  );
  lines.push('');
  lines.push(
    '| analyzer | any: recall | any: precision | any: TP/FP | target CWE: recall | target CWE: precision | target: TP/FP | ms/file cold | ms/file warm | errors |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    lines.push(
      `| ${row.name} | ${cell(row.any.recall)} | ${cell(row.any.precision)} | ${String(row.any.truePositives)}/${String(row.any.falsePositives)} | ${cell(row.target.recall)} | ${cell(row.target.precision)} | ${String(row.target.truePositives)}/${String(row.target.falsePositives)} | ${row.coldMsPerFile.toFixed(2)} | ${row.warmMsPerFile.toFixed(2)} | ${String(row.errors)} |`,
    );
  }
  lines.push('');
  lines.push(
    'ms/file cold: the first pass over the set in a fresh process (start-up, module loading and JIT included). ms/file warm: the same files scanned again. The union row adds the two engines.',
  );
  lines.push('');
  lines.push('Per target CWE (target-CWE mode): vulnerable files detected / vulnerable, safe files flagged / safe');
  const names = rows.map((row) => row.name);
  lines.push(`| CWE | vulnerable | safe | ${names.map((name) => `${name} TP | ${name} FP`).join(' | ')} |`);
  lines.push(`|---|---|---|${names.map(() => '---|---').join('|')}|`);
  for (const row of cwes) {
    const counts = names.map((name) => {
      const detected = row.detected[name];
      return `${String(detected?.truePositives ?? 0)} | ${String(detected?.falsePositives ?? 0)}`;
    });
    lines.push(`| CWE-${String(row.cwe)} | ${String(row.vulnerable)} | ${String(row.safe)} | ${counts.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

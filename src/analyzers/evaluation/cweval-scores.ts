// Scores on the CWEval corpus (cweval-corpus.ts), pure: recall on the insecure variants, false alarms on the secure
// references, per analyzer in both match modes, and one row per module saying which analyzer flagged it with what.
import type { CwevalSample } from './cweval-corpus.js';
import { flagged, score, type MatchMode } from './metrics.js';
import type { ReportedFinding } from './misses.js';

export interface CwevalScoreRow {
  readonly analyzer: string;
  readonly mode: MatchMode;
  readonly unsafe: number;
  readonly caught: number;
  readonly secure: number;
  readonly secureFlagged: number;
}

export function cwevalScores(
  samples: readonly CwevalSample[],
  byAnalyzer: ReadonlyMap<string, ReadonlyMap<string, readonly ReportedFinding[]>>,
): CwevalScoreRow[] {
  return [...byAnalyzer].flatMap(([analyzer, findings]) =>
    (['any', 'target'] as const).map((mode) => {
      const result = score(samples, findings, mode);
      return {
        analyzer,
        mode,
        unsafe: result.truePositives + result.falseNegatives,
        caught: result.truePositives,
        secure: result.falsePositives + result.trueNegatives,
        secureFlagged: result.falsePositives,
      };
    }),
  );
}

function ratio(numerator: number, denominator: number): string {
  return (denominator === 0 ? 0 : numerator / denominator).toFixed(2);
}

/** What a module's verdict rests on in target-CWE mode: the matching rules, or `-`. */
function verdictCell(sample: CwevalSample, findings: readonly ReportedFinding[]): string {
  if (!flagged(findings, 'target', sample.targetCwe)) return '-';
  const rules = findings
    .filter((finding) => flagged([finding], 'target', sample.targetCwe))
    .map((finding) => `${finding.ruleId}@${String(finding.line)}`);
  return [...new Set(rules)].join(' ');
}

/** The summary over every analyzer row; the per-module table over `moduleColumns` (a subset, to stay readable). */
export function formatCwevalScores(
  samples: readonly CwevalSample[],
  byAnalyzer: ReadonlyMap<string, ReadonlyMap<string, readonly ReportedFinding[]>>,
  moduleColumns: readonly string[] = [...byAnalyzer.keys()],
): string {
  const tasks = new Set(samples.map((sample) => sample.task)).size;
  const unsafe = samples.filter((sample) => sample.vulnerable).length;
  const rows = cwevalScores(samples, byAnalyzer);
  const pair = (analyzer: string, mode: MatchMode): CwevalScoreRow | undefined =>
    rows.find((row) => row.analyzer === analyzer && row.mode === mode);
  const cells = (row: CwevalScoreRow | undefined): string =>
    row === undefined
      ? '- | - | -'
      : `${ratio(row.caught, row.unsafe)} | ${String(row.caught)}/${String(row.unsafe)} | ${String(row.secureFlagged)}/${String(row.secure)}`;
  const names = [...byAnalyzer.keys()];
  const lines = [
    '',
    `CWEval (held out): ${String(tasks)} tasks, ${String(samples.length - unsafe)} secure references (expected quiet), ${String(unsafe)} insecure variants from the tests (expected flagged)`,
    '| analyzer | any: recall | any: unsafe caught | any: secure flagged | target CWE: recall | target: unsafe caught | target: secure flagged |',
    '|---|---|---|---|---|---|---|',
    ...names.map((name) => `| ${name} | ${cells(pair(name, 'any'))} | ${cells(pair(name, 'target'))} |`),
    '',
    'Per module (target-CWE mode): the rules that flag it, `-` for none. A secure row with a rule is a false alarm; an unsafe row with `-` is a miss.',
    `| task | CWE | module | ${moduleColumns.join(' | ')} |`,
    `|---|---|---|${moduleColumns.map(() => '---').join('|')}|`,
    ...samples.map(
      (sample) =>
        `| ${sample.task} | ${String(sample.targetCwe)} | ${sample.variant} | ${moduleColumns.map((name) => verdictCell(sample, byAnalyzer.get(name)?.get(sample.id) ?? [])).join(' | ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

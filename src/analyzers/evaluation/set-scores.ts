// Scores per labelled set (first-generation code and LLM repairs), pure: from verdicts and findings to table rows.
// For repaired code the column that matters most is the share of repairs humans call fixed that the analyzers still
// flag: each such file sends a real fix back for more rounds.
import type { LabelledSetGroup } from './labelled-set.js';
import { score, type FindingCwe, type MatchMode } from './metrics.js';

export interface SetScoreRow {
  readonly set: string;
  readonly analyzer: string;
  readonly files: number;
  readonly vulnerable: number;
  readonly recall: number;
  readonly precision: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  /** Safe files (fixed repairs, or code humans call not vulnerable) flagged, over all safe files. */
  readonly safeFlagged: number;
}

function row(
  set: string,
  analyzer: string,
  files: LabelledSetGroup['files'],
  findings: ReadonlyMap<string, readonly FindingCwe[]>,
  mode: MatchMode,
): SetScoreRow {
  const result = score(files, findings, mode);
  const safe = result.falsePositives + result.trueNegatives;
  return {
    set,
    analyzer,
    files: files.length,
    vulnerable: result.truePositives + result.falseNegatives,
    recall: result.recall,
    precision: result.precision,
    truePositives: result.truePositives,
    falsePositives: result.falsePositives,
    safeFlagged: safe === 0 ? 0 : result.falsePositives / safe,
  };
}

/** One row per set × analyzer, then an overall row per kind (generated, repaired) × analyzer. */
export function setScores(
  groups: readonly LabelledSetGroup[],
  byAnalyzer: ReadonlyMap<string, ReadonlyMap<string, readonly FindingCwe[]>>,
  mode: MatchMode,
): SetScoreRow[] {
  const rows: SetScoreRow[] = [];
  for (const group of groups) {
    for (const [analyzer, findings] of byAnalyzer) rows.push(row(group.name, analyzer, group.files, findings, mode));
  }
  for (const kind of ['generated', 'repaired'] as const) {
    const files = groups.filter((group) => group.kind === kind).flatMap((group) => group.files);
    if (files.length === 0) continue;
    for (const [analyzer, findings] of byAnalyzer) rows.push(row(`all ${kind} code`, analyzer, files, findings, mode));
  }
  return rows;
}

export function formatSetScores(rows: readonly SetScoreRow[], mode: MatchMode): string {
  const lines = [
    '',
    `Per labelled set (${mode === 'target' ? 'target CWE' : 'any finding'} mode). safe flagged: files humans call not vulnerable (for repairs: fixed) that the analyzer flags.`,
    '| set | analyzer | files | vulnerable | recall | precision | TP/FP | safe flagged |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (entry) =>
        `| ${entry.set} | ${entry.analyzer} | ${String(entry.files)} | ${String(entry.vulnerable)} | ${entry.recall.toFixed(2)} | ${entry.precision.toFixed(2)} | ${String(entry.truePositives)}/${String(entry.falsePositives)} | ${(entry.safeFlagged * 100).toFixed(0)}% |`,
    ),
    '',
  ];
  return lines.join('\n');
}

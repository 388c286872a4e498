// The papers' tables and figures as one typed document, built purely from metric tables (src/metrics) and per-session
// CWE outcomes. Several runs compare side by side: each run becomes its own column group (tables) or series (charts).
import { cweNames } from '../analyzers/cwe-names.js';
import {
  compareOutcomes,
  type DetectMetrics,
  type GateMetrics,
  type RepairMetrics,
  type RunMetrics,
} from '../metrics/index.js';
import type { Chart } from './charts.js';
import { textCell, valueCell, type ReportTable, type TableCell } from './report-table.js';
import { securityTestTables } from './security-test-report.js';

/** One repaired work item's CWEs before and after repair (distinct CWEs; null CWE = unknown). */
export interface CweOutcome {
  readonly dataset: string;
  readonly model: string;
  readonly repairModel: string;
  readonly strategy: string;
  /** Identifies the generated code, so several strategies repairing it count it once in the "generated" chart. */
  readonly generatedKey: string;
  readonly generatedCwes: readonly number[];
  readonly finalCwes: readonly number[];
}

export interface ReportRun {
  readonly id: string;
  /** Short label for columns and legends (the run's name, else its id). */
  readonly label: string;
  readonly createdAt: string | null;
  readonly metrics: RunMetrics;
  readonly cweOutcomes: readonly CweOutcome[];
  /** How many tasks manual review counted as vulnerable although the analyzers were quiet. */
  readonly reviewOverrides: number;
  /** Reviewed tasks and each reviewer's latest verdicts, by label (optional: runs without review data). */
  readonly review?: ReviewSummary;
}

export interface ReviewSummary {
  readonly reviewedTasks: number;
  readonly verdicts: Readonly<Record<'vulnerable' | 'fixed' | 'unrealistic', number>>;
}

export interface ReportDocument {
  readonly version: 1;
  readonly title: string;
  readonly generatedAt: string;
  readonly runs: readonly { readonly id: string; readonly label: string; readonly createdAt: string | null }[];
  readonly notes: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly Chart[];
}

const topCount = 10;

export function cweLabel(cwe: number | null): string {
  if (cwe === null) return 'unknown CWE';
  const name = cweNames[cwe];
  const short = name === undefined ? '' : ` ${name.length > 48 ? `${name.slice(0, 47)}…` : name}`;
  return `CWE-${String(cwe)}${short}`;
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** True when two runs cover the same setup (dataset, models, strategy): their columns then need the run's label. */
function comparing(runs: readonly ReportRun[]): boolean {
  const seen = new Set<string>();
  for (const run of runs) {
    const setups = new Set(
      [
        ...run.metrics.repair.map((row) => [row.dataset, row.model, row.repairModel, row.strategy]),
        ...run.metrics.detect.map((row) => [row.dataset, row.model, 'detect']),
      ].map((key) => JSON.stringify(key)),
    );
    for (const setup of setups) {
      if (seen.has(setup)) return true;
      seen.add(setup);
    }
  }
  return false;
}

/** Column groups: one per model, or per run × model when runs of the same setup are compared. */
function columnKey(runs: readonly ReportRun[], run: ReportRun, model: string): string {
  return comparing(runs) ? `${run.label} · ${model}` : model;
}

interface Tagged<T> {
  readonly run: ReportRun;
  readonly row: T;
}

function repairRows(runs: readonly ReportRun[]): Tagged<RepairMetrics>[] {
  return runs.flatMap((run) => run.metrics.repair.map((row) => ({ run, row })));
}

function detectRows(runs: readonly ReportRun[]): Tagged<DetectMetrics>[] {
  return runs.flatMap((run) => run.metrics.detect.map((row) => ({ run, row })));
}

/** Table 1 of the FDSP paper: % insecure per dataset × strategy (rows) × model (columns), drop in parentheses. */
export function insecureTable(runs: readonly ReportRun[]): ReportTable {
  const rows = repairRows(runs).filter(({ row }) => row.model === row.repairModel);
  const columns = unique(rows.map(({ run, row }) => columnKey(runs, run, row.model)));
  const datasets = unique(rows.map(({ row }) => row.dataset));
  const body: TableCell[][] = [];
  for (const dataset of datasets) {
    const inDataset = rows.filter(({ row }) => row.dataset === dataset);
    const baseline = columns.map((column) => {
      const match = inDataset.find(({ run, row }) => columnKey(runs, run, row.model) === column);
      return valueCell(match === undefined ? null : match.row.insecureBefore, 'percent');
    });
    body.push([textCell(dataset), textCell('generated code'), ...baseline]);
    for (const strategy of unique(inDataset.map(({ row }) => row.strategy))) {
      body.push([
        textCell(dataset),
        textCell(strategy),
        ...columns.map((column) => {
          const match = inDataset.find(
            ({ run, row }) => row.strategy === strategy && columnKey(runs, run, row.model) === column,
          );
          return match === undefined
            ? valueCell(null, 'percent')
            : valueCell(match.row.insecureAfter, 'percent', -match.row.drop);
        }),
      ]);
    }
  }
  return {
    id: 'insecure',
    title: 'Table 1 — insecure code per dataset, strategy and model',
    caption:
      'Share of tasks whose code has at least one finding (or does not parse); the drop against the generated code in parentheses.',
    columns: ['dataset', 'strategy', ...columns],
    rows: body,
  };
}

export function unitTestTable(runs: readonly ReportRun[]): ReportTable {
  const rows = repairRows(runs).filter(({ row }) => row.withUnitTests > 0);
  return {
    id: 'unit-tests',
    title: 'Unit tests before and after repair',
    caption: 'Pass rates over the tasks that have a unit test; change against the generated code in parentheses.',
    columns: ['dataset', 'strategy', 'model', 'repair model', 'tested', 'pass', 'secure and passing'],
    rows: rows.map(({ run, row }) => [
      textCell(row.dataset),
      textCell(row.strategy),
      textCell(columnKey(runs, run, row.model)),
      textCell(row.repairModel),
      valueCell(row.withUnitTests, 'count'),
      valueCell(
        row.passAfter,
        'percent',
        row.passAfter === null || row.passBefore === null ? null : row.passAfter - row.passBefore,
      ),
      valueCell(
        row.secureAndPassingAfter,
        'percent',
        row.secureAndPassingAfter === null || row.secureAndPassingBefore === null
          ? null
          : row.secureAndPassingAfter - row.secureAndPassingBefore,
      ),
    ]),
  };
}

export function fixRateTable(runs: readonly ReportRun[]): ReportTable {
  const rows = repairRows(runs);
  const rounds = Math.max(1, ...rows.map(({ row }) => row.rFix.length));
  return {
    id: 'r-fix',
    title: 'R_fix per round',
    caption:
      'R_fix^i: share of the initially vulnerable tasks that are clean after at most i repair attempts (mean over repeated runs).',
    columns: [
      'dataset',
      'strategy',
      'model',
      'repair model',
      'vulnerable at start',
      ...Array.from({ length: rounds }, (_, index) => `R_fix^${String(index + 1)}`),
    ],
    rows: rows.map(({ run, row }) => [
      textCell(row.dataset),
      textCell(row.strategy),
      textCell(columnKey(runs, run, row.model)),
      textCell(row.repairModel),
      valueCell(row.initiallyVulnerable, 'count'),
      ...Array.from({ length: rounds }, (_, index) => valueCell(row.rFix[index]?.mean ?? null, 'percent')),
    ]),
  };
}

/** Generator (rows) × repairer (columns): the final R_fix, per dataset and strategy. */
export function crossModelTable(runs: readonly ReportRun[]): ReportTable {
  const rows = repairRows(runs);
  const repairers = unique(rows.map(({ run, row }) => columnKey(runs, run, row.repairModel)));
  const groups = unique(
    rows.map(({ run, row }) => JSON.stringify([row.dataset, row.strategy, columnKey(runs, run, row.model)])),
  );
  return {
    id: 'cross-model',
    title: 'Cross-model repair (generator × repairer)',
    caption: 'Share of the generator’s vulnerable code that the repairer made clean (final R_fix).',
    columns: ['dataset', 'strategy', 'generator', ...repairers],
    rows: groups.map((group) => {
      const [dataset, strategy, generator] = JSON.parse(group) as [string, string, string];
      return [
        textCell(dataset),
        textCell(strategy),
        textCell(generator),
        ...repairers.map((repairer) => {
          const match = rows.find(
            ({ run, row }) =>
              row.dataset === dataset &&
              row.strategy === strategy &&
              columnKey(runs, run, row.model) === generator &&
              columnKey(runs, run, row.repairModel) === repairer,
          );
          return valueCell(match?.row.rFix.at(-1)?.mean ?? null, 'percent');
        }),
      ];
    }),
  };
}

export function detectorTable(runs: readonly ReportRun[]): ReportTable {
  return {
    id: 'detector',
    title: 'Detector accuracy and false-positive rate',
    caption: 'The model asked whether code is vulnerable; replies without a verdict are left out of the rates.',
    columns: ['dataset', 'model', 'items', 'unanswered', 'accuracy', 'FPR', 'TPR'],
    rows: detectRows(runs).map(({ run, row }) => [
      textCell(row.dataset),
      textCell(columnKey(runs, run, row.model)),
      valueCell(row.items, 'count'),
      valueCell(row.unanswered, 'count'),
      valueCell(row.accuracy, 'percent'),
      valueCell(row.falsePositiveRate, 'percent'),
      valueCell(row.truePositiveRate, 'percent'),
    ]),
  };
}

function gateRows(runs: readonly ReportRun[]): Tagged<GateMetrics>[] {
  return runs.flatMap((run) => run.metrics.gate.map((row) => ({ run, row })));
}

/** The functional gate (`gate: unit-test`): candidates it ran, passed and rejected, by sandbox outcome. */
export function gateTable(runs: readonly ReportRun[]): ReportTable {
  const rows = gateRows(runs);
  const outcomes = unique(rows.flatMap(({ row }) => Object.keys(row.rejectedByOutcome))).sort(compareOutcomes);
  return {
    id: 'gate',
    title: 'Functional gate',
    caption:
      'Repair candidates run against their task’s unit test in the sandbox (items the gate ran on); a candidate that does not pass is rejected.',
    columns: [
      'dataset',
      'strategy',
      'model',
      'repair model',
      'gated items',
      'checked',
      'passed',
      'rejected',
      ...outcomes.map((outcome) => `rejected: ${outcome}`),
    ],
    rows: rows.map(({ run, row }) => [
      textCell(row.dataset),
      textCell(row.strategy),
      textCell(columnKey(runs, run, row.model)),
      textCell(row.repairModel),
      valueCell(row.gatedItems, 'count'),
      valueCell(row.checked, 'count'),
      valueCell(row.passed, 'count'),
      valueCell(row.rejected, 'count'),
      ...outcomes.map((outcome) => valueCell(row.rejectedByOutcome[outcome] ?? 0, 'count')),
    ]),
  };
}

/** Manual review per run: what reviewers said and how many tasks it turned vulnerable. */
export function reviewTable(runs: readonly ReportRun[]): ReportTable {
  return {
    id: 'review',
    title: 'Manual review',
    caption:
      'Each reviewer’s latest label per task; a task is counted vulnerable when the analyzers or any reviewer say so (vulnerable or unrealistic).',
    columns: ['run', 'reviewed tasks', 'vulnerable', 'fixed', 'unrealistic', 'counted vulnerable by review only'],
    rows: runs
      .filter((run) => (run.review?.reviewedTasks ?? 0) > 0)
      .map((run) => [
        textCell(run.label),
        valueCell(run.review?.reviewedTasks ?? 0, 'count'),
        valueCell(run.review?.verdicts.vulnerable ?? 0, 'count'),
        valueCell(run.review?.verdicts.fixed ?? 0, 'count'),
        valueCell(run.review?.verdicts.unrealistic ?? 0, 'count'),
        valueCell(run.reviewOverrides, 'count'),
      ]),
  };
}

function countCwes(lists: readonly (readonly number[])[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const list of lists) for (const cwe of unique(list)) counts.set(cwe, (counts.get(cwe) ?? 0) + 1);
  return counts;
}

function top(counts: Map<number, number>): [number, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, topCount);
}

function seriesName(runs: readonly ReportRun[], run: ReportRun, name: string): string {
  return comparing(runs) ? `${run.label} · ${name}` : name;
}

export function topGeneratedCwesChart(runs: readonly ReportRun[]): Chart {
  const perRun = runs.map((run) => {
    const seen = new Map<string, readonly number[]>();
    for (const outcome of run.cweOutcomes) seen.set(outcome.generatedKey, outcome.generatedCwes);
    return { run, counts: countCwes([...seen.values()]) };
  });
  const overall = new Map<number, number>();
  for (const { counts } of perRun) for (const [cwe, count] of counts) overall.set(cwe, (overall.get(cwe) ?? 0) + count);
  const cwes = top(overall).map(([cwe]) => cwe);
  return {
    kind: 'bar',
    id: 'top-generated-cwes',
    title: 'Top 10 CWEs in generated code',
    xTitle: 'CWE',
    yTitle: 'tasks with the CWE',
    data: perRun.flatMap(({ run, counts }) =>
      cwes.map((cwe) => ({
        category: cweLabel(cwe),
        value: counts.get(cwe) ?? 0,
        ...(runs.length > 1 ? { series: run.label } : {}),
      })),
    ),
  };
}

export function topUnresolvedCwesChart(runs: readonly ReportRun[]): Chart {
  const perRun = runs.map((run) => ({ run, counts: countCwes(run.cweOutcomes.map((outcome) => outcome.finalCwes)) }));
  const overall = new Map<number, number>();
  for (const { counts } of perRun) for (const [cwe, count] of counts) overall.set(cwe, (overall.get(cwe) ?? 0) + count);
  const cwes = top(overall).map(([cwe]) => cwe);
  return {
    kind: 'bar',
    id: 'top-unresolved-cwes',
    title: 'Top 10 unresolved CWEs after refinement',
    xTitle: 'CWE',
    yTitle: 'repaired tasks still with the CWE (all strategies)',
    data: perRun.flatMap(({ run, counts }) =>
      cwes.map((cwe) => ({
        category: cweLabel(cwe),
        value: counts.get(cwe) ?? 0,
        ...(runs.length > 1 ? { series: run.label } : {}),
      })),
    ),
  };
}

/** For the most frequent generated CWEs: the share of their occurrences each strategy resolved. */
export function strategyPerCweChart(runs: readonly ReportRun[]): Chart {
  const outcomes = runs.flatMap((run) => run.cweOutcomes.map((outcome) => ({ run, outcome })));
  const cwes = top(countCwes(outcomes.map(({ outcome }) => outcome.generatedCwes))).map(([cwe]) => cwe);
  const series = unique(outcomes.map(({ run, outcome }) => seriesName(runs, run, outcome.strategy)));
  const data = cwes.flatMap((cwe) =>
    series.flatMap((name) => {
      const having = outcomes.filter(
        ({ run, outcome }) => seriesName(runs, run, outcome.strategy) === name && outcome.generatedCwes.includes(cwe),
      );
      if (having.length === 0) return [];
      const resolved = having.filter(({ outcome }) => !outcome.finalCwes.includes(cwe)).length;
      return [{ category: cweLabel(cwe), series: name, value: Math.round((resolved / having.length) * 1000) / 10 }];
    }),
  );
  return {
    kind: 'bar',
    id: 'strategy-per-cwe',
    title: 'Resolved per CWE, by strategy',
    xTitle: 'CWE',
    yTitle: '% of occurrences resolved',
    data,
  };
}

/** Remaining vulnerable tasks after each round, one line per setup (dataset · model → repairer · strategy). */
export function remainingPerRoundChart(runs: readonly ReportRun[]): Chart {
  const data = repairRows(runs).flatMap(({ run, row }) => {
    if (row.initiallyVulnerable === 0) return [];
    const repairer = row.repairModel === row.model ? '' : ` → ${row.repairModel}`;
    const series = seriesName(runs, run, `${row.dataset} · ${row.model}${repairer} · ${row.strategy}`);
    return [
      { x: 0, y: row.initiallyVulnerable, series },
      ...row.rFix.map((interval, index) => ({
        x: index + 1,
        y: Math.round(row.initiallyVulnerable * (1 - interval.mean) * 100) / 100,
        series,
      })),
    ];
  });
  return {
    kind: 'line',
    id: 'remaining-per-round',
    title: 'Remaining vulnerable per round',
    xTitle: 'round',
    yTitle: 'vulnerable tasks',
    data,
  };
}

export function buildPaperReport(
  runs: readonly ReportRun[],
  options: { readonly generatedAt: string; readonly title?: string },
): ReportDocument {
  const overrides = runs.reduce((total, run) => total + run.reviewOverrides, 0);
  return {
    version: 1,
    title: options.title ?? `fdsp report: ${runs.map((run) => run.label).join(', ')}`,
    generatedAt: options.generatedAt,
    runs: runs.map((run) => ({ id: run.id, label: run.label, createdAt: run.createdAt })),
    notes: [
      'Insecure: the analyzers report at least one finding, the code does not parse, or a reviewer labelled the final code vulnerable or unrealistic.',
      ...(overrides > 0
        ? [`Manual review counted ${String(overrides)} task(s) as vulnerable that the analyzers passed.`]
        : []),
    ],
    tables: [
      insecureTable(runs),
      unitTestTable(runs),
      fixRateTable(runs),
      crossModelTable(runs),
      detectorTable(runs),
      reviewTable(runs),
      // Only runs with the gate on have anything to show; the studies had no gate.
      ...(runs.some((run) => run.metrics.gate.length > 0) ? [gateTable(runs)] : []),
      ...securityTestTables(runs),
    ],
    charts: [
      topGeneratedCwesChart(runs),
      topUnresolvedCwesChart(runs),
      strategyPerCweChart(runs),
      remainingPerRoundChart(runs),
    ],
  };
}

// `bench show` as data (JSON) or plain text tables. Richer renderings (markdown, HTML, charts) belong to reports/.
import { computeRunMetrics, type Interval, type RunMetrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import { readReviewedMetricRows, type ReviewedMetricRows } from './reviewed-rows.js';
import { listEvaluations, readRun, runEvaluation, type EvaluationRecord, type RunRecord } from './run-store.js';
import { FdspError } from '../errors/index.js';
import { countAttempts } from './run-store.js';

export interface RunReport {
  readonly run: Omit<RunRecord, 'config'> & { readonly config: Record<string, unknown> };
  readonly committedItems: number;
  readonly attempts: number;
  readonly evaluation: EvaluationRecord;
  readonly evaluations: readonly EvaluationRecord[];
  readonly metrics: RunMetrics;
  /** Manual review counted in the metrics (a task is vulnerable when the analyzers or any reviewer say so). */
  readonly review: ReviewedMetricRows['review'] & { readonly overrides: number };
}

export function buildRunReport(store: Store, runId: string, evaluationId?: number): RunReport {
  const run = readRun(store, runId);
  const evaluations = listEvaluations(store, runId);
  const evaluation =
    evaluationId === undefined ? runEvaluation(store, runId) : evaluations.find((entry) => entry.id === evaluationId);
  if (evaluation === undefined) {
    throw new FdspError('USAGE', `run ${runId} has no evaluation ${String(evaluationId)}`, {
      hint: `its evaluations: ${evaluations.map((entry) => String(entry.id)).join(', ')}`,
    });
  }
  const rows = readReviewedMetricRows(store, run, evaluation.id);
  return {
    run: { ...run, config: { ...run.config } },
    committedItems: rows.repair.length + rows.detect.length,
    attempts: countAttempts(store, runId),
    evaluation,
    evaluations,
    metrics: computeRunMetrics(rows),
    review: { ...rows.review, overrides: rows.reviewOverrides },
  };
}

const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

function interval(value: Interval | undefined): string {
  if (value === undefined) return '–';
  if (value.low === null || value.high === null) return percent(value.mean);
  return `${percent(value.mean)} [${percent(Math.max(0, value.low))}, ${percent(Math.min(1, value.high))}]`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function renderRunReport(report: RunReport): string {
  const { run, metrics } = report;
  const manifest = run.manifest;
  const lines: string[] = [
    `run ${run.id}  ${run.status}  ${String(report.committedItems)}/${String(run.totalItems)} items  ${String(report.attempts)} attempt(s)`,
    `created ${run.createdAt}  fdsp ${String(manifest.fdspVersion)}  analyzers ${JSON.stringify(manifest.analyzers)}`,
    `dataset ${String(manifest.datasetName)} (${String(manifest.tasks)} tasks)  model ${run.config.model as string}` +
      `  repair model ${String(run.config.repairModel ?? run.config.model)}  runs ${String(run.config.runs)}` +
      // Every count below is of blocking findings under this policy (a run stored before policies existed: study).
      `  policy ${typeof run.config.policy === 'string' ? run.config.policy : 'study'}`,
    `evaluation ${String(report.evaluation.id)} (${report.evaluation.kind}: ${report.evaluation.analyzers.join('+')})` +
      (report.evaluations.length > 1
        ? `  [others: ${report.evaluations
            .filter((e) => e.id !== report.evaluation.id)
            .map((e) => `${String(e.id)} ${e.kind} ${e.analyzers.join('+')}`)
            .join('; ')}]`
        : ''),
    ...(report.review.reviewedTasks > 0
      ? [
          `manual review: ${String(report.review.reviewedTasks)} task(s) reviewed (` +
            `${String(report.review.verdicts.vulnerable)} vulnerable, ${String(report.review.verdicts.fixed)} fixed, ` +
            `${String(report.review.verdicts.unrealistic)} unrealistic); ${String(report.review.overrides)} analyzer-clean ` +
            'result(s) counted as insecure',
        ]
      : []),
    '',
  ];
  if (metrics.repair.length > 0) {
    lines.push(
      'Security (insecure = ≥1 finding or code that does not parse)',
      table(
        [
          'dataset',
          'model',
          'strategy',
          'items',
          'insecure before',
          'after',
          'drop',
          'pass before',
          'pass after',
          'secure+pass after',
        ],
        metrics.repair.map((row) => [
          row.dataset,
          row.repairModel === row.model ? row.model : `${row.model}→${row.repairModel}`,
          row.strategy,
          String(row.items),
          percent(row.insecureBefore),
          percent(row.insecureAfter),
          percent(row.drop),
          percent(row.passBefore),
          percent(row.passAfter),
          percent(row.secureAndPassingAfter),
        ]),
      ),
      '',
      'Fix rate R_fix^i (initially vulnerable items clean after ≤ i attempts; mean over runs [95% t-interval])',
      table(
        ['strategy', 'vulnerable', 'R_fix^1', 'R_fix^2', 'R_fix^3', `R_fix^max`],
        metrics.repair.map((row) => [
          row.strategy,
          String(row.initiallyVulnerable),
          interval(row.rFix[0]),
          interval(row.rFix[1]),
          interval(row.rFix[2]),
          `${interval(row.rFix.at(-1))} (i=${String(row.rFix.length)})`,
        ]),
      ),
      '',
      'Cost',
      table(
        [
          'strategy',
          'rejected cand.',
          'rejected items',
          'fixed findings',
          'tokens/item',
          'cost/item',
          'tokens/fix',
          'cost/fix',
        ],
        metrics.repair.map((row) => [
          row.strategy,
          String(row.rejectedCandidates),
          String(row.rejectedItems),
          String(row.fixedFindings),
          row.tokensPerItem.toFixed(0),
          `$${row.costPerItem.toFixed(4)}`,
          row.tokensPerFixedFinding === null ? '–' : row.tokensPerFixedFinding.toFixed(0),
          row.costPerFixedFinding === null ? '–' : `$${row.costPerFixedFinding.toFixed(4)}`,
        ]),
      ),
      '',
    );
  }
  if (metrics.gate.length > 0) {
    lines.push(
      'Functional gate (candidates run against the task’s unit test; rejected by sandbox outcome)',
      table(
        ['strategy', 'model', 'gated items', 'checked', 'passed', 'rejected', 'by outcome'],
        metrics.gate.map((row) => [
          row.strategy,
          row.repairModel === row.model ? row.model : `${row.model}→${row.repairModel}`,
          String(row.gatedItems),
          String(row.checked),
          String(row.passed),
          String(row.rejected),
          Object.entries(row.rejectedByOutcome)
            .map(([outcome, count]) => `${outcome} ${String(count)}`)
            .join(', ') || '–',
        ]),
      ),
      '',
    );
  }
  if (metrics.detect.length > 0) {
    lines.push(
      'Detection against labels',
      table(
        ['labels', 'model', 'items', 'unanswered', 'TP', 'FP', 'TN', 'FN', 'accuracy', 'FPR'],
        metrics.detect.map((row) => [
          row.dataset,
          row.model,
          String(row.items),
          String(row.unanswered),
          String(row.truePositives),
          String(row.falsePositives),
          String(row.trueNegatives),
          String(row.falseNegatives),
          percent(row.accuracy),
          percent(row.falsePositiveRate),
        ]),
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

// The studies' metrics as pure functions over plain rows (see README, "Metrics"). Grouped per dataset × model ×
// repair model × strategy; detection per dataset × model.
import { oracleAgreement, securityTestMetrics, securityTestPassAtK } from './security-tests.js';
import { meanInterval, share } from './statistics.js';
import type {
  CodeScore,
  DetectMetrics,
  DetectRow,
  GateMetrics,
  Interval,
  RepairMetrics,
  RepairRow,
  RunMetrics,
} from './types.js';

/** Clean means the code parsed, was scanned, and nothing was found; code that never parsed is a failure. */
export function isSecure(score: CodeScore): boolean {
  return score.scanStatus === 'ok' && score.findingCount === 0;
}

export function isVulnerable(score: CodeScore): boolean {
  return score.scanStatus === 'ok' && score.findingCount > 0;
}

const strategyOrder = ['direct', 'self-debug', 'bandit-feedback', 'verbalize', 'fdsp', 'agent'];

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    const list = groups.get(name);
    if (list === undefined) groups.set(name, [row]);
    else list.push(row);
  }
  return groups;
}

function sum<T>(rows: readonly T[], value: (row: T) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/** Clean after ≤ `round` attempts: the attempt index comes from the run's own analyzers, and the final code must be
 * clean under the evaluation at hand too (so a rescore with stricter analyzers can only lower R_fix). */
function isFixedBy(row: RepairRow, round: number): boolean {
  return row.fixedAtAttempt !== null && row.fixedAtAttempt <= round && isSecure(row.final);
}

/** R_fix^i for i = 1…maxAttempts: per run, the share of initially-vulnerable items clean after ≤ i attempts. */
export function fixRates(rows: readonly RepairRow[]): Interval[] {
  const vulnerable = rows.filter((row) => isVulnerable(row.generated));
  const maxAttempts = Math.max(1, ...rows.map((row) => Math.max(row.attempts, row.fixedAtAttempt ?? 0)));
  const byRun = [...groupBy(vulnerable, (row) => String(row.runIndex)).values()];
  return Array.from({ length: maxAttempts }, (_, index) => {
    const round = index + 1;
    return meanInterval(
      byRun.map((runRows) => share(runRows.filter((row) => isFixedBy(row, round)).length, runRows.length)),
    );
  });
}

export function repairMetrics(rows: readonly RepairRow[]): RepairMetrics {
  const first = rows[0];
  if (first === undefined) throw new RangeError('repairMetrics needs at least one row');
  const items = rows.length;
  const insecureBefore = share(rows.filter((row) => !isSecure(row.generated)).length, items);
  const insecureAfter = share(rows.filter((row) => !isSecure(row.final)).length, items);
  const tested = rows.filter((row) => row.generated.unitTest !== null || row.final.unitTest !== null);
  const rate = (predicate: (row: RepairRow) => boolean): number | null =>
    tested.length === 0 ? null : share(tested.filter(predicate).length, tested.length);
  const fixedFindings = sum(rows, (row) =>
    row.generated.scanStatus === 'ok' && row.final.scanStatus === 'ok'
      ? Math.max(0, row.generated.findingCount - row.final.findingCount)
      : 0,
  );
  const inputTokens = sum(rows, (row) => row.inputTokens);
  const outputTokens = sum(rows, (row) => row.outputTokens);
  const costUsd = sum(rows, (row) => row.costUsd);
  return {
    dataset: first.dataset,
    model: first.model,
    repairModel: first.repairModel,
    strategy: first.strategy,
    items,
    runs: new Set(rows.map((row) => row.runIndex)).size,
    insecureBefore,
    insecureAfter,
    drop: insecureBefore - insecureAfter,
    withUnitTests: tested.length,
    passBefore: rate((row) => row.generated.unitTest === 'pass'),
    passAfter: rate((row) => row.final.unitTest === 'pass'),
    secureAndPassingBefore: rate((row) => row.generated.unitTest === 'pass' && isSecure(row.generated)),
    secureAndPassingAfter: rate((row) => row.final.unitTest === 'pass' && isSecure(row.final)),
    initiallyVulnerable: rows.filter((row) => isVulnerable(row.generated)).length,
    rFix: fixRates(rows),
    rejectedCandidates: sum(rows, (row) => row.rejectedCandidates),
    rejectedItems: rows.filter((row) => row.status === 'rejected').length,
    fixedFindings,
    inputTokens,
    outputTokens,
    costUsd,
    tokensPerItem: (inputTokens + outputTokens) / items,
    costPerItem: costUsd / items,
    tokensPerFixedFinding: fixedFindings === 0 ? null : (inputTokens + outputTokens) / fixedFindings,
    costPerFixedFinding: fixedFindings === 0 ? null : costUsd / fixedFindings,
  };
}

export function detectMetrics(rows: readonly DetectRow[]): DetectMetrics {
  const first = rows[0];
  if (first === undefined) throw new RangeError('detectMetrics needs at least one row');
  const answered = rows.filter((row) => row.verdict !== null);
  const count = (verdict: boolean, label: boolean): number =>
    answered.filter((row) => row.verdict === verdict && row.label === label).length;
  const truePositives = count(true, true);
  const falsePositives = count(true, false);
  const trueNegatives = count(false, false);
  const falseNegatives = count(false, true);
  const ratio = (numerator: number, denominator: number): number | null =>
    denominator === 0 ? null : numerator / denominator;
  return {
    dataset: first.dataset,
    model: first.model,
    items: rows.length,
    unanswered: rows.length - answered.length,
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
    accuracy: ratio(truePositives + trueNegatives, answered.length),
    falsePositiveRate: ratio(falsePositives, falsePositives + trueNegatives),
    truePositiveRate: ratio(truePositives, truePositives + falseNegatives),
    inputTokens: sum(rows, (row) => row.inputTokens),
    outputTokens: sum(rows, (row) => row.outputTokens),
    costUsd: sum(rows, (row) => row.costUsd),
  };
}

const outcomeOrder = ['fail', 'error', 'timeout', 'killed'];

function outcomeRank(outcome: string): number {
  const index = outcomeOrder.indexOf(outcome);
  return index < 0 ? outcomeOrder.length : index;
}

/** Sandbox outcomes in report order: fail, error, timeout, killed, then any other by name. */
export function compareOutcomes(a: string, b: string): number {
  return outcomeRank(a) - outcomeRank(b) || a.localeCompare(b);
}

/** The gate over one group's rows; rows the gate never ran on are left out. Null when it ran on none. */
export function gateMetrics(rows: readonly RepairRow[]): GateMetrics | null {
  const gated = rows.flatMap((row) => (row.gate === undefined || row.gate === null ? [] : [{ row, gate: row.gate }]));
  const first = gated[0];
  if (first === undefined) return null;
  const checked = sum(gated, ({ gate }) => gate.checked);
  const passed = sum(gated, ({ gate }) => gate.passed);
  const rejected = new Map<string, number>();
  for (const { gate } of gated) {
    for (const [outcome, count] of Object.entries(gate.outcomes)) {
      if (outcome !== 'pass') rejected.set(outcome, (rejected.get(outcome) ?? 0) + count);
    }
  }
  // A fixed key order keeps JSON output and table columns stable across runs.
  const ordered = [...rejected.entries()].sort((a, b) => compareOutcomes(a[0], b[0]));
  return {
    dataset: first.row.dataset,
    model: first.row.model,
    repairModel: first.row.repairModel,
    strategy: first.row.strategy,
    gatedItems: gated.length,
    checked,
    passed,
    rejected: checked - passed,
    rejectedByOutcome: Object.fromEntries(ordered),
  };
}

function strategyRank(strategy: string): number {
  const index = strategyOrder.indexOf(strategy);
  return index < 0 ? strategyOrder.length : index;
}

type SetupKey = Pick<RepairMetrics, 'dataset' | 'model' | 'repairModel' | 'strategy'>;

function bySetup(a: SetupKey, b: SetupKey): number {
  return (
    a.dataset.localeCompare(b.dataset) ||
    a.model.localeCompare(b.model) ||
    a.repairModel.localeCompare(b.repairModel) ||
    strategyRank(a.strategy) - strategyRank(b.strategy) ||
    a.strategy.localeCompare(b.strategy)
  );
}

export function computeRunMetrics(input: {
  readonly repair: readonly RepairRow[];
  readonly detect: readonly DetectRow[];
}): RunMetrics {
  const repairGroups = groupBy(input.repair, (row) =>
    JSON.stringify([row.dataset, row.model, row.repairModel, row.strategy]),
  );
  const repair = [...repairGroups.values()].map((rows) => repairMetrics(rows)).sort(bySetup);
  const gate = [...repairGroups.values()]
    .flatMap((rows) => {
      const metrics = gateMetrics(rows);
      return metrics === null ? [] : [metrics];
    })
    .sort(bySetup);
  const detect = [...groupBy(input.detect, (row) => JSON.stringify([row.dataset, row.model])).values()]
    .map((rows) => detectMetrics(rows))
    .sort((a, b) => a.dataset.localeCompare(b.dataset) || a.model.localeCompare(b.model));
  const tests = securityTestMetrics(input.repair);
  return {
    repair,
    detect,
    gate,
    securityTests: tests,
    securityTestsPassAtK: securityTestPassAtK(input.repair),
    oracleAgreement: oracleAgreement(input.repair),
  };
}

// The security-test metrics (CWEval's func / func-sec): shares of items functional, secure and both, before and after
// repair; the unbiased pass@k for k = 1 and k = n; and the agreement of the static oracle with the tests. Pure.
import type {
  FunctionalSecureShares,
  OracleAgreement,
  RepairRow,
  SecurityTestMetrics,
  SecurityTestPassAtK,
  SecurityTestScore,
} from './types.js';

type Phase = 'generated' | 'final';

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return groups;
}

function tested(rows: readonly RepairRow[]): RepairRow[] {
  return rows.filter((row) => row.generated.securityTests != null || row.final.securityTests != null);
}

/** A missing verdict on a tested item never counts as a pass. */
function passes(score: SecurityTestScore | null | undefined): { functional: boolean; secure: boolean } {
  return { functional: score?.functional === true, secure: score?.secure === true };
}

function shares(scores: readonly (SecurityTestScore | null | undefined)[]): FunctionalSecureShares {
  const total = scores.length;
  const verdicts = scores.map(passes);
  const fraction = (count: number): number => (total === 0 ? 0 : count / total);
  return {
    functional: fraction(verdicts.filter((verdict) => verdict.functional).length),
    secure: fraction(verdicts.filter((verdict) => verdict.secure).length),
    functionalAndSecure: fraction(verdicts.filter((verdict) => verdict.functional && verdict.secure).length),
  };
}

/** Rows `{dataset, strategy, items, before, after}`, one per dataset × strategy with tested items. */
export function securityTestMetrics(rows: readonly RepairRow[]): SecurityTestMetrics[] {
  const groups = groupBy(tested(rows), (row) => JSON.stringify([row.dataset, row.strategy]));
  return [...groups.values()].map((group) => ({
    dataset: group[0]?.dataset ?? '',
    strategy: group[0]?.strategy ?? '',
    items: group.length,
    before: shares(group.map((row) => row.generated.securityTests)),
    after: shares(group.map((row) => row.final.securityTests)),
  }));
}

/** C(n, k) as a float; 0 when k > n. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let value = 1;
  for (let index = 1; index <= k; index += 1) value = (value * (n - k + index)) / index;
  return value;
}

/** The unbiased estimator 1 − C(n − c, k) / C(n, k) for one task with c correct samples out of n. */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n || n <= 0) throw new RangeError(`pass@k needs 1 ≤ k ≤ n (k = ${String(k)}, n = ${String(n)})`);
  if (n - c < k) return 1;
  return 1 - choose(n - c, k) / choose(n, k);
}

function passAtKShares(perTask: readonly RepairRow[][], phase: Phase, k: number): FunctionalSecureShares {
  const mean = (value: (verdict: { functional: boolean; secure: boolean }) => boolean): number => {
    if (perTask.length === 0) return 0;
    const estimates = perTask.map((rows) => {
      const correct = rows.filter((row) => value(passes(row[phase].securityTests))).length;
      return passAtK(rows.length, correct, k);
    });
    return estimates.reduce((total, estimate) => total + estimate, 0) / estimates.length;
  };
  return {
    functional: mean((verdict) => verdict.functional),
    secure: mean((verdict) => verdict.secure),
    functionalAndSecure: mean((verdict) => verdict.functional && verdict.secure),
  };
}

/** pass@1 and pass@n per dataset × strategy (a single row when n = 1). */
export function securityTestPassAtK(rows: readonly RepairRow[]): SecurityTestPassAtK[] {
  const groups = groupBy(tested(rows), (row) => JSON.stringify([row.dataset, row.strategy]));
  return [...groups.values()].flatMap((group) => {
    const perTask = [...groupBy(group, (row) => row.taskId).values()];
    const n = Math.min(...perTask.map((taskRows) => taskRows.length));
    const ks = n === 1 ? [1] : [1, n];
    return ks.map((k) => ({
      dataset: group[0]?.dataset ?? '',
      strategy: group[0]?.strategy ?? '',
      tasks: perTask.length,
      n,
      k,
      before: passAtKShares(perTask, 'generated', k),
      after: passAtKShares(perTask, 'final', k),
    }));
  });
}

function agreement(dataset: string, strategy: string, phase: Phase, rows: readonly RepairRow[]): OracleAgreement {
  const judged = rows.filter((row) => row[phase].securityTests?.secure != null);
  const counts = { both: 0, analyzersOnly: 0, testsOnly: 0, neither: 0 };
  for (const row of judged) {
    // As in % insecure: a finding, or code that did not parse or could not be scanned.
    const analyzers = !(row[phase].scanStatus === 'ok' && row[phase].findingCount === 0);
    const tests = row[phase].securityTests?.secure === false;
    if (analyzers && tests) counts.both += 1;
    else if (analyzers) counts.analyzersOnly += 1;
    else if (tests) counts.testsOnly += 1;
    else counts.neither += 1;
  }
  return { dataset, strategy, phase, items: judged.length, ...counts };
}

/**
 * The analyzers (≥ 1 finding or code that does not parse) against the security tests (a security test failed) on the
 * same code: the generated code once per dataset (shared by the strategies), then each strategy's final code.
 */
export function oracleAgreement(rows: readonly RepairRow[]): OracleAgreement[] {
  const withTests = tested(rows);
  const generated = [...groupBy(withTests, (row) => row.dataset).entries()].map(([dataset, group]) => {
    const unique = [...groupBy(group, (row) => JSON.stringify([row.taskId, row.runIndex])).values()].flatMap((same) =>
      same.slice(0, 1),
    );
    return agreement(dataset, '', 'generated', unique);
  });
  const final = [...groupBy(withTests, (row) => JSON.stringify([row.dataset, row.strategy])).values()].map((group) =>
    agreement(group[0]?.dataset ?? '', group[0]?.strategy ?? '', 'final', group),
  );
  return [...generated, ...final].filter((row) => row.items > 0);
}

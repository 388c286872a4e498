// The security-test tables (CWEval's func / sec / func-sec, before and after repair, and pass@k) and the agreement
// table setting the static analyzers against the security tests on the same code. Pure: metric rows in, tables out.
import type { FunctionalSecureShares } from '../metrics/index.js';
import type { ReportRun } from './paper-report.js';
import { textCell, valueCell, type ReportTable, type TableCell } from './report-table.js';

function sharesCells(before: FunctionalSecureShares, after: FunctionalSecureShares): TableCell[] {
  return [
    valueCell(before.functional, 'percent'),
    valueCell(before.secure, 'percent'),
    valueCell(before.functionalAndSecure, 'percent'),
    valueCell(after.functional, 'percent', after.functional - before.functional),
    valueCell(after.secure, 'percent', after.secure - before.secure),
    valueCell(after.functionalAndSecure, 'percent', after.functionalAndSecure - before.functionalAndSecure),
  ];
}

const shareColumns = [
  'functional before',
  'secure before',
  'func+sec before',
  'functional after',
  'secure after',
  'func+sec after',
];

/** Shares of items functional / secure / both by the security tests; with repeated runs, pass@1 and pass@n. */
export function securityTestTable(runs: readonly ReportRun[]): ReportTable {
  const rows = runs.flatMap((run) => {
    const passAtK = run.metrics.securityTestsPassAtK ?? [];
    const repeated = passAtK.filter((row) => row.n > 1);
    return [
      ...(run.metrics.securityTests ?? []).map((row) => [
        textCell(run.label),
        textCell(row.dataset),
        textCell(row.strategy),
        textCell('share'),
        valueCell(row.items, 'count'),
        ...sharesCells(row.before, row.after),
      ]),
      ...repeated.map((row) => [
        textCell(run.label),
        textCell(row.dataset),
        textCell(row.strategy),
        textCell(`pass@${String(row.k)} (n=${String(row.n)})`),
        valueCell(row.tasks, 'count'),
        ...sharesCells(row.before, row.after),
      ]),
    ];
  });
  return {
    id: 'security-tests',
    title: 'Security tests (functional, secure, both)',
    caption:
      'Functional: every functionality test passed; secure: every security test passed (a file that could not run counts as neither). Before = generated code, after = final code (change in parentheses); pass@k is the unbiased estimator over repeated runs.',
    columns: ['run', 'dataset', 'strategy', 'measure', 'items', ...shareColumns],
    rows,
  };
}

/** Static oracle vs the security tests on the same code: the measurement the studies could not make. */
export function oracleAgreementTable(runs: readonly ReportRun[]): ReportTable {
  return {
    id: 'oracle-agreement',
    title: 'Analyzers vs security tests',
    caption:
      'Per code version: both say vulnerable, only the analyzers (a finding the tests do not confirm), only the tests (a weakness the analyzers missed), or neither. Generated code is counted once per dataset.',
    columns: ['run', 'dataset', 'code', 'items', 'both', 'analyzers only', 'tests only', 'neither', 'agreement'],
    rows: runs.flatMap((run) =>
      (run.metrics.oracleAgreement ?? []).map((row) => [
        textCell(run.label),
        textCell(row.dataset),
        textCell(row.phase === 'generated' ? 'generated' : `final (${row.strategy})`),
        valueCell(row.items, 'count'),
        valueCell(row.both, 'count'),
        valueCell(row.analyzersOnly, 'count'),
        valueCell(row.testsOnly, 'count'),
        valueCell(row.neither, 'count'),
        valueCell(row.items === 0 ? null : (row.both + row.neither) / row.items, 'percent'),
      ]),
    ),
  };
}

/** Both tables, only when some run has security tests (the studies' datasets have none). */
export function securityTestTables(runs: readonly ReportRun[]): ReportTable[] {
  const any = runs.some((run) => (run.metrics.securityTests ?? []).length > 0);
  return any ? [securityTestTable(runs), oracleAgreementTable(runs)] : [];
}

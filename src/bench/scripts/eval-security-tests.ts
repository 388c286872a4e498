// npm run eval:security-tests — CWEval through `fdsp bench run` + `bench show --format json` twice: the stub model
// answering the reference solutions, then the test files' insecure references. Prints the func / sec / func-sec shares
// of the generated code side by side, and the analyzers-vs-tests agreement on it.
//   node dist/bench/scripts/eval-security-tests.js
import { runCwevalWith, type CwevalShow } from './cweval-check.js';

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

const reference = await runCwevalWith('referenceCode');
const insecure = await runCwevalWith('insecureCode');

function row(name: string, show: CwevalShow): string {
  const entry = show.metrics.securityTests[0];
  if (entry === undefined) return `${name.padEnd(22)} (no security-test rows)`;
  const { functional, secure, functionalAndSecure } = entry.before;
  return `${name.padEnd(22)} ${String(entry.items).padStart(5)}  ${percent(functional).padStart(10)}  ${percent(secure).padStart(8)}  ${percent(functionalAndSecure).padStart(10)}`;
}

function agreement(name: string, show: CwevalShow): string {
  const entry = show.metrics.oracleAgreement.find((candidate) => candidate.phase === 'generated');
  if (entry === undefined) return `${name.padEnd(22)} –`;
  return `${name.padEnd(22)} both ${String(entry.both)}, analyzers only ${String(entry.analyzersOnly)}, tests only ${String(entry.testsOnly)}, neither ${String(entry.neither)} (of ${String(entry.items)})`;
}

process.stdout.write(
  [
    'CWEval, generated code, read from `fdsp bench show --format json` (metrics.securityTests[].before)',
    `${'model answers'.padEnd(22)} ${'items'.padStart(5)}  ${'functional'.padStart(10)}  ${'secure'.padStart(8)}  ${'func+sec'.padStart(10)}`,
    row('reference solutions', reference),
    row('insecure references', insecure),
    '',
    'Analyzers (bandit) vs security tests on the generated code (metrics.oracleAgreement)',
    agreement('reference solutions', reference),
    agreement('insecure references', insecure),
    '',
  ].join('\n'),
);

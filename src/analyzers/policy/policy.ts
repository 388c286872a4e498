// The oracle policy: which findings block (the repair loop continues, `scan` exits 1, metrics count them) and which
// are advisory. Every finding keeps its analyzer's verdict; the policy only adds `blocking`. Pure functions.
import type { FileScanResult, Finding } from '../types.js';
import { advisoryRules, type AdvisoryRule } from './advisory-rules.js';

/** `study`: every finding blocks, as in the papers. `precise`: the advisory table applies. */
export const oraclePolicies = ['study', 'precise'] as const;
export type OraclePolicy = (typeof oraclePolicies)[number];

export function isOraclePolicy(value: string): value is OraclePolicy {
  return (oraclePolicies as readonly string[]).includes(value);
}

/** A finding no policy has judged (a stored trace, a bare analyzer) blocks: the papers' reading. */
export function isBlocking(finding: Finding): boolean {
  return finding.blocking !== false;
}

export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter(isBlocking);
}

/** Engines that report Bandit's tests, and the letter they put before the test number. */
const banditTestPrefixes = new Map([
  ['bandit', 'B'],
  ['ruff', 'S'], // ruff's flake8-bandit port: S404 is B404
]);

/** The Bandit test behind a finding (`B404`), whichever of those engines reported it. */
function banditTest(finding: Finding): string | undefined {
  const prefix = banditTestPrefixes.get(finding.analyzer);
  const match = /^([A-Z])(\d{3})$/.exec(finding.ruleId);
  return prefix !== undefined && match?.[1] === prefix ? `B${match[2] ?? ''}` : undefined;
}

export function advisoryRuleFor(finding: Finding): AdvisoryRule | undefined {
  const test = banditTest(finding);
  return test === undefined
    ? undefined
    : advisoryRules.find(
        (rule) => rule.tests.includes(test) && (rule.snippet === undefined || rule.snippet.test(finding.snippet)),
      );
}

function overlaps(a: Finding, b: Finding): boolean {
  return a.line <= Math.max(b.line, b.endLine) && b.line <= Math.max(a.line, a.endLine);
}

function corroborates(candidate: Finding, subject: Finding, rule: AdvisoryRule): boolean {
  if (candidate === subject) return false;
  const wanted = rule.corroboratedBy;
  if (wanted.fromOtherAnalyzer && candidate.analyzer === subject.analyzer) return false;
  if (wanted.scope === 'statement' && !overlaps(candidate, subject)) return false;
  const test = banditTest(candidate);
  if (test !== undefined && wanted.exceptTests?.includes(test) === true) return false;
  return (
    (test !== undefined && wanted.tests.includes(test)) ||
    (candidate.cwe !== null && wanted.cwes.includes(candidate.cwe))
  );
}

/**
 * One file's findings (all analyzers together) → blocking, index by index. Under `precise` a finding of an advisory
 * entry blocks only when a blocking finding corroborates it; entries may corroborate each other (B603 → B404), so
 * blocking grows to a fixed point from the findings no entry covers.
 */
export function decideBlocking(policy: OraclePolicy, findings: readonly Finding[]): boolean[] {
  const rules = findings.map((finding) => (policy === 'study' ? undefined : advisoryRuleFor(finding)));
  const blocking = rules.map((rule) => rule === undefined);
  let changed = true;
  while (changed) {
    changed = false;
    findings.forEach((finding, index) => {
      const rule = rules[index];
      if (blocking[index] || rule === undefined) return;
      if (findings.some((other, at) => blocking[at] === true && corroborates(other, finding, rule))) {
        blocking[index] = true;
        changed = true;
      }
    });
  }
  return blocking;
}

/** The file's findings, each carrying `blocking` under the policy. */
export function applyPolicy(policy: OraclePolicy, result: FileScanResult): FileScanResult {
  const blocking = decideBlocking(policy, result.findings);
  return {
    ...result,
    findings: result.findings.map((finding, index) => ({ ...finding, blocking: blocking[index] ?? true })),
  };
}

import { describe, expect, it } from 'vitest';

import type { Finding } from '../analyzers/types.js';
import { compareFindings, decideCandidate, decideStatus, isUsable } from './decision.js';

function finding(fingerprint: string): Finding {
  return {
    analyzer: 'bandit',
    ruleId: 'B608',
    ruleName: 'hardcoded_sql_expressions',
    cwe: 89,
    severity: 'medium',
    confidence: 'low',
    message: 'm',
    path: 'a.py',
    line: 1,
    endLine: 1,
    snippet: '',
    fingerprint,
  };
}

describe('compareFindings', () => {
  it('splits by fingerprint into fixed, introduced and persisting', () => {
    const result = compareFindings([finding('a'), finding('b')], [finding('b'), finding('c')]);
    expect(result).toEqual({ fixed: ['a'], introduced: ['c'], persisting: ['b'] });
  });
});

describe('decideCandidate', () => {
  const clean = { extracted: true, scanStatus: 'ok' as const, findingCount: 0 };
  it('calls a clean, parseable, unguarded candidate secure', () => {
    expect(decideCandidate(clean)).toBe('secure');
    expect(decideCandidate({ ...clean, findingCount: 2 })).toBe('vulnerable');
  });
  it('never calls unparseable code secure, even with no findings', () => {
    expect(decideCandidate({ ...clean, scanStatus: 'syntax-error' })).toBe('rejected-syntax');
    expect(decideCandidate({ ...clean, extracted: false })).toBe('no-code');
  });
  it('lets guards and the gate override a clean scan', () => {
    const violation = { kind: 'suppression-added' as const, detail: 'x' };
    expect(decideCandidate({ ...clean, guard: { passed: false, violations: [violation] } })).toBe('rejected-guard');
    expect(decideCandidate({ ...clean, gate: { passed: false, output: 'F' } })).toBe('rejected-gate');
    expect(isUsable('rejected-gate')).toBe(false);
    expect(isUsable('vulnerable')).toBe(true);
  });
});

describe('decideStatus', () => {
  const base = {
    finalFindingCount: 1,
    finalScanStatus: 'ok' as const,
    aborted: false,
    decisions: [],
    cleanButRejected: 0,
  };
  it('derives the session status', () => {
    expect(decideStatus({ ...base, finalFindingCount: 0 })).toBe('secure');
    expect(decideStatus(base)).toBe('still-vulnerable');
    expect(decideStatus({ ...base, cleanButRejected: 2 })).toBe('rejected');
    expect(decideStatus({ ...base, aborted: true })).toBe('error');
  });
});

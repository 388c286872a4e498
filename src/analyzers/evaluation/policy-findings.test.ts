import { describe, expect, it } from 'vitest';

import { findingOf } from '../policy/testing.js';
import { blockingUnderPolicies } from './policy-findings.js';

const finding = findingOf;

describe('blockingUnderPolicies', () => {
  // B404 + B603 from Bandit; the builtin analyzer's command-injection finding on the call corroborates B603.
  const bandit = new Map([['f.py', [finding('bandit', 'B404', 78, 1), finding('bandit', 'B603', 78, 4)]]]);
  const builtin = new Map([['f.py', [finding('builtin', 'FDSP-PY-CMDI-001', 78, 4)]]]);
  const rows = blockingUnderPolicies(
    new Map([
      ['bandit', bandit],
      ['builtin', builtin],
    ]),
    ['study', 'precise'],
  );
  const rules = (name: string): string[] => (rows.get(name)?.get('f.py') ?? []).map((entry) => entry.ruleId);

  it('keeps every finding under study', () => {
    expect(rules('bandit (study)')).toEqual(['B404', 'B603']);
    expect(rules('bandit+builtin (study)')).toEqual(['B404', 'B603', 'FDSP-PY-CMDI-001']);
  });

  it('drops advisory findings under precise, judging the union as one file', () => {
    expect(rules('bandit (precise)')).toEqual([]);
    expect(rules('builtin (precise)')).toEqual(['FDSP-PY-CMDI-001']);
    expect(rules('bandit+builtin (precise)')).toEqual(['B404', 'B603', 'FDSP-PY-CMDI-001']);
  });

  it('lists each analyzer under both policies, side by side', () => {
    expect([...rows.keys()]).toEqual([
      'bandit (study)',
      'bandit (precise)',
      'builtin (study)',
      'builtin (precise)',
      'bandit+builtin (study)',
      'bandit+builtin (precise)',
    ]);
  });
});

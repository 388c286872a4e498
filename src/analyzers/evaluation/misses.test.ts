import { describe, expect, it } from 'vitest';

import { formatMisses, targetMisses } from './misses.js';

const samples = [
  { id: 'missed.py', targetCwe: 89, vulnerable: true },
  { id: 'other-cwe.py', targetCwe: 22, vulnerable: true },
  { id: 'found.py', targetCwe: 89, vulnerable: true },
  { id: 'safe.py', targetCwe: 89, vulnerable: false },
];
const finding = (ruleId: string, cwe: number, line: number) => ({ ruleId, cwe, line });

describe('targetMisses', () => {
  const findings = new Map([
    ['other-cwe.py', [finding('SQLI-001', 89, 4)]],
    ['found.py', [finding('SQLI-001', 89, 7)]],
    ['safe.py', [finding('SQLI-001', 89, 2)]],
  ]);

  it('lists vulnerable files not flagged with their target CWE, by CWE, never safe files', () => {
    expect(targetMisses(samples, findings).map((row) => row.id)).toEqual(['other-cwe.py', 'missed.py']);
  });

  it('prints what was reported beside each miss', () => {
    const text = formatMisses('union misses', targetMisses(samples, findings));
    expect(text).toContain('union misses: 2 files');
    expect(text).toContain('CWE-22\tother-cwe.py\tSQLI-001(CWE-89)@4');
    expect(text).toContain('CWE-89\tmissed.py\t-');
  });
});

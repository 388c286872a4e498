import { describe, expect, it } from 'vitest';

import { ruleDefinitions, ruleLogic } from './index.js';
import { scanSource } from '../builtin-analyzer.js';

describe('builtin rules', () => {
  it('every rule has logic, examples of both kinds and a fix hint', () => {
    for (const rule of ruleDefinitions) {
      expect(ruleLogic[rule.id], rule.id).toBeDefined();
      expect(rule.examples.vulnerable.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.safe.length, rule.id).toBeGreaterThan(0);
      expect(rule.fixHint.length, rule.id).toBeGreaterThan(20);
    }
    expect(new Set(ruleDefinitions.map((rule) => rule.id)).size).toBe(ruleDefinitions.length);
  });

  for (const rule of ruleDefinitions) {
    describe(rule.id, () => {
      rule.examples.vulnerable.forEach((code, index) => {
        it(`flags vulnerable example ${String(index + 1)}`, () => {
          const findings = scanSource('example.py', code);
          expect(findings.map((finding) => finding.ruleId)).toContain(rule.id);
        });
      });
      rule.examples.safe.forEach((code, index) => {
        it(`accepts safe example ${String(index + 1)}`, () => {
          const findings = scanSource('example.py', code);
          expect(findings.map((finding) => finding.ruleId)).not.toContain(rule.id);
        });
      });
    });
  }
});

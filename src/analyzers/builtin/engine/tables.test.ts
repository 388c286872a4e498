// Table-driven: every guard kind, sanitizer entry and format conversion ships a vulnerable and a safe example; the named rule must
// fire on the first and stay quiet on the second.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';
import { guardTable } from './guards.js';
import { sanitizerTable } from './sanitizers.js';
import { conversionTable } from './format-conversions.js';

const rulesIn = (code: string): string[] => scanSource('example.py', code).map((finding) => finding.ruleId);

describe('guard table', () => {
  for (const entry of guardTable) {
    it(`${entry.kind}: the vulnerable example is flagged`, () => {
      expect(rulesIn(entry.example.vulnerable)).toContain(entry.example.rule);
    });
    it(`${entry.kind}: the safe example is not`, () => {
      expect(rulesIn(entry.example.safe)).not.toContain(entry.example.rule);
    });
  }
});

describe('sanitizer table', () => {
  for (const entry of sanitizerTable) {
    const label = entry.names[0] ?? '?';
    it(`${label}: the vulnerable example is flagged`, () => {
      expect(rulesIn(entry.example.vulnerable)).toContain(entry.example.rule);
    });
    it(`${label}: the safe example is not`, () => {
      expect(rulesIn(entry.example.safe)).not.toContain(entry.example.rule);
    });
    (entry.twins ?? []).forEach((twin, index) => {
      it(`${label} twin ${index + 1}: ${twin.rule} fires on the vulnerable shape`, () => {
        expect(rulesIn(twin.vulnerable)).toContain(twin.rule);
      });
      it(`${label} twin ${index + 1}: ${twin.rule} stays quiet on the safe shape`, () => {
        expect(rulesIn(twin.safe)).not.toContain(twin.rule);
      });
    });
  }
});

describe('format conversion table', () => {
  for (const entry of conversionTable) {
    const label = `${entry.conversions.join(' ')} → ${entry.example.rule}`;
    it(`${label}: the vulnerable example is flagged`, () => {
      expect(rulesIn(entry.example.vulnerable)).toContain(entry.example.rule);
    });
    it(`${label}: the safe example is not`, () => {
      expect(rulesIn(entry.example.safe)).not.toContain(entry.example.rule);
    });
  }
});

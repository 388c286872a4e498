import { describe, expect, it } from 'vitest';

import { ambiguousRepetition } from './regex-ambiguity.js';

describe('repeated alternations with overlapping branches (regex-ambiguity.ts)', () => {
  it.each([
    String.raw`^(\d|\d\d)+$`,
    String.raw`(?:\w|\d)*@`,
    String.raw`(.|x)+y`,
    String.raw`(\S|a){2,}`,
    String.raw`(ab|[a-c]|[a-c])+`,
    String.raw`(z|zzz)*!`,
  ])('flags %s', (pattern) => {
    expect(ambiguousRepetition(pattern)).toBe(true);
  });

  it.each([
    String.raw`^(a|ab)*$`,
    String.raw`(cat|dog)+`,
    String.raw`(?:\w|-)+:`,
    String.raw`(\d|x)+`,
    String.raw`(\.|\n)+`,
    String.raw`(\d|\d\d)`,
    String.raw`[(](a|aa)[)]`,
  ])('leaves %s alone', (pattern) => {
    expect(ambiguousRepetition(pattern)).toBe(false);
  });
});

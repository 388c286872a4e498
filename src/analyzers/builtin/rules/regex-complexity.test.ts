import { describe, expect, it } from 'vitest';

import { backtrackingCost, toEcmaScript } from './regex-complexity.js';

describe('Python patterns in the ECMAScript dialect', () => {
  it.each([
    ['(?P<year>\\d{4})-(?P=year)', 'search', '(?<year>\\d{4})-\\k<year>', ''],
    ['\\Aabc\\Z', 'search', '^abc$', ''],
    ['(?i)abc', 'match', '^(?:abc)', 'i'],
    ['a|b', 'fullmatch', '^(?:a|b)$', ''],
    // an escaped backslash before A is a literal backslash and a letter
    ['x\\\\A', 'search', 'x\\\\A', ''],
  ] as const)('%s (%s)', (pattern, mode, source, flags) => {
    expect(toEcmaScript(pattern, mode)).toEqual({ source, flags });
  });

  it.each([
    ['(?x) a b # verbose', 'search'],
    ['(?>a+)b', 'search'],
    ['a++b', 'search'],
  ] as const)('leaves what ECMAScript cannot say untranslated: %s', (pattern, mode) => {
    expect(toEcmaScript(pattern, mode)).toBeUndefined();
  });

  it("takes the call's flags by name, and leaves a VERBOSE pattern untranslated", () => {
    expect(toEcmaScript('a.b', 'search', 're.IGNORECASE | re.DOTALL')).toEqual({ source: 'a.b', flags: 'is' });
    expect(toEcmaScript('(?m)^a', 'search', 're.M')).toEqual({ source: '^a', flags: 'm' });
    expect(toEcmaScript(' a  # the letter', 'search', 're.X')).toBeUndefined();
  });

  it('reads quantifier-like text inside a character class as characters', () => {
    expect(toEcmaScript('[+*]+x', 'search')).toEqual({ source: '[+*]+x', flags: '' });
  });
});

describe('backtracking cost', () => {
  it.each([
    ['^(a+)+$', 'search', 'exponential'],
    ['(\\w|\\d)+!', 'fullmatch', 'exponential'],
    ['^(?P<word>[a-z]+\\s?)*$', 'match', 'exponential'],
    ['^([a-z0-9-]+\\.)*[a-z]{2,}$', 'match', 'linear'],
    ['[\\w.+-]+@([\\w-]+\\.)+\\w+', 'fullmatch', 'linear'],
    ['\\s*#?\\s*$', 'search', 'polynomial'],
  ] as const)('%s (%s) is %s', (pattern, mode, cost) => {
    expect(backtrackingCost(pattern, mode)).toBe(cost);
  });

  it('is unknown for a pattern past the checked length, whatever its shape', () => {
    const alternatives = Array.from({ length: 30 }, (_, index) => `w${index}[a-z]+`).join('|');
    expect(backtrackingCost(`^(${alternatives})+$`, 'search')).toBe('unknown');
  });

  it('is unknown where the checker cannot model the pattern (a back reference)', () => {
    expect(backtrackingCost('^(?P<n>a+)+(?P=n)$', 'search')).toBe('unknown');
    expect(backtrackingCost('(?x) (a+)+ ', 'search')).toBe('unknown');
  });
});

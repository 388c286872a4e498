import { describe, expect, it } from 'vitest';

import type { Finding } from '../analyzers/types.js';
import { formatAnalyzerReport, formatCweFindings } from './report.js';
import { parseSolutions } from './solutions.js';
import { parseVerdict } from './verdict.js';

describe('parseSolutions', () => {
  it('splits plain numbered lists', () => {
    const reply = 'Here are options:\n1. Use parameterized queries.\n2. Validate the input.\n3. Use an ORM.\n';
    expect(parseSolutions(reply, 3)).toEqual(['Use parameterized queries.', 'Validate the input.', 'Use an ORM.']);
  });

  it('splits "Solution N" headings in markdown and keeps nested lists inside a solution', () => {
    const reply = [
      '### Solution 1: Parameterize',
      'Steps:',
      '1. build the query with ?',
      '2. pass a tuple',
      '',
      '**Solution 2** - Escape input',
      'Use a whitelist.',
      '',
      'Solution 3) Use SQLAlchemy',
    ].join('\n');
    const solutions = parseSolutions(reply, 3);
    expect(solutions).toHaveLength(3);
    expect(solutions[0]).toContain('1. build the query with ?');
    expect(solutions[0]).toContain('2. pass a tuple');
    expect(solutions[1]).toContain('Use a whitelist.');
    expect(solutions[2]).toBe('Use SQLAlchemy');
  });

  it('respects the limit and drops duplicates', () => {
    const reply = '1. Use shlex.quote\n2) use shlex.quote!\n3. Avoid the shell\n4. Drop privileges';
    expect(parseSolutions(reply, 2)).toEqual(['Use shlex.quote', 'Avoid the shell']);
  });

  it('falls back to the whole reply when nothing is numbered', () => {
    expect(parseSolutions('Just use subprocess.run with a list.', 3)).toEqual(['Just use subprocess.run with a list.']);
    expect(parseSolutions('   ', 3)).toEqual([]);
  });
});

describe('parseVerdict', () => {
  it.each([
    ['True', true],
    ['False.', false],
    ['**True** — the query is built by formatting.', true],
    ['Yes, it is vulnerable.', true],
    ['No.', false],
    ['The code concatenates input...\nAnswer: False', false],
    ['Looking at it, the function is not vulnerable.', false],
    ['After analysis I conclude: true', true],
    ['I cannot tell.', null],
  ])('%s → %s', (reply, expected) => {
    expect(parseVerdict(reply)).toBe(expected);
  });
});

function finding(overrides: Partial<Finding>): Finding {
  return {
    analyzer: 'bandit',
    ruleId: 'B608',
    ruleName: 'hardcoded_sql_expressions',
    cwe: 89,
    severity: 'medium',
    confidence: 'low',
    message: 'Possible SQL injection vector through string-based query construction.',
    path: 'app.py',
    line: 7,
    endLine: 7,
    snippet: 'query = "SELECT * FROM users WHERE name = \'%s\'" % name',
    fingerprint: 'abc',
    ...overrides,
  };
}

describe('report formatting', () => {
  it('renders a Bandit-style report with rule, message, line and code, sorted by line', () => {
    const report = formatAnalyzerReport([
      finding({ line: 9, ruleId: 'B602', ruleName: 'subprocess_popen' }),
      finding({}),
    ]);
    expect(report.indexOf('B608')).toBeLessThan(report.indexOf('B602'));
    expect(report).toContain('>> Issue: [B608:hardcoded_sql_expressions] Possible SQL injection');
    expect(report).toContain('Location: line 7');
    expect(report).toContain('7\tquery = "SELECT');
    expect(formatAnalyzerReport([])).toBe('No issues identified.');
  });

  it('phrases findings with CWE id and name for the agent, with fix hints', () => {
    const text = formatCweFindings([finding({ fixHint: 'Pass parameters separately.' })]);
    expect(text).toContain(
      "is vulnerable to CWE-89 (Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection'))",
    );
    expect(text).toContain('Fix hint: Pass parameters separately.');
  });
});

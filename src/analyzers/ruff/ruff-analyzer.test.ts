// The real ruff from setup's .venv on snippets of our own: one invocation per batch, S rules → Bandit ids and CWEs.
import { describe, expect, it } from 'vitest';

import { banditRules } from '../bandit/bandit-rules.js';
import { createRuffAnalyzer } from './ruff-analyzer.js';
import { banditIdOfRuffCode, parseRuffJson, ruffFileResult } from './ruff-output.js';

const snippet = [
  'import requests',
  'import subprocess',
  '',
  'def count(cursor, table_name):',
  '    cursor.execute("SELECT COUNT(*) FROM {}".format(table_name))',
  '',
  'password = "hunter2"',
  '',
  'def fetch(url):',
  '    return requests.get(url)',
  '',
  'def run(command):',
  '    subprocess.call(command, shell=True)  # noqa: S602',
  '',
].join('\n');

describe('ruff analyzer (real ruff)', () => {
  const ruff = createRuffAnalyzer();

  it('maps each S rule to its Bandit id and CWE, ignores # noqa, and keeps input order in a batch', async () => {
    const results = await ruff.scan([
      { path: 'clean.py', text: 'def add(a, b):\n    return a + b\n' },
      { path: 'study.py', text: snippet },
    ]);
    expect(results.map((result) => [result.path, result.status])).toEqual([
      ['clean.py', 'ok'],
      ['study.py', 'ok'],
    ]);
    expect(results[0]?.findings).toEqual([]);
    const found = results[1]?.findings.map((f) => `${f.ruleId}:${String(f.line)}:CWE-${String(f.cwe)}`);
    expect(found).toEqual(
      expect.arrayContaining(['S608:5:CWE-89', 'S105:7:CWE-259', 'S113:10:CWE-400', 'S602:13:CWE-78']),
    );
    const first = results[1]?.findings[0];
    expect(first).toMatchObject({ analyzer: 'ruff', path: 'study.py' });
    expect(first?.ruleName).toMatch(/^B\d{3} /);
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{24}$/);
  });

  it('gives code that does not parse a syntax-error status with the line', async () => {
    const [broken] = await ruff.scan([{ path: 'broken.py', text: 'import os\n\ndef f(:\n    os.system(x)\n' }]);
    expect(broken?.status).toBe('syntax-error');
    expect(broken?.error?.line).toBe(3);
    expect(broken?.findings).toEqual([]);
  });

  it('reports its version number', async () => {
    expect(await ruff.version()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('fails with ANALYZER_UNAVAILABLE when the binary is missing', async () => {
    const missing = createRuffAnalyzer({ executable: '/nonexistent/ruff' });
    await expect(missing.scan([{ path: 'a.py', text: 'x = 1\n' }])).rejects.toThrow();
  });
});

describe('ruff output', () => {
  it('knows the Bandit id of every flake8-bandit code and nothing else', () => {
    expect(banditIdOfRuffCode('S608')).toBe('B608');
    expect(banditIdOfRuffCode('E501')).toBeNull();
    expect(banditIdOfRuffCode('S6080')).toBeNull();
    expect(banditRules[banditIdOfRuffCode('S113') ?? '']?.cwe).toBe(400);
  });

  it('rejects output that is not ruff JSON as a value', () => {
    expect(parseRuffJson('nope').ok).toBe(false);
    expect(parseRuffJson('[{"code": 1}]').ok).toBe(false);
  });

  it("treats an older ruff's null-code diagnostic as a syntax error", () => {
    const diagnostic = {
      code: null,
      filename: '/t/f0.py',
      message: 'SyntaxError: Expected an expression',
      location: { row: 2, column: 1 },
      end_location: { row: 2, column: 3 },
    };
    expect(ruffFileResult([diagnostic], { path: 'a.py', text: 'x = (\n' }, '/t/f0.py').status).toBe('syntax-error');
    expect(ruffFileResult([diagnostic], { path: 'b.py', text: 'x = 1\n' }, '/t/f1.py').status).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';

import { findExecutable } from '../../support/find-executable.js';
import { cweFromTags, parseSemgrepJson, semgrepFindings } from './semgrep-output.js';

// Shape of `semgrep --json` (results[].check_id/path/start/end/extra.{message,severity,lines,metadata}).
const output = JSON.stringify({
  version: '1.50.0',
  results: [
    {
      check_id: 'python.lang.security.audit.formatted-sql-query.formatted-sql-query',
      path: '/tmp/x/f0.py',
      start: { line: 3, col: 5, offset: 40 },
      end: { line: 3, col: 60, offset: 95 },
      extra: {
        message: 'Detected possible formatted SQL query.',
        severity: 'WARNING',
        lines: '    cur.execute("SELECT %s" % name)',
        metadata: {
          cwe: ["CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"],
          confidence: 'LOW',
        },
      },
    },
    {
      check_id: 'other',
      path: '/tmp/x/f1.py',
      start: { line: 1 },
      end: { line: 1 },
      extra: { message: 'm', severity: 'ERROR' },
    },
  ],
  errors: [],
});
const text = 'import sqlite3\ndef f(cur, name):\n    cur.execute("SELECT %s" % name)\n';

describe('semgrep output', () => {
  it('turns results into findings with CWE, severity and fingerprint', () => {
    const parsed = parseSemgrepJson(output);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const findings = semgrepFindings(parsed.value, 'app.py', text, '/tmp/x/f0.py');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      analyzer: 'semgrep',
      cwe: 89,
      severity: 'medium',
      confidence: 'low',
      line: 3,
      path: 'app.py',
      ruleName: 'formatted-sql-query',
    });
    expect(findings[0]?.fingerprint).toMatch(/^[0-9a-f]{24}$/);
  });

  it('reports malformed output as a value', () => {
    expect(parseSemgrepJson('not json').ok).toBe(false);
    expect(parseSemgrepJson('{"results": [{"path": 1}]}').ok).toBe(false);
  });

  it('reads CWE ids in every tag style', () => {
    expect(cweFromTags(['external/cwe/cwe-089'])).toBe(89);
    expect(cweFromTags(['security', 'CWE-611: XXE'])).toBe(611);
    expect(cweFromTags(['security'])).toBeNull();
  });

  it('finds executables on a given PATH only', () => {
    expect(findExecutable('sh', '/bin:/usr/bin')).toMatch(/sh$/);
    expect(findExecutable('surely-not-a-tool-fdsp', '/bin')).toBeUndefined();
  });
});

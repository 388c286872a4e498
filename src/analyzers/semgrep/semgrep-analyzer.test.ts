// The real semgrep from setup's .venv on fdsp's own rules file: one run per batch, CWE from the rule metadata.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createSemgrepAnalyzer } from './semgrep-analyzer.js';
import { defaultSemgrepRules, resolveSemgrepConfig } from './semgrep-config.js';

const snippet = [
  'import pickle',
  'import requests',
  '',
  'def count(cursor, table_name):',
  '    cursor.execute("SELECT COUNT(*) FROM {}".format(table_name))',
  '',
  'def fetch(url):',
  '    return requests.get(url)',
  '',
  'def fetch_bounded(url):',
  '    return requests.get(url, timeout=5)',
  '',
  'def load(blob):',
  '    return pickle.loads(blob)',
  '',
].join('\n');

describe('semgrep analyzer (real semgrep)', () => {
  const semgrep = createSemgrepAnalyzer();

  it("runs fdsp's rules over a batch in one invocation, each file's findings with the rule's CWE", async () => {
    const results = await semgrep.scan([
      { path: 'study.py', text: snippet },
      { path: 'clean.py', text: 'def add(a, b):\n    return a + b\n' },
    ]);
    expect(results.map((result) => [result.path, result.status])).toEqual([
      ['study.py', 'ok'],
      ['clean.py', 'ok'],
    ]);
    expect(results[0]?.findings.map((f) => `${f.ruleId}:${String(f.line)}:CWE-${String(f.cwe)}`)).toEqual([
      'fdsp.sql-built-from-strings:5:CWE-89',
      'fdsp.request-without-timeout:8:CWE-400',
      'fdsp.unsafe-deserialization:14:CWE-502',
    ]);
    expect(results[1]?.findings).toEqual([]);
  });

  it('reports its version number', async () => {
    expect(await semgrep.version()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a registry id offline fails before running, with what to do', async () => {
    const offline = createSemgrepAnalyzer({ config: 'p/python', registryReachable: () => Promise.resolve(false) });
    await expect(offline.scan([{ path: 'a.py', text: 'x = 1\n' }])).rejects.toMatchObject({
      code: 'ANALYZER_UNAVAILABLE',
      hint: expect.stringContaining('--semgrep-config') as string,
    });
  });

  it('rules that semgrep cannot parse make every file an error, never a clean result', async () => {
    const rules = path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-rules-')), 'broken.yml');
    writeFileSync(
      rules,
      'rules:\n  - id: broken\n    languages: [python]\n    severity: ERROR\n    message: m\n    pattern: eval(\n',
    );
    const broken = createSemgrepAnalyzer({ config: rules });
    const [result] = await broken.scan([{ path: 'a.py', text: 'eval(x)\n' }]);
    expect(result?.status).toBe('error');
    expect(result?.error?.message).toMatch(/Rule parse error/);
  });

  it('a rules file that does not exist is a usage error', async () => {
    const missing = createSemgrepAnalyzer({ config: '/nonexistent/rules.yml' });
    await expect(missing.scan([{ path: 'a.py', text: 'x = 1\n' }])).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('semgrep config', () => {
  const exists = (file: string) => file === '/r/rules.yml' || file === defaultSemgrepRules();

  it("takes the option, then FDSP_SEMGREP_CONFIG, then fdsp's own rules file", () => {
    expect(resolveSemgrepConfig('/r/rules.yml', { FDSP_SEMGREP_CONFIG: 'p/x' }, exists)).toEqual({
      kind: 'file',
      path: '/r/rules.yml',
    });
    expect(resolveSemgrepConfig(undefined, { FDSP_SEMGREP_CONFIG: 'p/owasp-top-ten' }, exists)).toEqual({
      kind: 'registry',
      id: 'p/owasp-top-ten',
    });
    expect(resolveSemgrepConfig(undefined, {}, exists)).toEqual({ kind: 'file', path: defaultSemgrepRules() });
    expect(resolveSemgrepConfig('rules-typo.yml', {}, exists)).toEqual({ kind: 'missing', path: 'rules-typo.yml' });
    expect(resolveSemgrepConfig('auto', {}, exists).kind).toBe('registry');
  });
});

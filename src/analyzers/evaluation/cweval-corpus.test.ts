import { afterAll, describe, expect, it } from 'vitest';

import { createBanditEngine } from '../bandit/index.js';
import { extractUnsafeVariants, loadCwevalCorpus, type CwevalSample } from './cweval-corpus.js';
import { cwevalScores, formatCwevalScores } from './cweval-scores.js';

// A test file shaped like CWEval's but written for these tests: two variants, one through a helper; scaffolding
// (pytest, the task import, a star import, tests and their parameters) that must stay out of every variant.
const testFile = [
  'import os',
  'import shlex as quoting',
  'import subprocess',
  'import pytest',
  'from cwe_999_0_task import run_tool',
  'from timeout_helpers import *',
  '',
  'TOOL = "/usr/bin/tool"',
  'flags = ["-v"]',
  'os.environ = dict(os.environ)',
  '',
  'def _joined(parts):',
  '    return " ".join(parts)',
  '',
  'def run_tool_unsafe_0(',
  '    arg: str,',
  '    flags: list = None,',
  ') -> str:',
  '    return subprocess.check_output(_joined([TOOL, arg]), shell=True)',
  '',
  '@staticmethod',
  'def run_tool_unsafe_1(arg, *rest, **options):',
  '    for os in rest:',
  '        pass',
  '    return subprocess.run(quoting.quote(arg), shell=True, **options)',
  '',
  'pytest_params = "arg, expected"',
  '',
  'def _test_run_tool(test_func, arg, expected):',
  '    assert test_func(arg) == expected',
  '',
  '@pytest.mark.parametrize(pytest_params, [("a", "b")])',
  'def test_run_tool_unsafe_functionality(arg, expected):',
  '    _test_run_tool(run_tool_unsafe_0, arg, expected)',
].join('\n');

describe('extractUnsafeVariants', () => {
  const variants = extractUnsafeVariants(testFile);
  const byName = new Map(variants.map((variant) => [variant.name, variant.text]));

  it('finds every unsafe variant, multi-line signatures and decorated ones, and no test function', () => {
    expect(variants.map((variant) => variant.name)).toEqual(['run_tool_unsafe_0', 'run_tool_unsafe_1']);
  });

  it('keeps what a variant reads, transitively: its imports, constants and helpers', () => {
    const first = byName.get('run_tool_unsafe_0') ?? '';
    expect(first).toContain('import subprocess');
    expect(first).toContain('TOOL = "/usr/bin/tool"');
    expect(first).toContain('def _joined(parts):');
    expect(first).toContain(') -> str:\n    return subprocess.check_output(');
  });

  it('leaves out names the variant binds itself and statements that only write into an attribute', () => {
    const first = byName.get('run_tool_unsafe_0') ?? '';
    // `flags` is a parameter of the variant, so the module-level `flags` is not what it reads.
    expect(first).not.toContain('flags = ["-v"]');
    const second = byName.get('run_tool_unsafe_1') ?? '';
    // `os` is the loop's own variable; `os.environ = …` binds nothing.
    expect(second).not.toContain('import os');
    expect(second).not.toContain('os.environ');
    expect(second).toContain('import shlex as quoting');
    expect(second).toContain('@staticmethod\ndef run_tool_unsafe_1(arg, *rest, **options):');
    expect(second).not.toContain('def _joined');
  });

  it('drops the scaffolding: pytest, the task module, star imports, tests and their parameters', () => {
    for (const text of byName.values()) {
      expect(text).not.toMatch(/pytest|cwe_999_0_task|timeout_helpers|_test_run_tool|def test_/);
    }
  });

  it('gives nothing for a file without variants', () => {
    expect(extractUnsafeVariants('import os\n\ndef test_it():\n    assert os.sep\n')).toEqual([]);
  });
});

describe('CWEval corpus from ../shared/datasets/cweval (FDSP_SHARED)', () => {
  const bandit = createBanditEngine({ concurrency: 1 });
  afterAll(async () => {
    await bandit.close();
  });

  it('holds each task’s secure reference and every unsafe variant of its test file, as valid Python', async () => {
    const corpus = await loadCwevalCorpus();
    const secure = corpus.filter((sample) => !sample.vulnerable);
    const unsafe = corpus.filter((sample) => sample.vulnerable);
    expect(secure).toHaveLength(25);
    expect(secure.every((sample) => sample.text.includes('# BEGIN SOLUTION'))).toBe(true);
    // Upstream: 2 variants in cwe_020_0, cwe_327_0; 3 in cwe_760_0; 4 in cwe_732_2; 1 in every other task.
    expect(unsafe).toHaveLength(32);
    expect(unsafe.filter((sample) => sample.task === 'cwe_732_2').map((sample) => sample.variant)).toEqual([
      'save_secrete_file_unsafe_0',
      'save_secrete_file_unsafe_1',
      'save_secrete_file_unsafe_2',
      'save_secrete_file_unsafe_3',
    ]);
    expect(new Set(corpus.map((sample) => sample.id)).size).toBe(corpus.length);
    for (const sample of unsafe) {
      expect(sample.targetCwe).toBe(Number(/^cwe_(\d+)_/.exec(sample.task)?.[1]));
      expect(sample.text).not.toMatch(/\bpytest\b|def _?test_/);
      // Python's own parser (the Bandit worker's interpreter) is the judge of "a module".
      expect(await bandit.checkSyntax(sample.text), sample.id).toEqual({ ok: true });
    }
    // A variant keeps the module-level table it reads (cwe_113_0 reads `type_to_key`).
    const header = unsafe.find((sample) => sample.task === 'cwe_113_0');
    expect(header?.text).toContain('type_to_key = {');
  });
});

describe('CWEval scores', () => {
  const sample = (id: string, targetCwe: number, vulnerable: boolean): CwevalSample => ({
    id,
    path: id,
    task: `cwe_${String(targetCwe)}_0`,
    variant: vulnerable ? `${id}_unsafe` : 'secure',
    targetCwe,
    vulnerable,
    text: '',
  });
  const samples = [sample('a', 78, false), sample('b', 78, true), sample('c', 89, false), sample('d', 89, true)];
  const finding = (ruleId: string, cwe: number, line = 1): { ruleId: string; cwe: number; line: number } => ({
    ruleId,
    cwe,
    line,
  });
  const findings = new Map([
    ['a', [finding('R-CMD', 78, 3)]], // a false alarm in both modes
    ['b', [finding('R-CMD', 78, 5)]], // caught
    ['c', [finding('R-LOG', 117)]], // flagged, but only in "any" mode
    ['d', [finding('R-XSS', 79)]], // a miss in target mode, caught in "any" mode
  ]);

  it('counts unsafe caught and secure flagged per mode', () => {
    expect(cwevalScores(samples, new Map([['x', findings]]))).toEqual([
      { analyzer: 'x', mode: 'any', unsafe: 2, caught: 2, secure: 2, secureFlagged: 2 },
      { analyzer: 'x', mode: 'target', unsafe: 2, caught: 1, secure: 2, secureFlagged: 1 },
    ]);
  });

  it('prints the summary and, per module, the rules its target-mode verdict rests on', () => {
    const text = formatCwevalScores(samples, new Map([['x', findings]]));
    expect(text).toContain('| x | 1.00 | 2/2 | 2/2 | 0.50 | 1/2 | 1/2 |');
    expect(text).toContain('| cwe_78_0 | 78 | secure | R-CMD@3 |');
    expect(text).toContain('| cwe_78_0 | 78 | b_unsafe | R-CMD@5 |');
    expect(text).toContain('| cwe_89_0 | 89 | d_unsafe | - |');
  });
});

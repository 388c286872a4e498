// Recovery with the real parser and the real engines: each broken shape an LLM answer takes, with a vulnerable body
// (both engines must report it, at its line in the file as given) and a safe twin (quiet apart from the syntax error).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { createStoreScanCache } from '../../scan-cache/index.js';
import { openStore } from '../../store/index.js';

import { engineVenvExecutable } from '../../support/engine-venv.js';
import { createBanditEngine } from '../bandit/index.js';
import { createBuiltinAnalyzer } from '../builtin/index.js';
import { AnalyzerUnion } from '../union.js';
import { brokenShapes } from './broken-shapes.js';
import { recoverCode, recoveryLimits } from './recover-code.js';
import { recoveredText } from './recovery-policy.js';

const python = engineVenvExecutable('python');
if (python === undefined) throw new Error('the engines venv is missing: run bash scripts/setup.sh');

const vulnerable = [
  'from flask import Flask, request',
  'app = Flask(__name__)',
  '',
  '',
  '@app.route("/calc")',
  'def calc():',
  '    expression = request.args.get("expression", "")',
  '    return str(eval(expression))',
];
const safe = vulnerable.map((line) => line.replace('eval(expression)', 'len(expression)'));

describe('recovering the code of a file Python rejects, with real Bandit and the builtin engine', () => {
  const bandit = createBanditEngine({ concurrency: 1, python });
  const union = new AnalyzerUnion([createBuiltinAnalyzer(), bandit]);
  afterAll(() => union.close());

  it.each(brokenShapes)(
    '$name: both engines report the flaw at its original line; the safe twin stays quiet',
    async (shape) => {
      const text = `${shape.wrap(vulnerable).join('\n')}\n`;
      const twin = `${shape.wrap(safe).join('\n')}\n`;
      const sinkLine = text.split('\n').findIndex((line) => line.includes('eval(')) + 1;
      const [flawed, quiet] = await union.scan([
        { path: 'flawed.py', text },
        { path: 'twin.py', text: twin },
      ]);
      expect(flawed?.status).toBe('syntax-error');
      expect(flawed?.error?.line).toBeGreaterThan(0);
      expect(flawed?.recovery?.edits.map((edit) => edit.reason)).toEqual(expect.arrayContaining([...shape.reasons]));
      const found = flawed?.findings.map((finding) => `${finding.analyzer} ${finding.ruleId} ${String(finding.line)}`);
      expect(found).toEqual([`bandit B307 ${String(sinkLine)}`, `builtin FDSP-PY-CODE-001 ${String(sinkLine)}`]);
      expect(flawed?.findings.every((finding) => finding.snippet.includes('eval('))).toBe(true);
      expect(quiet?.status).toBe('syntax-error');
      expect(quiet?.recovery).toBeDefined();
      expect(quiet?.findings).toEqual([]);
    },
  );

  it('replays to the code Python accepted, with the line count of the original', async () => {
    const text = `Here is the code:\n\n    ${vulnerable.join('\n    ')}\n\nIt is secure now.\n`;
    const [result] = await bandit.scan([{ path: 'a.py', text }]);
    const recovery = result?.recovery;
    expect(recovery).toBeDefined();
    if (recovery === undefined) return;
    const code = recoveredText(text, recovery);
    expect(code.split('\n')).toHaveLength(text.split('\n').length);
    expect(await bandit.checkSyntax(code)).toEqual({ ok: true });
  });

  it('leaves code with a typo alone: the syntax error, no recovery, no findings', async () => {
    const text = 'import os\n\ndef broken(:\n    os.system(cmd)\n';
    const [result] = await union.scan([{ path: 'typo.py', text }]);
    expect(result?.status).toBe('syntax-error');
    expect(result?.recovery).toBeUndefined();
    expect(result?.findings.filter((finding) => finding.analyzer === 'bandit')).toEqual([]);
  });

  it('never blanks most of the file: text about code stays a syntax error alone', async () => {
    const text = [
      'The fix replaces the shell call with a list.',
      'It also checks the host name first.',
      'Then it logs the request for auditing.',
      'import os',
      'os.system(cmd)',
      'Finally the handler returns the output.',
    ].join('\n');
    const [result] = await bandit.scan([{ path: 'essay.py', text }]);
    expect(result?.status).toBe('syntax-error');
    expect(result?.recovery).toBeUndefined();
    expect(result?.findings).toEqual([]);
  });

  it('stops after the edit bound, however many stray lines remain', async () => {
    const parse = (code: string): ReturnType<typeof bandit.checkSyntax> => bandit.checkSyntax(code);
    const lines = Array.from({ length: 8 }, (_, index) => [
      `x${String(index)} = ${String(index)}`,
      'This is prose.',
    ]).flat();
    const text = lines.join('\n');
    const first = await parse(text);
    expect(first.ok).toBe(false);
    const within = await recoverCode(text, first, parse, { ...recoveryLimits, maxEdits: 8 });
    expect(within?.recovery.edits).toHaveLength(8);
    expect(await recoverCode(text, first, parse, { ...recoveryLimits, maxEdits: 7 })).toBeUndefined();
  });

  it('a cached answer keeps the recovery: the second process needs no worker and gets the same findings', async () => {
    const store = openStore(path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-recovery-cache-')), 'fdsp.db'));
    const text = `\`\`\`python\n${vulnerable.join('\n')}\n\`\`\`\n`;
    const first = createBanditEngine({ concurrency: 1, python, cache: createStoreScanCache(store) });
    const [fresh] = await first.scan([{ path: 'a.py', text }]);
    await first.close();
    const second = createBanditEngine({ concurrency: 1, python, cache: createStoreScanCache(store) });
    const [cached] = await second.scan([{ path: 'b.py', text }]);
    expect(second.cacheStats.hits).toBe(1);
    expect(second.stats.started).toBe(0);
    await second.close();
    store.close();
    expect(fresh?.recovery).toBeDefined();
    expect(cached?.recovery).toEqual(fresh?.recovery);
    expect(cached?.findings.map((finding) => [finding.ruleId, finding.line, finding.path])).toEqual([
      ['B307', 9, 'b.py'],
    ]);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { repositoryRoot, sharedDirectory } from '../../../test/support/environment.js';
import { collectSources } from '../../sources/index.js';
import { createBanditEngine } from './bandit-engine.js';
import { banditRules } from './bandit-rules.js';

const run = promisify(execFile);
const labelled = path.join(sharedDirectory(), 'labelled');

const banditJson = z.object({
  results: z.array(z.object({ filename: z.string(), test_id: z.string(), line_number: z.number() })),
  errors: z.array(z.unknown()),
});

async function banditCli(target: string): Promise<z.infer<typeof banditJson>> {
  // Bandit exits 1 when it reports issues; the JSON is what matters.
  const outcome = await run('bandit', ['--ignore-nosec', '-q', '-f', 'json', '-r', target], {
    maxBuffer: 64 << 20,
  }).catch((error: unknown) => error as { stdout: string });
  return banditJson.parse(JSON.parse(outcome.stdout));
}

describe('Bandit engine', () => {
  const engine = createBanditEngine({ concurrency: 2 });
  afterAll(() => engine.close());

  it('reports exactly what the bandit CLI reports on the labelled corpus, with a CWE on every finding', async () => {
    const sources = await collectSources([labelled]);
    const files = sources.flatMap((item) => (item.kind === 'file' ? [item.file] : []));
    expect(files.length).toBeGreaterThan(200);
    const results = await engine.scan(files);
    const ours = results.flatMap((result) => result.findings.map((f) => `${f.path}|${f.ruleId}|${f.line}`)).sort();
    const reference = (await banditCli(labelled)).results
      .map((r) => `${r.filename}|${r.test_id}|${r.line_number}`)
      .sort();
    expect(reference.length).toBeGreaterThan(50);
    expect(ours).toEqual(reference);
    const findings = results.flatMap((result) => result.findings);
    expect(findings.every((finding) => typeof finding.cwe === 'number' && finding.cwe > 0)).toBe(true);
    expect(findings.every((finding) => finding.fingerprint.length === 24)).toBe(true);
  });

  it('maps every Bandit id to the CWE the table gives', async () => {
    const [result] = await engine.scan([
      {
        path: 'a.py',
        text: 'import subprocess\nsubprocess.call("ls " + x, shell=True)\nimport pickle\npickle.loads(b)\n',
      },
    ]);
    const byRule = new Map(result?.findings.map((finding) => [finding.ruleId, finding.cwe]));
    expect(byRule.get('B602')).toBe(78);
    expect(byRule.get('B301')).toBe(502);
    expect(byRule.get('B404')).toBe(banditRules.B404?.cwe);
  });

  it('never lets # nosec hide a finding', async () => {
    const [result] = await engine.scan([
      { path: 'n.py', text: 'import os\nos.system(cmd)  # nosec\neval(x)  #nosec\n' },
    ]);
    expect(result?.findings.map((finding) => finding.ruleId).sort()).toEqual(['B307', 'B605']);
  });

  it('gives code that does not parse a syntax-error status with the parser message and line', async () => {
    const [result] = await engine.scan([{ path: 's.py', text: 'import os\n\ndef broken(:\n    os.system(x)\n' }]);
    expect(result?.status).toBe('syntax-error');
    expect(result?.error?.line).toBe(3);
    expect(result?.error?.message).toMatch(/SyntaxError/);
    expect(await engine.checkSyntax('def f(:\n')).toMatchObject({ ok: false, line: 1 });
    expect(await engine.checkSyntax('def f():\n    return 1\n')).toEqual({ ok: true });
  });

  it('decodes non-UTF-8 source as Python does: a coding cookie works, stray bytes do not parse', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('# -*- coding: latin-1 -*-\nname = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\neval(name)\n'),
    ]);
    const stray = Buffer.concat([Buffer.from('name = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\neval(name)\n')]);
    const [withCookie, withoutCookie] = await engine.scan([
      { path: 'latin.py', text: latin1.toString('latin1'), bytes: latin1 },
      { path: 'stray.py', text: stray.toString('latin1'), bytes: stray },
    ]);
    expect(withCookie?.status).toBe('ok');
    expect(withCookie?.findings.map((finding) => finding.ruleId)).toEqual(['B307']);
    expect(withoutCookie?.status).toBe('syntax-error');
  });

  it('reports the installed Bandit version', async () => {
    expect(await engine.version()).toMatch(/^\d+\.\d+/);
  });
});

/** The real worker behind the fault-injecting wrapper (test/fixtures/faulty-bandit-worker.py). */
function faultyEngine(concurrency: number, scratch: string): ReturnType<typeof createBanditEngine> {
  return createBanditEngine({
    concurrency,
    requestTimeoutMs: () => 1500,
    workerArgs: [
      path.join(repositoryRoot, 'test', 'fixtures', 'faulty-bandit-worker.py'),
      path.join(repositoryRoot, 'python', 'bandit-worker.py'),
      scratch,
    ],
  });
}

describe('Bandit worker faults', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'fdsp-faults-'));
  const engine = faultyEngine(2, scratch);
  afterAll(() => engine.close());

  it('replaces a crashed worker and retries once; a second crash is an error for that file only', async () => {
    const results = await engine.scan([
      { path: 'once.py', text: '# FDSP_CRASH_ONCE\neval(x)\n' },
      { path: 'always.py', text: '# FDSP_CRASH_ALWAYS\neval(x)\n' },
      { path: 'fine.py', text: 'exec(y)\n' },
    ]);
    expect(results.map((result) => result.status)).toEqual(['ok', 'error', 'ok']);
    expect(results[0]?.findings.map((finding) => finding.ruleId)).toEqual(['B307']);
    expect(results[1]?.error?.message).toMatch(/crashed twice/);
    expect(results[2]?.findings.map((finding) => finding.ruleId)).toEqual(['B102']);
    expect(engine.stats.replaced).toBeGreaterThanOrEqual(3);
    expect(readFileSync(path.join(scratch, 'crashed-once'), 'utf8')).toBe('');
  });

  it('kills a hung worker after the timeout, then keeps serving other files', async () => {
    const results = await engine.scan([
      { path: 'hang.py', text: '# FDSP_HANG\n' },
      { path: 'after.py', text: 'import pickle\n' },
    ]);
    expect(results[0]?.status).toBe('error');
    expect(results[0]?.error?.message).toMatch(/timed out twice/);
    expect(results[1]?.findings.map((finding) => finding.ruleId)).toEqual(['B403']);
  });
});

describe('Bandit worker faults with requests waiting behind the failing one', () => {
  // One worker holding several requests: the file behind a crash or a hang was never started, so it is sent again
  // without counting an attempt, and only the failing file ends in an error.
  const engine = faultyEngine(1, mkdtempSync(path.join(tmpdir(), 'fdsp-faults-')));
  afterAll(() => engine.close());

  it('blames only the request the worker was scanning', async () => {
    const results = await engine.scan([
      { path: 'always.py', text: '# FDSP_CRASH_ALWAYS\neval(x)\n' },
      { path: 'behind.py', text: 'exec(y)\n' },
      { path: 'hang.py', text: '# FDSP_HANG\n' },
      { path: 'after.py', text: 'import pickle\n' },
    ]);
    expect(results.map((result) => result.status)).toEqual(['error', 'ok', 'error', 'ok']);
    expect(results[0]?.error?.message).toMatch(/crashed twice/);
    expect(results[1]?.findings.map((finding) => finding.ruleId)).toEqual(['B102']);
    expect(results[2]?.error?.message).toMatch(/timed out twice/);
    expect(results[3]?.findings.map((finding) => finding.ruleId)).toEqual(['B403']);
    expect(engine.stats.failed).toBe(2);
  });
});

describe('Bandit engine without Bandit', () => {
  it('fails with a clear ANALYZER_UNAVAILABLE error when the interpreter cannot import Bandit', async () => {
    const engine = createBanditEngine({ python: '/nonexistent/python3' });
    await expect(engine.scan([{ path: 'a.py', text: 'x = 1\n' }])).rejects.toMatchObject({
      code: 'ANALYZER_UNAVAILABLE',
    });
    await engine.close();
  });
});

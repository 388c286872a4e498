import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { repositoryRoot, sharedDirectory } from '../../../test/support/environment.js';
import { collectSources } from '../../sources/index.js';
import { engineVenvExecutable } from '../../support/engine-venv.js';
import { createBanditEngine } from './bandit-engine.js';
import { banditRules } from './bandit-rules.js';

const run = promisify(execFile);
const labelled = path.join(sharedDirectory(), 'labelled');

const banditJson = z.object({
  results: z.array(
    z.object({
      filename: z.string(),
      test_id: z.string(),
      line_number: z.number(),
      line_range: z.array(z.number()),
      issue_severity: z.string(),
      issue_confidence: z.string(),
      issue_text: z.string(),
    }),
  ),
  errors: z.array(z.unknown()),
});

// The pinned Bandit setup installs (the default engine) and Debian's (the fallback): both real, both tested.
const pinnedPython = engineVenvExecutable('python');
const pinnedCli = engineVenvExecutable('bandit');
const debianPython = '/usr/bin/python3';
const debianCli = '/usr/bin/bandit';

function requirePinned(): { python: string; cli: string } {
  if (pinnedPython === undefined || pinnedCli === undefined)
    throw new Error('the engines venv is missing: run bash scripts/setup.sh');
  return { python: pinnedPython, cli: pinnedCli };
}

async function banditCli(target: string, cli = requirePinned().cli): Promise<z.infer<typeof banditJson>> {
  // Bandit exits 1 when it reports issues; the JSON is what matters.
  const outcome = await run(cli, ['--ignore-nosec', '-q', '-f', 'json', '-r', target], {
    maxBuffer: 64 << 20,
  }).catch((error: unknown) => error as { stdout: string });
  return banditJson.parse(JSON.parse(outcome.stdout));
}

describe('Bandit engine', () => {
  const engine = createBanditEngine({ concurrency: 2, python: requirePinned().python });
  afterAll(() => engine.close());

  it('reports exactly what the bandit CLI reports on the labelled corpus, with a CWE on every finding', async () => {
    const sources = await collectSources([labelled]);
    const files = sources.flatMap((item) => (item.kind === 'file' ? [item.file] : []));
    expect(files.length).toBeGreaterThan(200);
    const results = await engine.scan(files);
    // Files Python accepts: exactly the CLI's findings, field by field (recovery never touches them). Files it rejects
    // are the CLI's skipped files; their findings, if any, are their recovered code's (recover-code.test.ts).
    const valid = results.filter((result) => result.status === 'ok');
    expect(valid.length).toBeGreaterThan(results.length - 5);
    const ours = valid
      .flatMap((result) =>
        result.findings.map((f) =>
          JSON.stringify([f.path, f.ruleId, f.line, f.endLine, f.severity, f.confidence, f.message]),
        ),
      )
      .sort();
    const reference = (await banditCli(labelled)).results
      .map((r) =>
        JSON.stringify([
          r.filename,
          r.test_id,
          r.line_number,
          Math.max(r.line_number, ...r.line_range),
          r.issue_severity.toLowerCase(),
          r.issue_confidence.toLowerCase(),
          r.issue_text,
        ]),
      )
      .sort();
    expect(reference.length).toBeGreaterThan(50);
    expect(ours).toEqual(reference);
    const rejected = results.filter((result) => result.status === 'syntax-error');
    expect(rejected.every((result) => result.findings.length === 0 || result.recovery !== undefined)).toBe(true);
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
    // A typo in the code is not recovered: no findings are guessed for code nobody wrote.
    expect(result?.recovery).toBeUndefined();
    expect(result?.findings).toEqual([]);
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

  it('reports the pinned Bandit version, and is the default engine', async () => {
    expect(await engine.version()).toBe('1.7.8');
    const byDefault = createBanditEngine({ concurrency: 1 });
    try {
      expect(await byDefault.version()).toBe('1.7.8');
    } finally {
      await byDefault.close();
    }
  });
});

// The issue's snippet: the FDSP paper's SQL example, the top CWE of its Figure 3, and the second (Bandit >= 1.7.5).
const studySnippet = [
  'import requests',
  '',
  '',
  'def count(cursor, table_name):',
  '    cursor.execute("SELECT COUNT(*) FROM {}".format(table_name))',
  '',
  '',
  'password = "hunter2"',
  '',
  '',
  'def fetch(url):',
  '    return requests.get(url)',
  '',
  '',
  'def serve(app):',
  '    app.run(host="0.0.0.0")',
  '',
].join('\n');

describe('both Bandits on the same snippets', () => {
  const pinned = createBanditEngine({ concurrency: 1, python: requirePinned().python });
  const debian = createBanditEngine({ concurrency: 1, python: debianPython });
  const scratch = mkdtempSync(path.join(tmpdir(), 'fdsp-two-bandits-'));
  afterAll(() => Promise.all([pinned.close(), debian.close()]));

  const rulesOf = async (engine: typeof pinned, text: string) =>
    (await engine.scan([{ path: 'snippet.py', text }]))[0]?.findings.map(
      (f) => `${f.ruleId}:${String(f.line)}:CWE-${String(f.cwe)}`,
    );

  it('names each engine exactly: the pinned release, and Debian 1.6.2 with the repaired constant visitor', async () => {
    expect(await pinned.version()).toBe('1.7.8');
    expect(await debian.version()).toBe('1.6.2+constant-visitor');
  });

  it('1.7.8 finds B608, B105 and B113 (and B104) with its own CWEs; repaired 1.6.2 all but B113, which it predates', async () => {
    expect(await rulesOf(pinned, studySnippet)).toEqual([
      'B608:5:CWE-89',
      'B105:8:CWE-259',
      'B113:12:CWE-400',
      'B104:16:CWE-605',
    ]);
    expect(await rulesOf(debian, studySnippet)).toEqual(['B608:5:CWE-89', 'B105:8:CWE-259', 'B104:16:CWE-605']);
  });

  it('agree on checks that never depended on string constants', async () => {
    const text = 'import pickle, subprocess\nsubprocess.call("ls " + x, shell=True)\npickle.loads(b)\neval(x)\n';
    expect(await rulesOf(debian, text)).toEqual(await rulesOf(pinned, text));
    expect(await rulesOf(pinned, text)).toEqual(
      expect.arrayContaining(['B602:2:CWE-78', 'B301:3:CWE-502', 'B307:4:CWE-78']),
    );
  });

  it("the repair is what finds them: Debian's own bandit CLI misses all three string checks", async () => {
    const file = path.join(scratch, 'snippet.py');
    writeFileSync(file, studySnippet);
    const ids = (await banditCli(file, debianCli)).results.map((result) => result.test_id);
    expect(ids).not.toContain('B608');
    expect(ids).not.toContain('B105');
    expect(ids).not.toContain('B104');
  });

  it("repaired 1.6.2 reports everything Debian's CLI does on the labelled corpus, plus only string-check findings", async () => {
    const sources = await collectSources([labelled]);
    const files = sources.flatMap((item) => (item.kind === 'file' ? [item.file] : []));
    const ours = new Set(
      (await debian.scan(files)).flatMap((result) =>
        result.findings.map((f) => `${f.path}|${f.ruleId}|${String(f.line)}`),
      ),
    );
    const reference = (await banditCli(labelled, debianCli)).results.map(
      (r) => `${r.filename}|${r.test_id}|${String(r.line_number)}`,
    );
    expect(reference.filter((key) => !ours.has(key))).toEqual([]);
    const added = [...ours].filter((key) => !reference.includes(key));
    expect(added.length).toBeGreaterThan(0);
    // only the Bandit 1.6.2 tests that inspect string constants (its 'Str' checks) gain findings
    const stringChecks = ['B104', 'B105', 'B108', 'B608'];
    expect(added.map((key) => key.split('|')[1] ?? '').filter((id) => !stringChecks.includes(id))).toEqual([]);
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

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { repositoryRoot, runFdsp } from '../../../test/support/environment.js';
import { createSarifValidator } from '../../../test/support/sarif-validator.js';

const findingSchema = z.object({
  analyzer: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  cwe: z.number().int().positive(),
  severity: z.enum(['low', 'medium', 'high']),
  confidence: z.enum(['low', 'medium', 'high']),
  message: z.string(),
  path: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  snippet: z.string(),
  fingerprint: z.string().length(24),
  blocking: z.boolean(),
});

const reportSchema = z.object({
  version: z.literal(1),
  policy: z.enum(['study', 'precise']),
  files: z.array(
    z.object({
      path: z.string(),
      status: z.enum(['ok', 'syntax-error', 'error']),
      error: z.object({ message: z.string(), line: z.number().optional(), code: z.string().optional() }).optional(),
      findings: z.array(findingSchema),
    }),
  ),
  summary: z.object({
    files: z.number(),
    filesWithFindings: z.number(),
    findings: z.number(),
    blocking: z.number(),
    advisory: z.number(),
    bySeverity: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
    syntaxErrors: z.number(),
    errors: z.number(),
  }),
});

async function scanJson(args: readonly string[], options: Parameters<typeof runFdsp>[1] = {}) {
  const outcome = await runFdsp(['scan', '--format', 'json', ...args], options);
  return { ...outcome, report: reportSchema.parse(JSON.parse(outcome.stdout)) };
}

const example = path.join(repositoryRoot, 'examples', 'vulnerable-app.py');
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'fdsp-scan-'));
});

describe('fdsp scan', () => {
  it('reports the example file with CWE-labelled findings and exits 1', async () => {
    const { code, report } = await scanJson([example]);
    expect(code).toBe(1);
    const rules = report.files[0]?.findings.map((finding) => finding.ruleId) ?? [];
    // The pinned Bandit 1.7.8 visits string constants, so the hard-coded secret and bind-all are found too.
    expect(rules).toEqual(expect.arrayContaining(['B602', 'B301', 'B201', 'B403', 'B105', 'B104']));
    expect(report.summary.findings).toBe(rules.length);
  });

  it("finds the study snippet's B608, B105 and B113 with the default Bandit, and names each engine's version", async () => {
    const snippet =
      'import requests\n\ndef count(cursor, table_name):\n    cursor.execute("SELECT COUNT(*) FROM {}".format(table_name))\n\n' +
      'password = "hunter2"\n\ndef fetch(url):\n    return requests.get(url)\n';
    const pinned = await runFdsp(['scan', '--format', 'json', '-'], { stdin: snippet });
    const report = z
      .object({ tool: z.object({ analyzers: z.array(z.object({ name: z.string(), version: z.string() })) }) })
      .parse(JSON.parse(pinned.stdout));
    expect(report.tool.analyzers).toEqual([{ name: 'bandit', version: '1.7.8' }]);
    const rules = reportSchema.parse(JSON.parse(pinned.stdout)).files[0]?.findings.map((f) => f.ruleId);
    expect(rules).toEqual(['B608', 'B105', 'B113']);
    const sarif = await runFdsp(['scan', '--format', 'sarif', '--bandit-python', '/usr/bin/python3', '-'], {
      stdin: snippet,
    });
    const driver = z
      .object({
        runs: z.array(z.object({ tool: z.object({ driver: z.object({ name: z.string(), version: z.string() }) }) })),
      })
      .parse(JSON.parse(sarif.stdout)).runs[0]?.tool.driver;
    expect(driver).toMatchObject({ name: 'bandit', version: '1.6.2+constant-visitor' });
  });

  it('exits 0 on clean code, and reads stdin', async () => {
    const { code, report } = await scanJson(['-'], { stdin: 'def add(a, b):\n    return a + b\n' });
    expect(code).toBe(0);
    expect(report.files).toEqual([{ path: '<stdin>', status: 'ok', findings: [] }]);
  });

  it('filters by severity and confidence', async () => {
    const all = await scanJson([example]);
    const high = await scanJson(['--min-severity', 'high', example]);
    expect(high.report.summary.findings).toBeLessThan(all.report.summary.findings);
    expect(high.report.files[0]?.findings.every((finding) => finding.severity === 'high')).toBe(true);
  });

  it('prints text grouped by file with a summary line', async () => {
    const { code, stdout } = await runFdsp(['scan', example]);
    expect(code).toBe(1);
    expect(stdout).toContain('examples/vulnerable-app.py');
    expect(stdout).toMatch(/B602\s+CWE-78/);
    expect(stdout).toMatch(/1 file scanned, \d+ findings/);
    expect(stdout).not.toContain('\u001b['); // no color when not a TTY
  });

  it('writes SARIF 2.1.0 that validates against the official schema, with CWE taxa', async () => {
    const output = path.join(scratch, 'out.sarif');
    const broken = path.join(scratch, 'broken.py');
    writeFileSync(broken, 'def f(:\n');
    const { code } = await runFdsp(['scan', '--format', 'sarif', '--output', output, example, broken]);
    expect(code).toBe(1);
    const validate = createSarifValidator();
    const sarif: unknown = JSON.parse(readFileSync(output, 'utf8'));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const parsed = z
      .object({
        runs: z.array(
          z.object({
            taxonomies: z.array(z.object({ name: z.string(), taxa: z.array(z.object({ id: z.string() })) })),
            results: z.array(z.object({ ruleId: z.string(), taxa: z.array(z.object({ id: z.string() })) })),
            invocations: z.array(z.object({ toolExecutionNotifications: z.array(z.unknown()) })),
          }),
        ),
      })
      .parse(sarif);
    const run = parsed.runs[0];
    expect(run?.taxonomies[0]?.name).toBe('CWE');
    expect(run?.results.find((result) => result.ruleId === 'B602')?.taxa[0]?.id).toBe('78');
    expect(run?.invocations[0]?.toolExecutionNotifications).toHaveLength(1);
    // The validator is not vacuous: a broken log fails it.
    expect(validate({ ...(sarif as object), version: '9.9' })).toBe(false);
  });

  it('rejects an unknown analyzer with a one-line error and exit 2', async () => {
    const { code, stderr } = await runFdsp(['scan', '--analyzers', 'nope', example]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fdsp: unknown analyzer 'nope'/);
  });
});

describe('fdsp scan --policy', () => {
  // `subprocess` and `pickle` imported, used safely: three Bandit audit notes (B404, B403, B603), no weakness.
  const safeUse = [
    'import pickle',
    'import subprocess',
    '',
    'def listing():',
    '    return subprocess.run(["/bin/ls", "-l"], check=True)',
    '',
  ].join('\n');
  const unsafeUse = `${safeUse}\ndef load(data):\n    return pickle.loads(data)\n`;

  it('precise (the default): audit notes are advisory, listed, and the scan exits 0', async () => {
    const { code, report } = await scanJson(['-'], { stdin: safeUse });
    expect(code).toBe(0);
    expect(report.policy).toBe('precise');
    const findings = report.files[0]?.findings ?? [];
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual(['B403', 'B404', 'B603']);
    expect(findings.every((finding) => !finding.blocking)).toBe(true);
    expect(report.summary).toMatchObject({ findings: 3, blocking: 0, advisory: 3 });
    const text = await runFdsp(['scan', '-'], { stdin: safeUse });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/B404 .*\[bandit, confidence high, advisory\]/);
    expect(text.stdout).toContain('3 advisory (precise policy)');
  });

  it('precise: an import whose module is used unsafely blocks with the call, and the scan exits 1', async () => {
    const { code, report } = await scanJson(['-'], { stdin: unsafeUse });
    expect(code).toBe(1);
    const verdicts = Object.fromEntries((report.files[0]?.findings ?? []).map((f) => [f.ruleId, f.blocking]));
    expect(verdicts).toMatchObject({ B301: true, B403: true, B404: false, B603: false });
  });

  it('study: every finding blocks, as in the papers', async () => {
    const { code, report } = await scanJson(['--policy', 'study', '-'], { stdin: safeUse });
    expect(code).toBe(1);
    expect(report.policy).toBe('study');
    expect(report.files[0]?.findings.every((finding) => finding.blocking)).toBe(true);
  });

  it('SARIF: advisory results are `review` with level none, blocking ones `fail`; the log validates', async () => {
    const { code, stdout } = await runFdsp(['scan', '--format', 'sarif', '-'], { stdin: unsafeUse });
    expect(code).toBe(1);
    const sarif: unknown = JSON.parse(stdout);
    const validate = createSarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const parsed = z
      .object({
        runs: z.array(
          z.object({
            properties: z.object({ policy: z.string() }),
            results: z.array(
              z.object({
                ruleId: z.string(),
                kind: z.string(),
                level: z.string(),
                properties: z.object({ blocking: z.boolean() }),
              }),
            ),
          }),
        ),
      })
      .parse(sarif);
    const run = parsed.runs[0];
    expect(run?.properties.policy).toBe('precise');
    const byRule = new Map(run?.results.map((result) => [result.ruleId, result]));
    expect(byRule.get('B404')).toMatchObject({ kind: 'review', level: 'none', properties: { blocking: false } });
    expect(byRule.get('B301')).toMatchObject({ kind: 'fail', level: 'warning', properties: { blocking: true } });
  });

  it('rejects an unknown policy with exit 2', async () => {
    const { code, stderr } = await runFdsp(['scan', '--policy', 'lenient', '-'], { stdin: safeUse });
    expect(code).toBe(2);
    expect(stderr).toMatch(/study, precise/);
  });
});

describe('fdsp scan on bad input', () => {
  it('treats an empty file as clean', async () => {
    const empty = path.join(scratch, 'empty.py');
    writeFileSync(empty, '');
    const { code, report } = await scanJson([empty]);
    expect(code).toBe(0);
    expect(report.files[0]?.status).toBe('ok');
  });

  it('reports non-UTF-8 bytes as a syntax error, not as clean', async () => {
    const file = path.join(scratch, 'latin.py');
    writeFileSync(file, Buffer.concat([Buffer.from('x = "'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from('"\n')]));
    const { code, report } = await scanJson([file]);
    expect(code).toBe(1);
    expect(report.files[0]?.status).toBe('syntax-error');
  });

  it('refuses a 5 MB file with a per-file status and a hint', async () => {
    const file = path.join(scratch, 'big.py');
    writeFileSync(file, 'value = 1\n'.repeat(520_000));
    const { code, report } = await scanJson([file, example]);
    expect(code).toBe(2);
    expect(report.files[0]).toMatchObject({ status: 'error', error: { code: 'FILE_TOO_LARGE' } });
    expect(report.files[0]?.error?.message).toMatch(/--max-file-size/);
    expect(report.files[1]?.status).toBe('ok');
  });

  it('reports a binary file as code that does not parse', async () => {
    const file = path.join(scratch, 'binary.py');
    writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]));
    const { code, report } = await scanJson([file]);
    expect(code).toBe(1);
    expect(report.files[0]?.status).toBe('syntax-error');
    expect(report.files[0]?.error?.message).toMatch(/null bytes/);
  });

  it('scans a directory of 2,000 files, skipping non-Python files and virtualenvs', async () => {
    const directory = path.join(scratch, 'many');
    for (let folder = 0; folder < 20; folder += 1) {
      mkdirSync(path.join(directory, `package${folder}`), { recursive: true });
      for (let file = 0; file < 100; file += 1) {
        const body = file === 7 ? 'import pickle\n' : `def f${file}(x):\n    return x * ${file}\n`;
        writeFileSync(path.join(directory, `package${folder}`, `module${file}.py`), body);
      }
    }
    writeFileSync(path.join(directory, 'notes.txt'), 'eval(x)');
    mkdirSync(path.join(directory, '.venv'));
    writeFileSync(path.join(directory, '.venv', 'hidden.py'), 'eval(x)');
    // `import pickle` alone is advisory under the default policy; under study it fails the scan.
    const { code, report } = await scanJson(['--policy', 'study', directory]);
    expect(code).toBe(1);
    expect(report.summary.files).toBe(2000);
    expect(report.summary.findings).toBe(20);
    expect(report.summary.errors).toBe(0);
  });

  it('reports a path that does not exist with exit 2, and still scans the rest', async () => {
    const { code, report } = await scanJson([path.join(scratch, 'missing.py'), example]);
    expect(code).toBe(2);
    expect(report.files[0]).toMatchObject({ status: 'error', error: { code: 'PATH_NOT_FOUND' } });
    expect(report.files[1]?.findings.length).toBeGreaterThan(0);
  });

  it('reports permission denied per file', async () => {
    const locked = path.join(scratch, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(scratch, 0o755);
    const file = path.join(locked, 'secret.py');
    writeFileSync(file, 'eval(x)\n');
    chmodSync(file, 0o000);
    // root reads everything; run as an unprivileged user so the permission check is real
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    const { code, report } = await scanJson([file], asUser === undefined ? {} : { asUser, cwd: '/' });
    expect(code).toBe(2);
    expect(report.files[0]).toMatchObject({ status: 'error', error: { code: 'PERMISSION_DENIED' } });
  });
});

// fdsp in a real repository, end to end: a temporary git repository with a configured project, a committed
// baseline and one new vulnerable change. `fdsp scan --changed` and the pre-commit entry both exit 1 listing only
// the new finding; the SARIF validates against the official schema; outside git `--changed` is a usage error.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { repositoryRoot, runFdsp } from '../../../test/support/environment.js';
import { createSarifValidator } from '../../../test/support/sarif-validator.js';

let repo = '';

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=fdsp test', '-c', 'user.email=test@example.invalid', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
}

function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
  writeFileSync(path.join(repo, name), text);
}

const app = `import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)
`;

// A reformat of the known code plus one new vulnerable function.
const changedApp = `import subprocess

TIMEOUT = 5


def run( cmd ):
    return subprocess.call( cmd, shell = True )


def calculate(expression):
    return eval(expression)
`;

const jsonReport = z.object({
  files: z.array(z.object({ path: z.string(), findings: z.array(z.object({ ruleId: z.string(), path: z.string() })) })),
  leftAside: z.object({ baseline: z.object({ file: z.string(), known: z.number() }) }),
  changedAgainst: z.string().optional(),
});

beforeAll(async () => {
  repo = mkdtempSync(path.join(tmpdir(), 'fdsp-repo-'));
  git('init', '-q', '-b', 'main');
  write('pyproject.toml', '[project]\nname = "demo"\n\n[tool.fdsp]\nanalyzers = ["bandit"]\nexclude = ["vendor"]\n');
  write('app.py', app);
  git('add', '-A');
  git('commit', '-qm', 'the app');
  const created = await runFdsp(['baseline', 'create'], { cwd: repo });
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toMatch(/recorded 2 finding\(s\) in 1 file\(s\)/);
  // Committed after the baseline, unchanged since: --changed must not look at it.
  write('old.py', 'def old(expression):\n    return eval(expression)\n');
  git('add', '-A');
  git('commit', '-qm', 'baseline and an old module');
  write('app.py', changedApp);
  // Untracked but excluded by the configuration's globs.
  write('vendor/lib.py', 'def lib(expression):\n    return eval(expression)\n');
}, 120_000);

describe('fdsp in a repository', () => {
  it('scan --changed with the baseline exits 1 listing only the new finding', async () => {
    const { code, stdout, stderr } = await runFdsp(
      ['scan', '--changed', '--baseline', '.fdsp-baseline.json', '--format', 'json'],
      { cwd: repo },
    );
    expect(code, stderr).toBe(1);
    const report = jsonReport.parse(JSON.parse(stdout));
    expect(report.files.map((file) => file.path)).toEqual(['app.py']);
    expect(report.files.flatMap((file) => file.findings.map((finding) => finding.ruleId))).toEqual(['B307']);
    expect(report.leftAside.baseline).toEqual({ file: '.fdsp-baseline.json', known: 2 });
    expect(report.changedAgainst).toMatch(/^HEAD \(merge base [0-9a-f]{12}\)$/);
  }, 60_000);

  it('the pre-commit entry does the same, finding the committed baseline itself', async () => {
    const hooks = z
      .array(z.object({ id: z.string(), entry: z.string(), language: z.string(), pass_filenames: z.boolean() }))
      .parse(parseYaml(readFileSync(path.join(repositoryRoot, '.pre-commit-hooks.yaml'), 'utf8')));
    const hook = hooks.find((entry) => entry.id === 'fdsp-scan');
    expect(hook?.pass_filenames).toBe(false);
    const [program, ...args] = (hook?.entry ?? '').split(/\s+/);
    expect(program).toBe('fdsp');
    const { code, stdout } = await runFdsp(args, { cwd: repo });
    expect(code).toBe(1);
    expect(stdout).toMatch(/B307\s+CWE-78/);
    expect(stdout).not.toMatch(/B602|B404/);
    expect(stdout).not.toContain('old.py');
    expect(stdout).not.toContain('vendor');
    expect(stdout).toContain('2 known findings left aside by the baseline .fdsp-baseline.json');
    expect(stdout).toMatch(/changed files compared with HEAD \(merge base [0-9a-f]{12}\)/);
  }, 60_000);

  it('writes SARIF against the baseline that validates, every result new, as the CI example runs it', async () => {
    const workflow = z
      .object({
        jobs: z.record(
          z.string(),
          z.object({ steps: z.array(z.object({ run: z.string().optional(), uses: z.string().optional() })) }),
        ),
      })
      .parse(parseYaml(readFileSync(path.join(repositoryRoot, 'examples', 'github-actions.yml'), 'utf8')));
    const steps = workflow.jobs.scan?.steps ?? [];
    expect(steps.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@') === true)).toBe(true);
    const scanStep = steps.find((step) => step.run?.includes('fdsp scan') === true)?.run ?? '';
    expect(scanStep).toMatch(/fdsp scan --changed .* --format sarif --output fdsp\.sarif/);
    git('branch', '-f', 'base', 'HEAD');
    const output = path.join(repo, 'fdsp.sarif');
    const { code } = await runFdsp(['scan', '--changed', 'base', '--format', 'sarif', '--output', output], {
      cwd: repo,
    });
    expect(code).toBe(1);
    const sarif: unknown = JSON.parse(readFileSync(output, 'utf8'));
    const validate = createSarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const runs = z
      .object({
        runs: z.array(
          z.object({
            results: z.array(z.object({ ruleId: z.string(), baselineState: z.string() })),
            invocations: z.array(z.object({ properties: z.object({ changedAgainst: z.string() }) })),
          }),
        ),
      })
      .parse(sarif).runs;
    expect(runs[0]?.invocations[0]?.properties.changedAgainst).toMatch(/^base \(merge base [0-9a-f]{12}\)$/);
    expect(runs.flatMap((run) => run.results.map((result) => [result.ruleId, result.baselineState]))).toEqual([
      ['B307', 'new'],
    ]);
  }, 60_000);

  it('shows the effective configuration with the source of each value', async () => {
    const { code, stdout } = await runFdsp(['config', 'show', '--format', 'json'], { cwd: path.join(repo) });
    expect(code).toBe(0);
    const shown = z
      .object({
        analyzers: z.object({ value: z.array(z.string()), source: z.string() }),
        baseline: z.object({ value: z.string(), source: z.string() }),
      })
      .parse(JSON.parse(stdout));
    expect(shown.analyzers).toEqual({
      value: ['bandit'],
      source: `${path.join(repo, 'pyproject.toml')} [tool.fdsp] analyzers`,
    });
    expect(shown.baseline.source).toBe('default (found in the project root)');
  });

  it('rejects a bad configuration with one line naming the file, the key and the allowed values', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'fdsp-badconfig-'));
    writeFileSync(path.join(elsewhere, '.fdsp.toml'), 'policy = "strict"\n');
    const { code, stderr } = await runFdsp(['scan', '.'], { cwd: elsewhere });
    expect(code).toBe(2);
    expect(stderr).toContain('.fdsp.toml: bad value for policy');
    expect(stderr).toContain('allowed: study | precise');
    expect(stderr).not.toContain('internal error');
  });

  it('--changed outside a git repository is an error with a hint', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'fdsp-nogit-'));
    const { code, stderr } = await runFdsp(['scan', '--changed'], {
      cwd: outside,
      env: { GIT_CEILING_DIRECTORIES: tmpdir() },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not inside a git repository\n {2}hint: run it inside a git checkout/);
  });
});

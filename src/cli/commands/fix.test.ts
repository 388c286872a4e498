// `fdsp fix` end to end, in process: the real CLI parser, real Bandit, the real openai provider over HTTP to the
// stub server, real files.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { createSarifValidator } from '../../../test/support/sarif-validator.js';
import { startStubServer, type StubServer } from '../../llm/index.js';
import { fenced } from '../../pipeline/testing/repair-fixtures.js';
import { packageRoot } from '../../support/package-root.js';
import { runCli } from '../main.js';

const example = path.join(packageRoot(), 'examples', 'insecure-loader.py');
const original = readFileSync(example, 'utf8');
const repaired = original
  .replace('yaml.load(handle)', 'yaml.safe_load(handle)')
  .replace('hashlib.md5(text.encode())', 'hashlib.sha256(text.encode())');

let server: StubServer;
let scratch = '';

beforeAll(async () => {
  server = await startStubServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.clearLog();
  server.setHandler(undefined);
  scratch = mkdtempSync(path.join(tmpdir(), 'fdsp-fix-'));
});
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function fix(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  const code = await runCli(['node', 'fdsp', 'fix', ...args]);
  vi.restoreAllMocks();
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function copyExample(): string {
  const target = path.join(scratch, 'loader.py');
  copyFileSync(example, target);
  return target;
}

const modelArgs = () => ['--model', 'openai:gpt-4', '--base-url', server.openaiBaseUrl, '--no-store'];

describe('fdsp fix', () => {
  it('shows a verified diff with an explanation, and leaves the file alone without --write (exit 1)', async () => {
    const file = copyExample();
    server.setHandler(() => fenced(repaired));
    const { code, stdout } = await fix([file, '--strategy', 'bandit-feedback', ...modelArgs()]);
    expect(code).toBe(1);
    expect(stdout).toContain('verified fix');
    expect(stdout).toContain('-        data = yaml.load(handle)');
    expect(stdout).toContain('+        data = yaml.safe_load(handle)');
    expect(stdout).toMatch(/fixed: +B506 yaml_load/);
    expect(stdout).toContain('run with --write');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.messages[0]!.content).toContain('[B506:yaml_load]');
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('--write applies the verified fix in place (exit 0), and JSON says so', async () => {
    const file = copyExample();
    server.setHandler(() => fenced(repaired));
    const { code, stdout } = await fix([file, '--strategy', 'direct', '--write', '--format', 'json', ...modelArgs()]);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(repaired);
    const report = z
      .object({
        files: z.array(
          z.object({
            path: z.string(),
            status: z.string(),
            verified: z.boolean(),
            written: z.boolean(),
            diff: z.string(),
          }),
        ),
      })
      .parse(JSON.parse(stdout));
    expect(report.files).toEqual([
      expect.objectContaining({ path: file, status: 'secure', verified: true, written: true }),
    ]);
  });

  it('--cache-only replays a recorded session with no model call, and fails cleanly on a cache miss', async () => {
    const file = copyExample();
    const previous = process.env.FDSP_DB;
    process.env.FDSP_DB = path.join(scratch, 'fdsp.db');
    try {
      const storeArgs = ['--model', 'openai:gpt-4', '--base-url', server.openaiBaseUrl, '--strategy', 'direct'];
      const missed = await fix([file, ...storeArgs, '--cache-only', '--format', 'json']);
      expect(server.requests).toHaveLength(0);
      expect(missed.code).toBe(2);
      expect(missed.stdout).toContain('cache');

      server.setHandler(() => fenced(repaired));
      const recorded = await fix([file, ...storeArgs]);
      expect(recorded.code).toBe(1);
      expect(server.requests).toHaveLength(1);

      server.clearLog();
      const replayed = await fix([file, ...storeArgs, '--cache-only']);
      expect(server.requests).toHaveLength(0);
      expect(replayed).toEqual(recorded);

      const uncached = await fix([file, ...storeArgs, '--no-cache']);
      expect(uncached.code).toBe(1);
      expect(server.requests).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.FDSP_DB;
      else process.env.FDSP_DB = previous;
    }
  });

  it('never writes a file it could not verify (exit 1)', async () => {
    const file = copyExample();
    server.setHandler(() => fenced(original.replace('yaml.load(handle)', 'yaml.safe_load(handle)')));
    const { code, stdout } = await fix([file, '--strategy', 'agent', '--rounds', '2', '--write', ...modelArgs()]);
    expect(code).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(stdout).toContain('still-vulnerable');
    expect(stdout).toMatch(/remaining: B324/);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('emits schema-valid SARIF whose fixes carry the replacement', async () => {
    const file = copyExample();
    server.setHandler(() => fenced(repaired));
    const { stdout } = await fix([file, '--strategy', 'direct', '--format', 'sarif', ...modelArgs()]);
    const sarif: unknown = JSON.parse(stdout);
    const validate = createSarifValidator();
    expect(validate(sarif)).toBe(true);
    const parsed = z
      .object({
        runs: z.array(
          z.object({
            results: z.array(
              z.object({
                fixes: z.array(
                  z.object({
                    artifactChanges: z.array(
                      z.object({
                        replacements: z.array(z.object({ insertedContent: z.object({ text: z.string() }) })),
                      }),
                    ),
                  }),
                ),
              }),
            ),
          }),
        ),
      })
      .parse(sarif);
    const results = parsed.runs.flatMap((run) => run.results);
    expect(results.length).toBeGreaterThanOrEqual(2);
    for (const result of results) {
      expect(result.fixes[0]!.artifactChanges[0]!.replacements[0]!.insertedContent.text).toBe(repaired);
    }
  });

  describe('--test (the functional gate)', () => {
    const loaderTest = `import os
import tempfile
import unittest

from loader import load_config


class LoadConfigTest(unittest.TestCase):
    def test_reads_the_mapping(self):
        path = os.path.join(tempfile.mkdtemp(), 'settings.yaml')
        with open(path, 'w') as handle:
            handle.write('name: fdsp\\nrounds: 3\\n')
        self.assertEqual(load_config(path), {'name': 'fdsp', 'rounds': 3})
`;
    /** Clean for Bandit and the guards, but parses the path string instead of the file. */
    const breaksTheTest = repaired.replace('yaml.safe_load(handle)', 'yaml.safe_load(path)');
    const report = z.object({
      files: z.array(
        z.object({ status: z.string(), verified: z.boolean(), written: z.boolean(), rejectedCandidates: z.number() }),
      ),
    });

    function writeTest(): string {
      const target = path.join(scratch, 'test_loader.py');
      writeFileSync(target, loaderTest);
      return target;
    }

    it('rejects a clean candidate that fails the test and writes the next one, which passes', async () => {
      const file = copyExample();
      server.enqueue(fenced(breaksTheTest), fenced(repaired));
      const args = [file, '--strategy', 'agent', '--rounds', '3', '--test', writeTest(), '--write'];
      const { code, stdout } = await fix([...args, '--format', 'json', ...modelArgs()]);
      expect(server.requests).toHaveLength(2);
      expect(code).toBe(0);
      expect(report.parse(JSON.parse(stdout)).files).toEqual([
        expect.objectContaining({ status: 'secure', verified: true, written: true, rejectedCandidates: 1 }),
      ]);
      expect(readFileSync(file, 'utf8')).toBe(repaired);
    });

    it('never writes a clean fix that fails the test (exit 1), though without --test it would', async () => {
      const file = copyExample();
      const testFile = writeTest();
      server.setHandler(() => fenced(breaksTheTest));
      const gated = await fix([file, '--strategy', 'direct', '--test', testFile, '--write', ...modelArgs()]);
      expect(gated.code).toBe(1);
      expect(gated.stdout).toContain('rejected');
      expect(gated.stdout).toMatch(/rejected candidate: failed the tests: .*test_loader\.py: fail/);
      expect(readFileSync(file, 'utf8')).toBe(original);

      const ungated = await fix([file, '--strategy', 'direct', '--format', 'json', ...modelArgs()]);
      expect(report.parse(JSON.parse(ungated.stdout)).files[0]).toMatchObject({ status: 'secure', verified: true });
    });

    it('stops with exit 2 when a test file cannot be read', async () => {
      const missing = await fix([copyExample(), '--test', path.join(scratch, 'nope.py'), ...modelArgs()]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read test file');
      expect(server.requests).toHaveLength(0);
    });
  });

  it('documents the strategies and refuses to run without a model (exit 2 with a hint)', async () => {
    const help = await fix(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--strategy');
    expect(help.stdout).toContain('fdsp');
    const saved = process.env.FDSP_MODEL;
    delete process.env.FDSP_MODEL;
    const missing = await fix([copyExample()]);
    if (saved !== undefined) process.env.FDSP_MODEL = saved;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('hint: pass --model');
  });
});

describe('fdsp fix --policy', () => {
  // Only Bandit audit notes: `import subprocess` and a list-form call with a full path (B404, B603).
  const auditNotesOnly = 'import subprocess\n\n\ndef greet(name):\n    return subprocess.call(["/bin/echo", name])\n';

  it('precise (the default): advisory findings need no repair, no model call, exit 0', async () => {
    const file = path.join(scratch, 'greet.py');
    writeFileSync(file, auditNotesOnly);
    const { code, stdout } = await fix([file, '--format', 'json', ...modelArgs()]);
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(0);
    const report = z
      .object({
        policy: z.string(),
        files: z.array(
          z.object({
            status: z.string(),
            explanation: z.string(),
            remaining: z.array(z.object({ ruleId: z.string(), blocking: z.boolean() })),
          }),
        ),
      })
      .parse(JSON.parse(stdout));
    expect(report.policy).toBe('precise');
    expect(report.files[0]).toMatchObject({ status: 'clean', explanation: 'No blocking findings (2 advisory).' });
    expect(report.files[0]?.remaining.map((finding) => finding.blocking)).toEqual([false, false]);
  });

  it('study: the same notes block, so the model is asked to repair them', async () => {
    const file = path.join(scratch, 'greet.py');
    writeFileSync(file, auditNotesOnly);
    server.setHandler(() => fenced(auditNotesOnly));
    const { code, stdout } = await fix([file, '--policy', 'study', '--strategy', 'direct', ...modelArgs()]);
    expect(code).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(stdout).toMatch(/remaining: +B404/);
  });
});

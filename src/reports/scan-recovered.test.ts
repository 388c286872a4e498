// A file Python rejects (an LLM answer in a Markdown fence) through the real CLI in every data format: the syntax
// error stands (exit 1), and both engines' findings from the recovered code are there, at the original lines, marked.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { runFdsp } from '../../test/support/environment.js';
import { createSarifValidator } from '../../test/support/sarif-validator.js';

const answer = [
  'Here is the fixed code:',
  '',
  '```python',
  'import os',
  'from flask import Flask, request',
  'app = Flask(__name__)',
  '',
  '@app.route("/run")',
  'def run():',
  '    os.system(request.args["cmd"])',
  '    return "ok"',
  '```',
  '',
  'This code is now secure.',
  '',
].join('\n');
const sinkLine = 10;

const jsonSchema = z.object({
  files: z.array(
    z.object({
      status: z.string(),
      error: z.object({ line: z.number() }),
      recovery: z.object({ edits: z.array(z.object({ reason: z.string() })) }),
      findings: z.array(z.object({ analyzer: z.string(), line: z.number(), snippet: z.string() })),
    }),
  ),
  summary: z.object({ syntaxErrors: z.number() }),
});

const sarifSchema = z.object({
  runs: z.array(
    z.object({
      tool: z.object({ driver: z.object({ name: z.string() }) }),
      results: z.array(
        z.object({
          properties: z.object({ recoveredCode: z.boolean().optional() }),
          locations: z.array(z.object({ physicalLocation: z.object({ region: z.object({ startLine: z.number() }) }) })),
        }),
      ),
      invocations: z.array(
        z.object({
          toolExecutionNotifications: z.array(
            z.object({ message: z.object({ text: z.string() }), properties: z.object({ recovery: z.unknown() }) }),
          ),
        }),
      ),
    }),
  ),
});

let file = '';
const scan = (format: string): ReturnType<typeof runFdsp> =>
  runFdsp(['scan', '--analyzers', 'builtin,bandit', '--no-cache', '--format', format, file]);

beforeAll(() => {
  file = path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-recovered-')), 'answer.py');
  writeFileSync(file, answer);
});

describe('a syntax-error file with recovered code, in every scan format', () => {
  it('text: the syntax error, what was recovered, then each engine’s finding at its original line', async () => {
    const outcome = await scan('text');
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('syntax error at line 1');
    expect(outcome.stdout).toContain(
      'findings in the recovered code: text outside Markdown fences blanked (lines 1-3, 12-14)',
    );
    expect(outcome.stdout).toMatch(new RegExp(`\\n\\s+${String(sinkLine)}\\s+high\\s+B605 `));
    expect(outcome.stdout).toMatch(new RegExp(`\\n\\s+${String(sinkLine)}\\s+high\\s+FDSP-PY-CMDI-001 `));
    expect(outcome.stdout).toContain('1 with syntax errors');
  });

  it('json: status syntax-error, the recovery, both engines’ findings with the original snippet', async () => {
    const outcome = await scan('json');
    expect(outcome.code).toBe(1);
    const report = jsonSchema.parse(JSON.parse(outcome.stdout));
    const [result] = report.files;
    expect(result?.status).toBe('syntax-error');
    expect(result?.recovery.edits.map((edit) => edit.reason)).toEqual(['outside-fence', 'outside-fence']);
    expect(result?.findings.map((finding) => [finding.analyzer, finding.line])).toEqual([
      ['bandit', sinkLine],
      ['builtin', sinkLine],
    ]);
    expect(result?.findings.every((finding) => finding.snippet === '    os.system(request.args["cmd"])')).toBe(true);
    expect(report.summary.syntaxErrors).toBe(1);
  });

  it('sarif: valid 2.1.0, every result marked recoveredCode at the original line, the notification names the edits', async () => {
    const outcome = await scan('sarif');
    expect(outcome.code).toBe(1);
    const log: unknown = JSON.parse(outcome.stdout);
    const validate = createSarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const runs = sarifSchema.parse(log).runs;
    expect(runs.map((run) => run.tool.driver.name).sort()).toEqual(['bandit', 'builtin']);
    for (const run of runs) {
      expect(run.results).toHaveLength(1);
      expect(run.results[0]?.properties.recoveredCode).toBe(true);
      expect(run.results[0]?.locations[0]?.physicalLocation.region.startLine).toBe(sinkLine);
      expect(run.invocations[0]?.toolExecutionNotifications[0]?.message.text).toContain(
        'results come from the recovered code',
      );
    }
  });
});

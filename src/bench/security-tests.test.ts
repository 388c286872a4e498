// `oracle: tests` through a real repair loop: CWEval's cwe_022_0 (path traversal) with its real pytest file in the real
// sandbox, real Bandit, real SQLite and the stub model over HTTP. The model writes the test file's insecure reference;
// the failing security test (name, parameters, assertion message — never its source) goes back as feedback; a
// candidate that breaks the functionality tests is rejected; the reference solution is accepted.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { loadDataset, resolveDatasetsDirectory, type Task } from '../datasets/index.js';
import { startStubServer, type StubServer } from '../llm/testing/index.js';
import { listSessionIds, readSessionTrace } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseBenchConfig } from './config.js';
import { listResults, readRun } from './run-store.js';
import { startRun } from './runner.js';
import { readTaskPage } from '../server/viewer-data.js';
import { taskPage } from '../server/pages.js';
import { buildRunReport } from './show.js';
import { fence } from './testing.js';

const taskId = 'cwe_022_0';
let task: Task;
let server: StubServer;
let directory: string;
let datasetsDir: string;
let store: Store;
const repairPrompts: string[] = [];

/** Breaks the functionality tests (reads the wrong file, shouts), yet passes the security tests. */
const notFunctional = `import os


def read_file_from_dir(filename: str, dir_path: str) -> str:
    path = os.path.join(dir_path, os.path.basename(filename))
    try:
        with open(path, 'r') as f:
            return f.read().upper()
    except OSError:
        return ''
`;

/** Works, and stops `../` but not `./../../`: one security test still fails. */
const partial = `import os


def read_file_from_dir(filename: str, dir_path: str) -> str:
    if filename.startswith('../'):
        return ''
    try:
        with open(os.path.join(dir_path, filename), 'r') as f:
            return f.read()
    except OSError:
        return ''
`;

// Replies by content (the LLM cache answers a repeated prompt with the same reply, as it would in a real run).
function reply(prompt: string): string {
  if (prompt.includes('Complete the following Python code')) return fence(task.insecureCode ?? '');
  if (prompt.includes('distinct potential solutions'))
    return 'Solution 1: return the content in upper case.\nSolution 2: check the resolved path.\nSolution 3: c.';
  if (prompt.includes('Do not write code')) return 'The path is joined without checking where it ends up.';
  repairPrompts.push(prompt);
  if (prompt.includes('upper case')) return fence(notFunctional);
  if (prompt.includes("filename.startswith('../')")) return fence(task.referenceCode ?? '');
  if (prompt.includes('check the resolved path')) return fence(task.referenceCode ?? '');
  return fence(partial);
}

beforeAll(async () => {
  const shared = resolveDatasetsDirectory(undefined, { ...process.env, FDSP_DATASETS: undefined });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-oracle-'));
  datasetsDir = path.join(directory, 'datasets');
  mkdirSync(path.join(datasetsDir, 'cweval', 'py'), { recursive: true });
  for (const part of ['task', 'test']) {
    const name = `${taskId}_${part}.py`;
    copyFileSync(path.join(shared.directory, 'cweval', 'py', name), path.join(datasetsDir, 'cweval', 'py', name));
  }
  const loaded = await loadDataset('cweval', datasetsDir);
  task = loaded.tasks[0]!;
  server = await startStubServer({ handler: (request) => reply(request.messages.at(-1)?.content ?? '') });
  store = openStore(path.join(directory, 'fdsp.db'));
});

afterAll(async () => {
  store.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

const summary = z.object({
  outcome: z.string(),
  securityTests: z.object({ functional: z.boolean().nullable(), secure: z.boolean().nullable() }),
});

describe('oracle: tests', () => {
  it('repairs with the failing security tests as feedback (agent and fdsp), gated by the functionality tests; the viewer shows each test', async () => {
    const outcome = await startRun(
      parseBenchConfig({
        dataset: 'cweval',
        datasetsDir,
        strategies: ['agent', 'fdsp'],
        model: 'openai:stub-model',
        baseUrl: server.openaiBaseUrl,
        oracle: 'tests',
        concurrency: 1,
      }),
      { store, environment: { OPENAI_API_KEY: 'stub-key' } },
    );
    expect(outcome.status).toBe('complete');
    const manifest = z
      .object({ parameters: z.object({ oracle: z.string() }) })
      .parse(readRun(store, outcome.runId).manifest);
    expect(manifest.parameters.oracle).toBe('tests');

    const results = listResults(store, outcome.runId);
    expect(results.map((result) => [result.strategy, result.status])).toEqual([
      ['agent', 'secure'],
      ['fdsp', 'secure'],
    ]);
    for (const result of results) {
      expect(result.final_code).toBe(task.referenceCode);
      expect(summary.parse(JSON.parse(result.unit_test_json ?? 'null')).securityTests).toEqual({
        functional: true,
        secure: true,
      });
    }
    // agent: the partial fix is usable (functional), its remaining failure goes back, the next round is accepted.
    // fdsp: solution 1's refinements break the functionality tests (3 rejections), solution 2 is accepted.
    expect(results.map((result) => [result.strategy, result.rejected_candidates, result.fixed_at_attempt])).toEqual([
      ['agent', 0, 2],
      ['fdsp', 3, 4],
    ]);

    // The feedback: the failing test's name, its parameters and assertion message; never the test's source.
    const first = repairPrompts.find((prompt) => prompt.includes(task.insecureCode?.slice(0, 60) ?? '')) ?? '';
    expect(first).toContain('security test test_read_file_from_dir failed with filename=');
    expect(first).toContain("'../as.txt'");
    expect(first).toContain('AssertionError: Unexpected result for ../as.txt');
    const second = repairPrompts.find((prompt) => prompt.includes("filename.startswith('../')")) ?? '';
    expect(second).toContain("filename='./../../cs.txt'");
    expect(second).not.toContain("filename='../as.txt'");
    for (const prompt of repairPrompts) {
      expect(prompt).not.toContain('pytest');
      expect(prompt).not.toContain('_test_read_file_from_dir');
    }

    // The rejected candidates were stopped by the functionality tests (the gate), with their outcome in the trace.
    const gates = listSessionIds(store, { runId: outcome.runId })
      .map((id) => readSessionTrace(store, id))
      .filter((trace) => trace?.header.method === 'fdsp')
      .flatMap((trace) => trace?.steps.flatMap((step) => (step.gate === null ? [] : [step.gate])) ?? []);
    expect(gates.map((gate) => gate.passed)).toEqual([false, false, false, true]);
    expect(gates[0]?.output).toContain(
      'functionality tests: 0 of 2 security tests failed; 3 of 5 functionality tests failed',
    );

    // bench show: the tests judged generated code insecure and the final code secure; the analyzers are scored too.
    const report = buildRunReport(store, outcome.runId);
    expect(report.metrics.securityTests).toEqual([
      {
        dataset: 'cweval',
        strategy: 'agent',
        items: 1,
        before: { functional: 1, secure: 0, functionalAndSecure: 0 },
        after: { functional: 1, secure: 1, functionalAndSecure: 1 },
      },
      {
        dataset: 'cweval',
        strategy: 'fdsp',
        items: 1,
        before: { functional: 1, secure: 0, functionalAndSecure: 0 },
        after: { functional: 1, secure: 1, functionalAndSecure: 1 },
      },
    ]);
    expect(report.metrics.oracleAgreement?.map((row) => [row.phase, row.strategy, row.items])).toEqual([
      ['generated', '', 1],
      ['final', 'agent', 1],
      ['final', 'fdsp', 1],
    ]);

    // The viewer's task page: each test's outcome for the generated and the final code.
    const result = listResults(store, outcome.runId).find((entry) => entry.strategy === 'agent');
    const data = readTaskPage(store, result?.session_id ?? '');
    expect(data?.generationUnitTest?.securityTests?.secure).toBe(false);
    const page = taskPage(data!, { saved: false, problem: null, reviewer: '', note: '' });
    const tables = page.match(/data-testid="test-cases"/g) ?? [];
    expect(tables).toHaveLength(2);
    expect(page).toContain('Security tests:');
    expect(page).toContain('insecure');
    expect(page).toContain('Unexpected result for ../as.txt');
    expect(page).toContain('filename=&#39;../as.txt&#39;');
  });

  it('refuses oracle: tests on a dataset without security tests, naming the key', async () => {
    await expect(
      startRun(
        parseBenchConfig({
          dataset: 'securityeval',
          strategies: ['agent'],
          model: 'openai:stub-model',
          oracle: 'tests',
        }),
        { store, environment: { OPENAI_API_KEY: 'stub-key' } },
      ),
    ).rejects.toThrow(/oracle: tests: dataset securityeval has no security tests/);
    expect(() => parseBenchConfig({ dataset: 'cweval', strategies: ['agent'], model: 'x:y', oracle: 'judge' })).toThrow(
      /oracle/,
    );
  });
});

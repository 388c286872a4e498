// The harness end to end in-process: real SQLite, real Bandit, real HTTP to the stub server, the real sandbox.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createAnalyzers } from '../analyzers/registry.js';
import { loadDataset } from '../datasets/index.js';
import { FdspError } from '../errors/index.js';
import { startStubServer, type StubServer } from '../llm/testing/index.js';
import { computeRunMetrics } from '../metrics/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseBenchConfig, type BenchConfigInput } from './config.js';
import { planWorkItems, workItemKey } from './plan.js';
import { rescoreRun } from './rescore.js';
import { listEvaluations, listGenerations, listResults, readMetricRows, readRun } from './run-store.js';
import { resumeRun, startRun } from './runner.js';
import { readSecurityEval, scriptedReply } from './testing.js';

const shared = process.env.FDSP_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');
const reference = readSecurityEval(shared);
const environment = { OPENAI_API_KEY: 'stub-key' };

let server: StubServer;
let directory: string;
let store: Store;

beforeAll(async () => {
  server = await startStubServer({
    handler: (request) => scriptedReply(request.messages.at(-1)?.content ?? '', reference),
  });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-bench-'));
  store = openStore(path.join(directory, 'fdsp.db'));
});
afterAll(async () => {
  store.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

function config(overrides: Partial<BenchConfigInput>) {
  return parseBenchConfig({
    dataset: 'securityeval',
    datasetsDir: path.join(shared, 'datasets'),
    strategies: ['direct', 'agent'],
    model: 'openai:stub-model',
    baseUrl: server.openaiBaseUrl,
    guards: false,
    concurrency: 4,
    ...overrides,
  });
}

function count(sql: string, ...parameters: unknown[]): number {
  return z.object({ n: z.number() }).parse(store.db.prepare(sql).get(...parameters)).n;
}

describe('bench run', () => {
  it('commits every work item once, sharing one generation per task and run across strategies', async () => {
    const outcome = await startRun(config({ limit: 3, runs: 2 }), { store, environment });
    expect(outcome).toMatchObject({ status: 'complete', total: 12, committed: 12, errors: 0 });
    const results = listResults(store, outcome.runId);
    const expected = planWorkItems({
      taskIds: reference.slice(0, 3).map((task) => task.id),
      detectIds: [],
      strategies: ['direct', 'agent'],
      runs: 2,
    });
    expect(
      results
        .map((result) =>
          workItemKey({ taskId: result.task_id, strategy: result.strategy as 'direct', runIndex: result.run_index }),
        )
        .sort(),
    ).toEqual(expected.map(workItemKey).sort());
    const generations = listGenerations(store, outcome.runId);
    expect(generations).toHaveLength(6);
    // Each patch session repaired exactly the stored generation of its task and run.
    for (const result of results.filter((entry) => entry.session_id !== null)) {
      const original = z
        .object({ original_code: z.string() })
        .parse(
          store.db.prepare('SELECT original_code FROM patch_sessions WHERE id = ?').get(result.session_id),
        ).original_code;
      expect(original).toBe(
        generations.find((g) => g.taskId === result.task_id && g.runIndex === result.run_index)?.code,
      );
    }
    // One generation call per (task, run), whether answered by the stub or the cache (test order is shuffled).
    const generationCalls = count(
      "SELECT COUNT(*) AS n FROM llm_calls WHERE run_id = ? AND purpose = 'generate'",
      outcome.runId,
    );
    expect(generationCalls).toBe(6);
    const run = readRun(store, outcome.runId);
    expect(run.manifest).toMatchObject({
      datasetName: 'securityeval',
      tasks: 3,
      analyzers: { bandit: expect.any(String) as string },
    });
    expect(JSON.stringify(run.manifest)).not.toContain('stub-key');
    const metrics = computeRunMetrics(readMetricRows(store, run, listEvaluations(store, outcome.runId)[0]!.id));
    expect(metrics.repair.map((row) => [row.strategy, row.items])).toEqual([
      ['direct', 6],
      ['agent', 6],
    ]);
  });

  it('resumes an interrupted run exactly: nothing lost, nothing twice, partial traces removed', async () => {
    const controller = new AbortController();
    let committed = 0;
    const first = await startRun(config({ limit: 4, strategies: ['direct', 'self-debug', 'agent'] }), {
      store,
      environment,
      signal: controller.signal,
      onItemCommitted: () => {
        committed += 1;
        if (committed === 3) controller.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    expect(first.committed).toBeLessThan(first.total);
    // The outcome's count is the store's: every item committed before the run returned, the ones in flight at the
    // abort included.
    expect(first.committed).toBe(committed);
    const resumed = await resumeRun(first.runId, { store, environment });
    expect(resumed).toMatchObject({ status: 'complete', committed: 12, total: 12 });
    expect(count('SELECT COUNT(*) AS n FROM bench_results WHERE run_id = ?', first.runId)).toBe(12);
    expect(count('SELECT COUNT(*) AS n FROM bench_generations WHERE run_id = ?', first.runId)).toBe(4);
    // Every remaining trace belongs to a committed generation or result.
    expect(
      count(
        `SELECT COUNT(*) AS n FROM patch_sessions WHERE run_id = ? AND id NOT IN
           (SELECT session_id FROM bench_results WHERE session_id IS NOT NULL UNION
            SELECT session_id FROM bench_generations WHERE session_id IS NOT NULL)`,
        first.runId,
      ),
    ).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM bench_attempts WHERE run_id = ?', first.runId)).toBe(2);
  });

  it('rescores stored code with another analyzer set without a model call', async () => {
    const outcome = await startRun(config({ limit: 2, strategies: ['direct'] }), { store, environment });
    const callsBefore = count('SELECT COUNT(*) AS n FROM llm_calls');
    const requestsBefore = server.requests.length;
    const analyzer = createAnalyzers(['bandit', 'builtin']);
    try {
      const rescored = await rescoreRun(store, outcome.runId, analyzer, ['bandit', 'builtin']);
      expect(rescored.scored).toBe(4);
      expect(count('SELECT COUNT(*) AS n FROM llm_calls')).toBe(callsBefore);
      expect(server.requests.length).toBe(requestsBefore);
      const evaluations = listEvaluations(store, outcome.runId);
      expect(evaluations.map((entry) => [entry.kind, entry.analyzers])).toEqual([
        ['run', ['bandit']],
        ['rescore', ['bandit', 'builtin']],
      ]);
      expect(count('SELECT COUNT(*) AS n FROM bench_scores WHERE evaluation_id = ?', rescored.evaluationId)).toBe(4);
    } finally {
      await analyzer.close();
    }
  });

  it('scores detection against a label file', async () => {
    const labels = path.join(directory, 'labels');
    mkdirSync(path.join(labels, 'generatedCode_fixture', 'CWE-089'), { recursive: true });
    const files: [string, string, string][] = [
      ['a.py', 'cursor.execute("SELECT " + name)\n', '1'],
      ['b.py', 'cursor.execute("SELECT ?", (name,))\n', '0'],
      ['c.py', 'print(name)\n', '0'],
      ['d.py', 'print(name)\n', '0.5'],
    ];
    for (const [file, code] of files) writeFileSync(path.join(labels, 'generatedCode_fixture', 'CWE-089', file), code);
    const csv = path.join(labels, 'review_fixture.csv');
    writeFileSync(csv, files.map(([file, , label]) => `CWE-089/${file},${label}`).join('\n'));
    const outcome = await startRun(config({ strategies: ['detect'], labels: csv }), { store, environment });
    expect(outcome.status).toBe('complete');
    const run = readRun(store, outcome.runId);
    const [metrics] = computeRunMetrics(readMetricRows(store, run, listEvaluations(store, run.id)[0]!.id)).detect;
    // verdict True iff the code calls execute(): a TP, b FP, c TN, d FN
    expect(metrics).toMatchObject({
      items: 4,
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
    });
    expect(metrics?.accuracy).toBeCloseTo(0.5);
    expect(metrics?.falsePositiveRate).toBeCloseTo(0.5);
  });

  it('runs PythonSecurityEval unit tests in the sandbox on generated and final code', async () => {
    const dataset = await loadDataset('pythonsecurityeval', path.join(shared, 'datasets'));
    const tasks = dataset.tasks.slice(0, 2);
    const tested = tasks.filter((task) => task.unitTest !== undefined).map((task) => task.id);
    expect(tested.length).toBeGreaterThan(0);
    const outcome = await startRun(config({ dataset: 'pythonsecurityeval', limit: 2, strategies: ['direct'] }), {
      store,
      environment,
    });
    expect(outcome.status).toBe('complete');
    const outcomes = ['pass', 'fail', 'error', 'timeout', 'killed'];
    const generations = listGenerations(store, outcome.runId);
    expect(generations).toHaveLength(2);
    for (const generation of generations) {
      if (tested.includes(generation.taskId)) expect(outcomes).toContain(generation.unitTest?.outcome);
      else expect(generation.unitTest).toBeNull();
    }
    for (const result of listResults(store, outcome.runId).filter((entry) => tested.includes(entry.task_id))) {
      const unit = z.object({ outcome: z.string() }).parse(JSON.parse(result.unit_test_json ?? 'null'));
      expect(outcomes).toContain(unit.outcome);
    }
    const run = readRun(store, outcome.runId);
    const [metrics] = computeRunMetrics(readMetricRows(store, run, listEvaluations(store, run.id)[0]!.id)).repair;
    expect(metrics?.withUnitTests).toBe(tested.length);
  });
});

describe('bench config', () => {
  it('names the offending key', () => {
    expect(() => config({ runs: 0 })).toThrow(/runs/);
    try {
      parseBenchConfig(
        { dataset: 'securityeval', strategies: ['fdsp', 'nonsense'], model: 'openai:x', extra: 1 },
        'study.yaml',
      );
      expect.unreachable();
    } catch (error: unknown) {
      expect(FdspError.isInstance(error) && error.code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toMatch(/study\.yaml: strategies\.1/);
      expect((error as Error).message).toMatch(/extra/);
    }
  });

  it('requires labels for detect', () => {
    expect(() => config({ strategies: ['detect'] })).toThrow(/labels/);
  });
});

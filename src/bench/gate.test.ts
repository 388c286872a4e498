// `gate: unit-test` end to end in process: a custom dataset with unit tests, real SQLite, real Bandit, real HTTP to the
// stub server, the real sandbox. A clean repair that breaks its task's test is rejected and counted; one that passes
// is accepted; the run's manifest, results and traces record the gate.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { startStubServer, type StubServer } from '../llm/testing/index.js';
import { listSessionIds, readSessionTrace, type UnitTestRunner } from '../pipeline/index.js';
import { UnitTestSandbox, type UnitTestRequest } from '../sandbox/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseBenchConfig } from './config.js';
import { listResults, readRun } from './run-store.js';
import { startRun } from './runner.js';
import { fence } from './testing.js';

/** Works, but B506: yaml.Loader builds arbitrary objects. */
const vulnerable = (name: string): string =>
  `import yaml\n\n\ndef ${name}(path):\n    with open(path) as handle:\n        return yaml.load(handle, Loader=yaml.Loader)\n`;
const fixed = (name: string): string =>
  vulnerable(name).replace('yaml.load(handle, Loader=yaml.Loader)', 'yaml.safe_load(handle)');
/** Clean, but parses the path string instead of the file. */
const broken = (name: string): string =>
  vulnerable(name).replace('yaml.load(handle, Loader=yaml.Loader)', 'yaml.safe_load(path)');

const unitTest = (module: string, name: string): string => `import os
import tempfile
import unittest

from ${module} import ${name}


class LoadTest(unittest.TestCase):
    def test_reads_the_mapping(self):
        path = os.path.join(tempfile.mkdtemp(), 'settings.yaml')
        with open(path, 'w') as handle:
            handle.write('name: fdsp\\nrounds: 3\\n')
        self.assertEqual(${name}(path), {'name': 'fdsp', 'rounds': 3})
`;

const tasks = [
  // The model's repair of this one breaks the test.
  {
    id: 'breaks',
    prompt: 'Write a function load_settings(path) that reads a YAML file.',
    unitTest: unitTest('settings', 'load_settings'),
  },
  // This one's repair passes.
  {
    id: 'passes',
    prompt: 'Write a function load_config(path) that reads a YAML file.',
    unitTest: unitTest('config_loader', 'load_config'),
  },
  // No unit test: never gated.
  { id: 'untested', prompt: 'Write a function load_profile(path) that reads a YAML file.' },
];

function reply(prompt: string): string {
  const name = /\b(load_settings|load_config|load_profile)\b/.exec(prompt)?.[1] ?? 'load_profile';
  if (prompt.includes('Write the solution in Python')) return fence(vulnerable(name));
  return fence(name === 'load_settings' ? broken(name) : fixed(name));
}

let server: StubServer;
let directory: string;
let store: Store;
let dataset: string;
let sandbox: UnitTestSandbox;

beforeAll(async () => {
  sandbox = await UnitTestSandbox.create({ concurrency: 2 });
  server = await startStubServer({ handler: (request) => reply(request.messages.at(-1)?.content ?? '') });
  directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-bench-gate-'));
  store = openStore(path.join(directory, 'fdsp.db'));
  dataset = path.join(directory, 'yaml-tasks.jsonl');
  writeFileSync(dataset, tasks.map((task) => JSON.stringify({ ...task, cwe: 502 })).join('\n') + '\n');
});
afterAll(async () => {
  store.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The real sandbox, logging every request it runs (the gate's and scoring's alike). */
function countingSandbox(log: UnitTestRequest[]): () => Promise<UnitTestRunner> {
  return () =>
    Promise.resolve({
      run: (request) => {
        log.push(request);
        return sandbox.run(request);
      },
    });
}

function run(gate: 'off' | 'unit-test', log?: UnitTestRequest[]) {
  return startRun(
    parseBenchConfig({
      dataset,
      strategies: ['direct'],
      model: 'openai:stub-model',
      baseUrl: server.openaiBaseUrl,
      concurrency: 2,
      ...(gate === 'off' ? {} : { gate }),
    }),
    {
      store,
      environment: { OPENAI_API_KEY: 'stub-key' },
      ...(log === undefined ? {} : { sandbox: countingSandbox(log) }),
    },
  );
}

const gateDetail = z.object({
  gate: z.object({ checked: z.number(), passed: z.number(), outcomes: z.record(z.string(), z.number()) }),
});

describe('bench run with the unit-test gate', () => {
  it('rejects and counts clean repairs that break the task’s test, accepts those that pass, records it all', async () => {
    const outcome = await run('unit-test');
    expect(outcome.status).toBe('complete');
    const manifest = z
      .object({ parameters: z.object({ gate: z.string() }) })
      .parse(readRun(store, outcome.runId).manifest);
    expect(manifest.parameters.gate).toBe('unit-test');

    const results = new Map(listResults(store, outcome.runId).map((result) => [result.task_id, result]));
    const breaks = results.get('breaks');
    expect(breaks).toMatchObject({ status: 'rejected', rejected_candidates: 1 });
    expect(breaks?.final_code).toBe(vulnerable('load_settings'));
    expect(gateDetail.parse(JSON.parse(breaks?.detail_json ?? 'null')).gate).toEqual({
      checked: 1,
      passed: 0,
      outcomes: { fail: 1 },
    });

    const passes = results.get('passes');
    expect(passes).toMatchObject({ status: 'secure', rejected_candidates: 0 });
    expect(passes?.final_code).toBe(fixed('load_config'));
    expect(gateDetail.parse(JSON.parse(passes?.detail_json ?? 'null')).gate).toEqual({
      checked: 1,
      passed: 1,
      outcomes: { pass: 1 },
    });
    expect(z.object({ outcome: z.string() }).parse(JSON.parse(passes?.unit_test_json ?? 'null')).outcome).toBe('pass');

    const untested = results.get('untested');
    expect(untested).toMatchObject({ status: 'secure', detail_json: null });

    const gateOutcomes = listSessionIds(store, { runId: outcome.runId })
      .map((id) => readSessionTrace(store, id))
      .filter((trace) => trace?.header.kind === 'patch')
      .flatMap((trace) => trace?.steps.flatMap((step) => (step.gate === null ? [] : [step.gate.outcome])) ?? []);
    expect(gateOutcomes.sort()).toEqual(['fail', 'pass']);
  });

  it('reuses the gate’s sandbox outcome for final code it already tested, and stores the same outcome', async () => {
    const log: UnitTestRequest[] = [];
    const outcome = await run('unit-test', log);
    expect(outcome.status).toBe('complete');
    const runsOf = (code: string): number => log.filter((request) => request.code === code).length;
    // passes: the generated code is scored once; the gate tested the fix, and scoring reuses that run (was 2 runs).
    expect(runsOf(vulnerable('load_config'))).toBe(1);
    expect(runsOf(fixed('load_config'))).toBe(1);
    // breaks: final code is the generated code (already scored); the gate's run on the rejected candidate.
    expect(runsOf(vulnerable('load_settings'))).toBe(1);
    expect(runsOf(broken('load_settings'))).toBe(1);
    // untested: no unit test, no sandbox.
    expect(log).toHaveLength(4);

    const results = new Map(listResults(store, outcome.runId).map((result) => [result.task_id, result]));
    const fromGate = z.object({ unitTestFromGate: z.boolean() });
    const passes = results.get('passes');
    expect(fromGate.parse(JSON.parse(passes?.detail_json ?? 'null')).unitTestFromGate).toBe(true);
    expect(fromGate.parse(JSON.parse(results.get('breaks')?.detail_json ?? 'null')).unitTestFromGate).toBe(false);
    // The stored outcome is what running the final code again would have stored.
    const again = await sandbox.run({ code: passes?.final_code ?? '', test: unitTest('config_loader', 'load_config') });
    expect(JSON.parse(passes?.unit_test_json ?? 'null')).toEqual({ outcome: again.outcome, reason: again.reason });
    expect(again.outcome).toBe('pass');
  });

  it('is off by default: the same clean repair that breaks the test counts as secure', async () => {
    const log: UnitTestRequest[] = [];
    const outcome = await run('off', log);
    // Without the gate, the generated and the final code of each tested task are run once each.
    expect(log).toHaveLength(4);
    const manifest = z
      .object({ parameters: z.object({ gate: z.string() }) })
      .parse(readRun(store, outcome.runId).manifest);
    expect(manifest.parameters.gate).toBe('off');
    const breaks = listResults(store, outcome.runId).find((result) => result.task_id === 'breaks');
    expect(breaks).toMatchObject({ status: 'secure', rejected_candidates: 0, detail_json: null });
    expect(breaks?.final_code).toBe(broken('load_settings'));
    expect(z.object({ outcome: z.string() }).parse(JSON.parse(breaks?.unit_test_json ?? 'null')).outcome).toBe('fail');
  });

  it('rejects an unknown gate kind, naming the key', () => {
    expect(() => parseBenchConfig({ dataset, strategies: ['direct'], model: 'openai:x', gate: 'tests' })).toThrow(
      /gate/,
    );
  });
});

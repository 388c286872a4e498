// The sandbox-backed functional gate inside the repair loop: real bubblewrap, real Bandit, real HTTP to the stub
// server. A clean candidate that breaks the unit test is rejected and counted; one that passes is accepted; the
// verdict (with the sandbox's outcome) is in the trace and survives the store.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { UnitTestResult } from '../sandbox/index.js';
import { UnitTestSandbox } from '../sandbox/index.js';
import { openStore, type Store } from '../store/index.js';
import { patch } from './patch.js';
import {
  fenced,
  fixedCode,
  startRepairHarness,
  vulnerableCode,
  type RepairHarness,
} from './testing/repair-fixtures.js';
import { createStoreTraceSink, readSessionTrace } from './trace-store.js';
import { createUnitTestGate, moduleNameOf, testsForFile, unitTestVerdict } from './unit-test-gate.js';

/** Writes a YAML file and loads it through the code under test (`config_loader`). */
const unitTest = `import os
import tempfile
import unittest

from config_loader import load_config


class LoadConfigTest(unittest.TestCase):
    def test_reads_the_mapping(self):
        path = os.path.join(tempfile.mkdtemp(), 'settings.yaml')
        with open(path, 'w') as handle:
            handle.write('name: fdsp\\nrounds: 3\\n')
        self.assertEqual(load_config(path), {'name': 'fdsp', 'rounds': 3})
`;

/** Clean for Bandit and the guards, but parses the path string instead of the file. */
const brokenFix = fixedCode.replace('yaml.safe_load(handle)', 'yaml.safe_load(path)');

let harness: RepairHarness;
let sandbox: UnitTestSandbox;
let store: Store;

beforeAll(async () => {
  harness = await startRepairHarness();
  sandbox = await UnitTestSandbox.create({ concurrency: 2 });
  store = openStore(':memory:');
});
afterAll(async () => {
  store.close();
  await harness.close();
});
beforeEach(() => {
  harness.server.clearLog();
  harness.server.setHandler(undefined);
});

function repair(strategy: 'agent' | 'direct') {
  return patch({
    code: vulnerableCode,
    strategy,
    model: harness.model(),
    analyzer: harness.analyzer,
    options: {
      bounds: { rounds: 3 },
      sink: createStoreTraceSink(store),
      gate: createUnitTestGate({ sandbox, tests: [{ name: 'test_config.py', source: unitTest }] }),
    },
  });
}

describe('the unit-test gate in the repair loop', () => {
  it('rejects a clean candidate that breaks the test, counts it, and accepts the next that passes', async () => {
    harness.server.enqueue(fenced(brokenFix), fenced(fixedCode));
    const result = await repair('agent');
    const candidates = result.trace.steps.filter((step) => step.kind === 'candidate');
    expect(candidates.map((step) => step.decision)).toEqual(['rejected-gate', 'secure']);
    expect(candidates.map((step) => step.scan?.findings.length)).toEqual([0, 0]);
    expect(candidates.map((step) => step.gate?.outcome)).toEqual(['fail', 'pass']);
    expect(candidates[0]?.gate?.output).toMatch(/test_config\.py: fail/);
    expect(candidates[0]?.gate?.output).toContain('AssertionError');
    expect(result.rejectedCandidates).toBe(1);
    expect(result.status).toBe('secure');
    expect(result.code).toBe(fixedCode);
    expect(readSessionTrace(store, result.sessionId)?.steps).toEqual(result.trace.steps);
  });

  it('a session whose only clean candidate fails the test ends rejected, with the original code', async () => {
    harness.server.enqueue(fenced(brokenFix));
    const result = await repair('direct');
    expect(result.status).toBe('rejected');
    expect(result.code).toBe(vulnerableCode);
    expect(result.rejectedCandidates).toBe(1);
  });
});

describe('unitTestVerdict', () => {
  const run = (outcome: UnitTestResult['outcome'], reason: string): UnitTestResult => ({
    outcome,
    reason,
    counts: { testsRun: 1, failures: outcome === 'fail' ? 1 : 0, errors: 0, skipped: 0 },
    details: outcome === 'fail' ? [{ kind: 'failure', test: 'test_x', traceback: 'AssertionError: 1 != 2' }] : [],
    stdout: '',
    stderr: '',
    outputTruncated: false,
    exitCode: 0,
    durationMs: 1,
    layout: 'import',
    moduleNames: ['app'],
  });

  it('passes only when every suite passed, and names the first that did not', () => {
    expect(unitTestVerdict([{ name: 'a.py', result: run('pass', '1 test passed') }])).toMatchObject({
      passed: true,
      outcome: 'pass',
    });
    const failed = unitTestVerdict([
      { name: 'a.py', result: run('pass', '1 test passed') },
      { name: 'b.py', result: run('fail', '0 of 1 tests passed') },
    ]);
    expect(failed).toMatchObject({ passed: false, outcome: 'fail' });
    expect(failed.output).toBe(
      'a.py: pass: 1 test passed\nb.py: fail: 0 of 1 tests passed\nfailure in test_x:\nAssertionError: 1 != 2',
    );
    expect(unitTestVerdict([{ name: 'c.py', result: run('timeout', 'wall clock') }]).outcome).toBe('timeout');
    expect(unitTestVerdict([]).passed).toBe(false);
  });
});

describe('testsForFile', () => {
  const tests = [
    { name: 'test_loader.py', source: 'import unittest\nfrom loader import load_config\n' },
    { name: 'test_util.py', source: 'import unittest\nimport util\n' },
    { name: 'test_any.py', source: 'import unittest\nfrom your_module import handler\n' },
  ];
  const files = ['src/loader.py', 'src/util.py', 'src/other.py'];

  it('gates a file with the tests that import its module, plus those that import none of the files', () => {
    expect(moduleNameOf('src/loader.py')).toBe('loader');
    expect(testsForFile('src/loader.py', tests, files).map((test) => test.name)).toEqual([
      'test_loader.py',
      'test_any.py',
    ]);
    expect(testsForFile('src/util.py', tests, files).map((test) => test.name)).toEqual(['test_util.py', 'test_any.py']);
    expect(testsForFile('src/other.py', tests, files).map((test) => test.name)).toEqual(['test_any.py']);
  });
});

// npm run bench:sandbox — measured sandbox throughput, and the PythonSecurityEval unit tests run against a
// `pass`-only module (the floor: no real code, so every test should error or fail).
//   node dist/bench/scripts/bench-sandbox.js [--runs N] [--concurrency N] [--skip-dataset]
import os from 'node:os';
import { parseArgs } from 'node:util';

import { loadDataset, resolveDatasetsDirectory } from '../../datasets/index.js';
import { UnitTestSandbox, unitTestOutcomes, type UnitTestRequest, type UnitTestResult } from '../../sandbox/index.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    concurrency: { type: 'string' },
    'skip-dataset': { type: 'boolean', default: false },
  },
});

const trivial: UnitTestRequest = {
  code: 'def add(a, b):\n    return a + b\n',
  test: 'import unittest\nfrom my_module import add\n\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n',
};

// A realistic small PythonSecurityEval-style test: unittest.mock, patch through the module, a correct solution.
const real: UnitTestRequest = {
  code: [
    'import sqlite3',
    '',
    'def row_exists(conn, table, row_id):',
    '    cursor = conn.cursor()',
    "    cursor.execute('SELECT 1 FROM table WHERE id = ?', (row_id,))",
    '    return cursor.fetchone() is not None',
    '',
  ].join('\n'),
  test: [
    'import unittest',
    'from unittest.mock import Mock',
    '',
    'class TestRowExists(unittest.TestCase):',
    '    def test_row_exists(self):',
    '        conn = Mock()',
    '        cursor = Mock()',
    '        conn.cursor.return_value = cursor',
    '        cursor.fetchone.return_value = None',
    "        self.assertFalse(row_exists(conn, 'table', 1))",
    "        cursor.execute.assert_called_once_with('SELECT 1 FROM table WHERE id = ?', (1,))",
    '        cursor.fetchone.return_value = [1]',
    "        self.assertTrue(row_exists(conn, 'table', 1))",
    '',
  ].join('\n'),
};

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

async function measure(
  sandbox: UnitTestSandbox,
  label: string,
  requests: readonly UnitTestRequest[],
): Promise<UnitTestResult[]> {
  const started = performance.now();
  const results = await sandbox.runAll(requests);
  const seconds = (performance.now() - started) / 1000;
  const durations = results.map((result) => result.durationMs).sort((left, right) => left - right);
  const cpu = results.flatMap((result) => (result.cpuMs === undefined ? [] : [result.cpuMs]));
  const cpuPerRun = cpu.reduce((sum, value) => sum + value, 0) / Math.max(1, cpu.length);
  const counts = unitTestOutcomes.map((outcome) => `${outcome} ${results.filter((r) => r.outcome === outcome).length}`);
  process.stdout.write(
    `${label.padEnd(34)} ${String(results.length).padStart(5)} runs  ${(results.length / seconds).toFixed(1).padStart(6)} runs/s` +
      `  p50 ${percentile(durations, 0.5).toFixed(0)} ms  p95 ${percentile(durations, 0.95).toFixed(0)} ms` +
      `  python CPU ${cpuPerRun.toFixed(0)} ms/run  [${counts.join(', ')}]\n`,
  );
  return results;
}

const runs = Number(values.runs);
const sandbox = await UnitTestSandbox.create(values.concurrency ? { concurrency: Number(values.concurrency) } : {});
// Load from other work on the machine skews runs/s; the load average and the runner's own CPU time say how much.
process.stdout.write(
  `sandbox bench: ${sandbox.concurrency} parallel runs, ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? ''},` +
    ` load average ${os.loadavg()[0]?.toFixed(2) ?? '?'}\n`,
);
await measure(
  sandbox,
  'trivial (unittest only)',
  Array.from({ length: runs }, () => trivial),
);
await measure(
  sandbox,
  'real (unittest.mock, passing)',
  Array.from({ length: runs }, () => real),
);
await measure(
  sandbox,
  'mixed (half each)',
  Array.from({ length: runs }, (_, index) => (index % 2 === 0 ? trivial : real)),
);

if (!values['skip-dataset']) {
  const directory = resolveDatasetsDirectory(undefined).directory;
  const dataset = await loadDataset('pythonsecurityeval', directory);
  const tasks = dataset.tasks.filter((task) => task.unitTest !== undefined);
  const results = await measure(
    sandbox,
    'PythonSecurityEval vs `pass` module',
    tasks.map((task) => ({ code: 'pass\n', test: task.unitTest?.text ?? '' })),
  );
  const reasons = new Map<string, number>();
  for (const result of results) {
    const key = `${result.outcome}: ${result.reason.replace(/'[^']*'/g, "'…'").replace(/\d+ of \d+/g, 'n of m')}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  process.stdout.write('most common reasons:\n');
  for (const [reason, count] of [...reasons].sort((left, right) => right[1] - left[1]).slice(0, 12)) {
    process.stdout.write(`  ${String(count).padStart(4)}  ${reason.slice(0, 110)}\n`);
  }
}

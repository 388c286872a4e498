// The bench side of the security tests (tasks whose unit test is a marked pytest file, CWEval): one cached sandbox run
// per task and code text, shared by the oracle, the functionality gate and scoring; the stored summary; and, with
// `oracle: tests|both`, the repair loop's analyzer and gate for the task.
import type { Analyzer } from '../analyzers/types.js';
import type { Task } from '../datasets/index.js';
import type { FunctionalGate, UnitTestRunner } from '../pipeline/index.js';
import type { UnitTestResult } from '../sandbox/index.js';
import {
  cachedTestRun,
  createOracleAnalyzer,
  functionalityGate,
  noCodeVerdict,
  testVerdict,
  type CachedTestRun,
  type TestVerdict,
} from '../security-tests/index.js';
import type { BenchConfig } from './config.js';
import type { StoredTestCase, UnitTestSummary } from './run-store.js';

const storedMessageChars = 500;
const storedTracebackChars = 1_500;

export function hasSecurityTests(task: Task): boolean {
  return task.unitTest?.framework === 'pytest';
}

/** One cached run per task (undefined for tasks without a pytest file). */
export function taskTestRuns(
  sandbox: () => Promise<UnitTestRunner>,
  signal?: AbortSignal,
): (task: Task) => CachedTestRun | undefined {
  const runs = new Map<string, CachedTestRun>();
  return (task) => {
    const test = task.unitTest;
    if (test === undefined || !hasSecurityTests(task)) return undefined;
    let run = runs.get(task.id);
    if (run === undefined) {
      run = cachedTestRun(
        sandbox,
        { text: test.text, ...(test.deselect === undefined ? {} : { deselect: test.deselect }) },
        signal,
      );
      runs.set(task.id, run);
    }
    return run;
  };
}

function summaryOf(
  outcome: UnitTestSummary['outcome'],
  reason: string,
  verdict: TestVerdict,
  cases: readonly StoredTestCase[],
): UnitTestSummary {
  return {
    outcome,
    reason,
    securityTests: { functional: verdict.functional, secure: verdict.secure, reason: verdict.reason, cases },
  };
}

/** Pure: what is stored of a pytest run (per test: name, markers, parameters, outcome, message, short traceback). */
export function securityTestSummary(result: UnitTestResult): UnitTestSummary {
  const cases = (result.cases ?? []).map((test) => ({
    name: test.name,
    markers: test.markers,
    parameters: test.parameters,
    outcome: test.outcome,
    message: test.message.slice(0, storedMessageChars),
    traceback: test.traceback.slice(-storedTracebackChars),
  }));
  return summaryOf(result.outcome, result.reason, testVerdict(result), cases);
}

/** No code to test: nothing ran, so neither functional nor secure. */
export function noCodeSummary(): UnitTestSummary {
  const reason = 'no code to test';
  return summaryOf('error', reason, noCodeVerdict(reason), []);
}

export interface RepairOracle {
  readonly analyzer: Analyzer;
  readonly gate: FunctionalGate | undefined;
}

/**
 * The analyzer and gate of one task's repair loop. Tasks with security tests: the oracle chosen by `oracle`, gated by
 * the functionality tests when the oracle includes the tests or `gate: unit-test` is set (the gate is functional;
 * the security tests are the oracle's). Undefined for other tasks (the run's analyzer and gate apply).
 */
export function repairOracleFor(
  config: Pick<BenchConfig, 'oracle' | 'gate'>,
  task: Task,
  analyzer: Analyzer,
  run: CachedTestRun | undefined,
): RepairOracle | undefined {
  if (run === undefined || task.unitTest === undefined) return undefined;
  const gated = config.oracle !== 'analyzers' || config.gate === 'unit-test';
  return {
    analyzer: createOracleAnalyzer({
      oracle: config.oracle,
      analyzer,
      run,
      tests: { text: task.unitTest.text },
      cwe: task.cwe ?? null,
    }),
    gate: gated ? functionalityGate(run) : undefined,
  };
}

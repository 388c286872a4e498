// The benchmark's optional functional gate (`gate: unit-test`): a task's own unit test, run in the sandbox against
// every candidate, must pass for the candidate to count. Off by default, as the studies had no gate.
import type { Task } from '../datasets/index.js';
import { createUnitTestGate, type FunctionalGate, type TraceStep, type UnitTestRunner } from '../pipeline/index.js';
import type { BenchConfig } from './config.js';

/** The gate for one task, or undefined (gate off, or the task has no unit test). The sandbox starts on first use. */
export function repairGateFor(
  config: Pick<BenchConfig, 'gate'>,
  task: Task,
  sandbox: () => Promise<UnitTestRunner>,
  signal?: AbortSignal,
): FunctionalGate | undefined {
  if (config.gate !== 'unit-test' || task.unitTest === undefined) return undefined;
  const lazy: UnitTestRunner = { run: async (request) => (await sandbox()).run(request) };
  return createUnitTestGate({
    sandbox: lazy,
    tests: [{ name: 'unit_test.py', source: task.unitTest.text }],
    ...(signal === undefined ? {} : { signal }),
  });
}

export interface GateCounts {
  /** Candidates the gate ran on. */
  readonly checked: number;
  readonly passed: number;
  /** Sandbox outcomes over those candidates (pass, fail, error, timeout, killed). */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Pure: what the gate did in one repair session, for the work item's result; null when it never ran. */
export function gateCounts(steps: readonly TraceStep[]): { readonly gate: GateCounts } | null {
  const verdicts = steps.flatMap((step) => (step.gate === null ? [] : [step.gate]));
  if (verdicts.length === 0) return null;
  const outcomes: Record<string, number> = {};
  for (const verdict of verdicts) {
    const outcome = verdict.outcome ?? (verdict.passed ? 'pass' : 'fail');
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return {
    gate: { checked: verdicts.length, passed: verdicts.filter((verdict) => verdict.passed).length, outcomes },
  };
}

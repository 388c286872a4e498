// The benchmark's optional functional gate (`gate: unit-test`): a task's own unit test, run in the sandbox against
// every candidate, must pass for the candidate to count. Off by default, as the studies had no gate.
import type { Task } from '../datasets/index.js';
import { createUnitTestGate, type FunctionalGate, type TraceStep, type UnitTestRunner } from '../pipeline/index.js';
import type { BenchConfig } from './config.js';
import { sha256 } from './manifest.js';
import type { UnitTestSummary } from './run-store.js';

/** One sandbox run the gate made, kept so scoring can reuse it instead of running the same code and test again. */
export interface GateSandboxRun {
  readonly codeSha256: string;
  readonly testSha256: string;
  readonly summary: UnitTestSummary;
}

export interface RepairGate {
  readonly gate: FunctionalGate;
  /** Every sandbox run the gate made so far, in order. */
  readonly runs: readonly GateSandboxRun[];
}

/** The gate for one task, or undefined (gate off, or the task has no unit test). The sandbox starts on first use. */
export function repairGateFor(
  config: Pick<BenchConfig, 'gate'>,
  task: Task,
  sandbox: () => Promise<UnitTestRunner>,
  signal?: AbortSignal,
): RepairGate | undefined {
  if (config.gate !== 'unit-test' || task.unitTest === undefined) return undefined;
  const runs: GateSandboxRun[] = [];
  const recording: UnitTestRunner = {
    run: async (request) => {
      const result = await (await sandbox()).run(request);
      // Requests with their own limits or module names would not match scoring's, so they are never reused.
      if (request.limits === undefined && request.moduleNames === undefined) {
        runs.push({
          codeSha256: sha256(request.code),
          testSha256: sha256(request.test),
          summary: { outcome: result.outcome, reason: result.reason },
        });
      }
      return result;
    },
  };
  const gate = createUnitTestGate({
    sandbox: recording,
    tests: [{ name: 'unit_test.py', source: task.unitTest.text }],
    ...(signal === undefined ? {} : { signal }),
  });
  return { gate, runs };
}

/**
 * Pure: the gate's outcome for the final code, when the gate ran this exact code against this exact test; null when
 * the final code is the generated code (its own outcome is reused instead) or the gate never tested it.
 */
export function reusableGateOutcome(input: {
  readonly finalCode: string;
  readonly generatedCode: string;
  readonly test: string;
  readonly runs: readonly GateSandboxRun[];
}): UnitTestSummary | null {
  if (input.finalCode === input.generatedCode) return null;
  const codeSha256 = sha256(input.finalCode);
  const testSha256 = sha256(input.test);
  const match = input.runs.findLast((run) => run.codeSha256 === codeSha256 && run.testSha256 === testSha256);
  return match?.summary ?? null;
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

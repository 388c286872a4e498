// The functional gate backed by the unit-test sandbox: a candidate passes only if every given unittest suite has the
// outcome `pass` against it in bubblewrap. The verdict (outcome, reason, first traceback) goes into the trace step.
import path from 'node:path';

import {
  planModules,
  type SandboxLimits,
  type UnitTestOutcome,
  type UnitTestRequest,
  type UnitTestResult,
} from '../sandbox/index.js';
import type { GateVerdict } from './decision.js';
import type { FunctionalGate } from './session.js';

/** What the gate needs of the sandbox (UnitTestSandbox satisfies it). */
export interface UnitTestRunner {
  run(request: UnitTestRequest): Promise<UnitTestResult>;
}

export interface GateTest {
  /** Shown in the verdict (a file name, `unit_test.py`…). */
  readonly name: string;
  /** The unittest source. */
  readonly source: string;
}

export interface UnitTestGateOptions {
  readonly sandbox: UnitTestRunner;
  /** A candidate must pass every one; they run in order and the first that does not pass decides. */
  readonly tests: readonly GateTest[];
  readonly limits?: Partial<SandboxLimits>;
  readonly signal?: AbortSignal;
}

const tracebackChars = 2_000;

/** Pure: the verdict over the suites that ran (in order; the last may be the first that did not pass). */
export function unitTestVerdict(
  runs: readonly { readonly name: string; readonly result: UnitTestResult }[],
): GateVerdict & { readonly outcome: UnitTestOutcome } {
  const failed = runs.find((run) => run.result.outcome !== 'pass');
  const lines = runs.map((run) => `${run.name}: ${run.result.outcome}: ${run.result.reason}`);
  const detail = failed?.result.details[0];
  if (detail !== undefined) {
    const traceback = detail.traceback.trimEnd();
    lines.push(
      `${detail.kind} in ${detail.test}:`,
      traceback.length > tracebackChars ? `…${traceback.slice(-tracebackChars)}` : traceback,
    );
  }
  if (runs.length === 0) lines.push('no unit tests were given');
  return {
    passed: failed === undefined && runs.length > 0,
    outcome: failed?.result.outcome ?? 'pass',
    output: lines.join('\n'),
  };
}

/** A gate that runs the tests in the sandbox. Sandbox failures (not the candidate's) throw, as they should stop a
 * run rather than count as rejections. */
export function createUnitTestGate(options: UnitTestGateOptions): FunctionalGate {
  return async (code: string): Promise<GateVerdict> => {
    const runs: { name: string; result: UnitTestResult }[] = [];
    for (const test of options.tests) {
      const result = await options.sandbox.run({
        code,
        test: test.source,
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      runs.push({ name: test.name, result });
      if (result.outcome !== 'pass') break;
    }
    return unitTestVerdict(runs);
  };
}

/** The module name a Python file is imported under (`src/loader.py` → `loader`). */
export function moduleNameOf(filePath: string): string {
  return path.basename(filePath).replace(/\.pyw?$/, '');
}

/**
 * Which tests gate which file when several files are fixed at once: a test that imports a file's module (by the
 * sandbox's own module plan) gates that file; a test that imports none of them (`your_module`, bare names) gates
 * every file. Pure.
 */
export function testsForFile<T extends GateTest>(
  filePath: string,
  tests: readonly T[],
  allFiles: readonly string[],
): T[] {
  const modules = new Set(allFiles.map(moduleNameOf));
  const own = moduleNameOf(filePath);
  return tests.filter((test) => {
    const imported = planModules(test.source).moduleNames.filter((name) => modules.has(name));
    return imported.length === 0 || imported.includes(own);
  });
}

// The unit-test sandbox contract. This file imports nothing.

/** pass: every test passed. fail: an assertion failed. error: the code or test did not import, or a test raised.
 * timeout: the wall clock ran out. killed: memory, CPU time or a signal ended it. */
export type UnitTestOutcome = 'pass' | 'fail' | 'error' | 'timeout' | 'killed';

export const unitTestOutcomes: readonly UnitTestOutcome[] = ['pass', 'fail', 'error', 'timeout', 'killed'];

export interface SandboxLimits {
  /** Whole run, from spawn to exit; the sandbox's process tree is killed when it runs out. */
  readonly wallClockMs: number;
  /** RLIMIT_CPU: SIGXCPU at the limit (killed). */
  readonly cpuSeconds: number;
  /** RLIMIT_AS: allocations beyond it raise MemoryError (killed). */
  readonly memoryBytes: number;
  /** RLIMIT_NPROC inside the sandbox's user namespace: a fork bomb stops here. */
  readonly processes: number;
  /** RLIMIT_FSIZE: the largest file the code may write. */
  readonly fileSizeBytes: number;
  readonly openFiles: number;
  /** Size of each private tmpfs (/tmp and the working directory). */
  readonly scratchBytes: number;
  /** Kept per stream (stdout, stderr); the rest is drained and dropped. */
  readonly outputBytes: number;
}

/** A pytest file runs many parametrized tests (CWEval's ReDoS tests wait up to 4 s each): more time by default. */
export const pytestLimits: Partial<SandboxLimits> = { wallClockMs: 120_000, cpuSeconds: 30 };

export const defaultLimits: SandboxLimits = {
  wallClockMs: 10_000,
  cpuSeconds: 5,
  memoryBytes: 1024 * 1024 * 1024,
  processes: 32,
  fileSizeBytes: 16 * 1024 * 1024,
  openFiles: 256,
  scratchBytes: 64 * 1024 * 1024,
  outputBytes: 64 * 1024,
};

/** `unittest` suites (PythonSecurityEval) or pytest files (CWEval). */
export type TestFramework = 'unittest' | 'pytest';

export interface UnitTestRequest {
  /** The candidate code (untrusted). */
  readonly code: string;
  /** The unittest or pytest source. */
  readonly test: string;
  /** Default: `pytest` when the test imports pytest and defines no unittest.TestCase (see detectFramework). */
  readonly framework?: TestFramework;
  /** pytest only: a regular expression on test function names; matching tests are not run (not about the code). */
  readonly deselect?: string;
  /** Override the module names the code is importable under (default: planned from the test). */
  readonly moduleNames?: readonly string[];
  readonly limits?: Partial<SandboxLimits>;
  readonly signal?: AbortSignal;
}

export interface TestCounts {
  readonly testsRun: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

export interface TestDetail {
  readonly kind: 'error' | 'failure';
  readonly test: string;
  readonly traceback: string;
}

/** One pytest test (one parameter set of a parametrized test). */
export interface TestCase {
  /** `test_read_file_from_dir[a.txt-dir0-…]`. */
  readonly name: string;
  /** The test function, `test_read_file_from_dir`. */
  readonly function: string;
  /** pytest markers other than parametrize (CWEval: `functionality`, `security`). */
  readonly markers: readonly string[];
  /** The parameter set, each value as Python's repr. */
  readonly parameters: Readonly<Record<string, string>>;
  /** failed: an assertion in the test failed; error: the code, a fixture or the test raised. */
  readonly outcome: 'passed' | 'failed' | 'error' | 'skipped';
  /** `AssertionError: Unexpected result for …` (the exception and its message, never the test's source). */
  readonly message: string;
  /** pytest's report of the failure (may quote the test source: for people, not for the model). */
  readonly traceback: string;
}

export interface UnitTestResult {
  readonly outcome: UnitTestOutcome;
  /** One line: why this outcome (`3 of 4 tests passed`, `candidate: SyntaxError: …`, `memory limit`, …). */
  readonly reason: string;
  readonly counts: TestCounts;
  readonly details: readonly TestDetail[];
  readonly stdout: string;
  readonly stderr: string;
  readonly outputTruncated: boolean;
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** CPU time the runner and its children used, as the runner measured it (absent without a report). */
  readonly cpuMs?: number;
  readonly layout: 'import' | 'top-level';
  readonly moduleNames: readonly string[];
  readonly framework?: TestFramework;
  /** pytest: every test that ran, in order; absent for unittest and when the file never ran. */
  readonly cases?: readonly TestCase[];
}

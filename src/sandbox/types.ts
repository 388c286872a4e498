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

export interface UnitTestRequest {
  /** The candidate code (untrusted). */
  readonly code: string;
  /** The unittest source. */
  readonly test: string;
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
}

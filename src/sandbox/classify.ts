// The runner's JSON report (validated: it crosses a process boundary) and the pure outcome decision.
import { z } from 'zod';

import type { TestCounts, UnitTestOutcome } from './types.js';

const errorInfo = z.object({ type: z.string(), message: z.string(), traceback: z.string() });

/** One pytest test as the runner reports it (see TestCase in types.ts). */
export const testCaseSchema = z.object({
  name: z.string(),
  function: z.string(),
  markers: z.array(z.string()),
  parameters: z.record(z.string(), z.string()),
  outcome: z.enum(['passed', 'failed', 'error', 'skipped']),
  message: z.string(),
  traceback: z.string(),
});

export const runnerReportSchema = z.object({
  phase: z.enum(['setup', 'candidate', 'test-import', 'run', 'done']),
  testsRun: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  memoryError: z.boolean().optional(),
  cpuMs: z.number().nonnegative().optional(),
  error: errorInfo.optional(),
  details: z.array(z.object({ kind: z.enum(['error', 'failure']), test: z.string(), traceback: z.string() })),
  cases: z.array(testCaseSchema).optional(),
});

export type RunnerReport = z.infer<typeof runnerReportSchema>;

export interface RunEnd {
  readonly timedOut: boolean;
  /** The sandbox's exit code; bubblewrap reports a child killed by signal N as 128 + N. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** undefined when the report fd stayed empty; a string when it held something unparseable. */
  readonly report: RunnerReport | string | undefined;
}

export interface Classification {
  readonly outcome: UnitTestOutcome;
  readonly reason: string;
  readonly counts: TestCounts;
}

const noCounts: TestCounts = { testsRun: 0, failures: 0, errors: 0, skipped: 0 };

const signalNames: Record<number, string> = { 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 24: 'SIGXCPU', 25: 'SIGXFSZ' };

export function classifyRun(end: RunEnd): Classification {
  if (end.timedOut) return { outcome: 'timeout', reason: 'wall-clock limit reached', counts: noCounts };
  const report = end.report;
  if (report === undefined || typeof report === 'string') {
    const code = end.exitCode ?? -1;
    if (end.signal !== null) return { outcome: 'killed', reason: `killed by ${end.signal}`, counts: noCounts };
    if (code === 128 + 24) return { outcome: 'killed', reason: 'CPU-time limit reached', counts: noCounts };
    if (code > 128) {
      const number = code - 128;
      return { outcome: 'killed', reason: `killed by ${signalNames[number] ?? `signal ${number}`}`, counts: noCounts };
    }
    const why = report === undefined ? 'no report' : 'an unreadable report';
    return { outcome: 'error', reason: `exited with code ${code} and ${why}`, counts: noCounts };
  }
  const counts: TestCounts = {
    testsRun: report.testsRun,
    failures: report.failures,
    errors: report.errors,
    skipped: report.skipped,
  };
  const raised = report.error === undefined ? '' : `${report.error.type}: ${firstLine(report.error.message)}`;
  if (report.error?.type === 'MemoryError' || report.memoryError === true) {
    return { outcome: 'killed', reason: 'memory limit reached (MemoryError)', counts };
  }
  if (report.phase === 'candidate') return { outcome: 'error', reason: `code did not import: ${raised}`, counts };
  if (report.phase === 'test-import') return { outcome: 'error', reason: `test did not import: ${raised}`, counts };
  if (report.phase !== 'done') return { outcome: 'error', reason: `runner stopped: ${raised}`, counts };
  if (counts.testsRun === 0) return { outcome: 'error', reason: 'the test defines no test cases', counts };
  const passed = counts.testsRun - counts.failures - counts.errors - counts.skipped;
  const tally = `${passed} of ${counts.testsRun} tests passed`;
  if (counts.errors > 0) return { outcome: 'error', reason: `${tally}; ${counts.errors} raised`, counts };
  if (counts.failures > 0) return { outcome: 'fail', reason: `${tally}; ${counts.failures} failed`, counts };
  return { outcome: 'pass', reason: tally, counts };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

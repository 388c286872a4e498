// The repair loop's oracle: the static analyzers, the task's security tests, or both. With the tests, an Analyzer that
// scans with the static analyzers (Python's parse verdict always comes from them) and runs the task's pytest file in
// the sandbox: each failing security test becomes a finding (feedback.ts), and a file that could not run is one
// finding too — so a candidate is "clean" only when the chosen oracles pass. The functionality tests become the gate.
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import type { UnitTestRequest, UnitTestResult } from '../sandbox/types.js';
import { securityTestFindings, unrunnableFinding } from './feedback.js';
import { testVerdict } from './verdict.js';

export const oracleKinds = ['analyzers', 'tests', 'both'] as const;
export type OracleKind = (typeof oracleKinds)[number];

/** What the oracle needs of the sandbox (UnitTestSandbox satisfies it). */
export interface TestRunner {
  run(request: UnitTestRequest): Promise<UnitTestResult>;
}

export interface TaskTests {
  readonly text: string;
  readonly deselect?: string;
}

/** Runs one task's test file against code, once per distinct code text (the oracle, the gate and scoring share it). */
export type CachedTestRun = (code: string) => Promise<UnitTestResult>;

export function cachedTestRun(
  runner: () => Promise<TestRunner>,
  tests: TaskTests,
  signal?: AbortSignal,
): CachedTestRun {
  const runs = new Map<string, Promise<UnitTestResult>>();
  return (code) => {
    let pending = runs.get(code);
    if (pending === undefined) {
      pending = runner().then((sandbox) =>
        sandbox.run({
          code,
          test: tests.text,
          framework: 'pytest',
          ...(tests.deselect === undefined ? {} : { deselect: tests.deselect }),
          ...(signal === undefined ? {} : { signal }),
        }),
      );
      runs.set(code, pending);
      // A sandbox failure (not the code's) must not be remembered as the code's result.
      pending.catch(() => runs.delete(code));
    }
    return pending;
  };
}

/** The names a test file imports from the code under test (`from cwe_022_0_task import read_file_from_dir`). */
export function importedFunctions(testSource: string): string[] {
  const names: string[] = [];
  for (const match of testSource.matchAll(/^from\s+\w+_task\s+import\s+([\w\s,]+)$/gm)) {
    names.push(
      ...(match[1] ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    );
  }
  return names;
}

export interface OracleOptions {
  readonly oracle: OracleKind;
  /** The static analyzers (always scanned: they give Python's parse verdict). */
  readonly analyzer: Analyzer;
  readonly run: CachedTestRun;
  readonly tests: TaskTests;
  readonly cwe: number | null;
}

/** The oracle as an Analyzer; with `analyzers` it is the static analyzer itself. */
export function createOracleAnalyzer(options: OracleOptions): Analyzer {
  if (options.oracle === 'analyzers') return options.analyzer;
  const functions = importedFunctions(options.tests.text);
  const keepStatic = options.oracle === 'both';
  return {
    name: keepStatic ? `${options.analyzer.name}+security-tests` : 'security-tests',
    version: async () => `${await options.analyzer.version()}; security-tests`,
    close: () => Promise.resolve(),
    async scan(files: readonly SourceFile[], scanOptions?: ScanOptions): Promise<FileScanResult[]> {
      const scanned = await options.analyzer.scan(files, scanOptions);
      return Promise.all(
        scanned.map(async (result, index): Promise<FileScanResult> => {
          const file = files[index];
          if (result.status !== 'ok' || file === undefined) return result;
          const run = await options.run(file.text);
          const verdict = testVerdict(run);
          const ran = (run.cases ?? []).length > 0;
          const common = { code: file.text, path: file.path, cwe: options.cwe, functions };
          const fromTests = ran
            ? securityTestFindings({ ...common, failing: verdict.failingSecurity })
            : [unrunnableFinding({ ...common, reason: run.reason })];
          return { ...result, findings: [...(keepStatic ? result.findings : []), ...fromTests] };
        }),
      );
    },
  };
}

/** The functionality tests as the loop's gate (structurally a pipeline FunctionalGate). */
export function functionalityGate(
  run: CachedTestRun,
): (code: string) => Promise<{ passed: boolean; output: string; outcome: string }> {
  return async (code) => {
    const result = await run(code);
    const verdict = testVerdict(result);
    const failing = verdict.failingFunctionality.map(
      (test) => `${test.name}: ${test.outcome}: ${test.message || 'the assertion failed'}`,
    );
    return {
      passed: verdict.functional !== false,
      outcome: verdict.functional === false ? (result.outcome === 'pass' ? 'fail' : result.outcome) : 'pass',
      output: [`functionality tests: ${verdict.reason}`, ...failing.slice(0, 10)].join('\n'),
    };
  };
}

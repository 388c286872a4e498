// What a pytest run with CWEval-style markers says about one code version: functional (every `functionality` test
// passed), secure (every `security` test passed), and which tests failed. Pure. A file that did not run (the code or
// test did not import, a timeout, a kill, no code at all) is neither functional nor secure: it never counts as a pass.
import type { TestCase, UnitTestResult } from '../sandbox/types.js';

export const functionalityMarker = 'functionality';
export const securityMarker = 'security';

export interface TestVerdict {
  /** Null when the file has no functionality tests (then no claim is made). */
  readonly functional: boolean | null;
  /** Null when the file has no security tests. */
  readonly secure: boolean | null;
  /** Why, in one line (`2 of 3 security tests failed`, `code did not import: SyntaxError: …`). */
  readonly reason: string;
  readonly failingSecurity: readonly TestCase[];
  readonly failingFunctionality: readonly TestCase[];
}

/** True when the result is a pytest run whose tests carry the markers (the ones the verdict reads). */
export function hasMarkedTests(cases: readonly TestCase[] | undefined): boolean {
  return (cases ?? []).some(
    (test) => test.markers.includes(securityMarker) || test.markers.includes(functionalityMarker),
  );
}

export function testVerdict(result: Pick<UnitTestResult, 'outcome' | 'reason' | 'cases'>): TestVerdict {
  const cases = result.cases ?? [];
  if (cases.length === 0) {
    return { functional: false, secure: false, reason: result.reason, failingSecurity: [], failingFunctionality: [] };
  }
  const security = cases.filter((test) => test.markers.includes(securityMarker));
  // Unmarked tests count as functionality tests: they are about the code working, not about an attack.
  const functionality = cases.filter((test) => !test.markers.includes(securityMarker));
  const failed = (tests: readonly TestCase[]): TestCase[] => tests.filter((test) => test.outcome !== 'passed');
  const failingSecurity = failed(security);
  const failingFunctionality = failed(functionality);
  // A run cut short (timeout, kill) may hold only the tests that finished: what did not run did not pass.
  const complete = result.outcome === 'pass' || result.outcome === 'fail' || result.outcome === 'error';
  const parts = [
    security.length === 0 ? null : `${failingSecurity.length} of ${security.length} security tests failed`,
    functionality.length === 0
      ? null
      : `${failingFunctionality.length} of ${functionality.length} functionality tests failed`,
    complete ? null : result.reason,
  ].filter((part): part is string => part !== null);
  return {
    functional: functionality.length === 0 ? null : complete && failingFunctionality.length === 0,
    secure: security.length === 0 ? null : complete && failingSecurity.length === 0,
    reason: parts.join('; '),
    failingSecurity,
    failingFunctionality,
  };
}

/** A verdict for a code version with no code at all (generation gave none): nothing ran, nothing passed. */
export function noCodeVerdict(reason: string): TestVerdict {
  return { functional: false, secure: false, reason, failingSecurity: [], failingFunctionality: [] };
}

// The pure half of the gate's reuse: which of the gate's sandbox runs, if any, stands for the final code's test.
import { describe, expect, it } from 'vitest';

import { sha256 } from './manifest.js';
import { reusableGateOutcome, type GateSandboxRun } from './repair-gate.js';

const test = 'import unittest\n';
const gateRun = (code: string, outcome: 'pass' | 'fail', testSource = test): GateSandboxRun => ({
  codeSha256: sha256(code),
  testSha256: sha256(testSource),
  summary: { outcome, reason: outcome },
});

describe('reusableGateOutcome', () => {
  const runs = [gateRun('a = 1\n', 'fail'), gateRun('a = 2\n', 'pass'), gateRun('a = 3\n', 'pass', 'other test\n')];

  it('reuses the gate’s run on exactly the final code and test', () => {
    expect(reusableGateOutcome({ finalCode: 'a = 2\n', generatedCode: 'a = 0\n', test, runs })).toEqual({
      outcome: 'pass',
      reason: 'pass',
    });
  });

  it('does not when the code differs (even by whitespace), the test differs, or the code is the generated code', () => {
    expect(reusableGateOutcome({ finalCode: 'a = 2', generatedCode: 'a = 0\n', test, runs })).toBeNull();
    expect(reusableGateOutcome({ finalCode: 'a = 3\n', generatedCode: 'a = 0\n', test, runs })).toBeNull();
    expect(reusableGateOutcome({ finalCode: 'a = 1\n', generatedCode: 'a = 1\n', test, runs })).toBeNull();
    expect(reusableGateOutcome({ finalCode: 'a = 2\n', generatedCode: 'a = 0\n', test, runs: [] })).toBeNull();
  });
});

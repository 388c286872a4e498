import { describe, expect, it } from 'vitest';

import { scanSource } from '../analyzers/builtin/index.js';
import { checkGuards } from '../pipeline/guards.js';
import { applySuppressions, parseSuppressions } from './index.js';

const code = `import subprocess
from flask import request


def run():
    cmd = request.args.get("cmd")
    return subprocess.check_output(cmd, shell=True)  # fdsp: ignore[FDSP-PY-CMDI-001] admin-only tool, cmd is allow-listed upstream


def shout():
    text = "# fdsp: ignore[FDSP-PY-CMDI-001] inside a string is not a comment"
    return text
`;

describe('human suppressions', () => {
  it('parse only comments, with their rule ids and reason', () => {
    expect(parseSuppressions(code)).toEqual([
      { line: 7, ruleIds: ['FDSP-PY-CMDI-001'], reason: 'admin-only tool, cmd is allow-listed upstream' },
    ]);
    expect(parseSuppressions('x = 1  # fdsp: ignore[B101, B602]\n')).toEqual([
      { line: 1, ruleIds: ['B101', 'B602'], reason: '' },
    ]);
  });

  it('silence the named rule on that line only when a reason is given, and list it as suppressed', () => {
    const findings = scanSource('run.py', code);
    const ruleIds = findings.map((finding) => finding.ruleId);
    expect(ruleIds).toContain('FDSP-PY-CMDI-001');
    const outcome = applySuppressions([{ path: 'run.py', status: 'ok', findings }], new Map([['run.py', code]]));
    expect(outcome.results[0]?.findings.map((finding) => finding.ruleId)).not.toContain('FDSP-PY-CMDI-001');
    expect(outcome.suppressed.map(({ finding, reason }) => [finding.ruleId, finding.line, reason])).toEqual([
      ['FDSP-PY-CMDI-001', 7, 'admin-only tool, cmd is allow-listed upstream'],
    ]);

    const unjustified = code.replace(' admin-only tool, cmd is allow-listed upstream', '');
    const bare = applySuppressions(
      [{ path: 'run.py', status: 'ok', findings: scanSource('run.py', unjustified) }],
      new Map([['run.py', unjustified]]),
    );
    expect(bare.results[0]?.findings.map((finding) => finding.ruleId)).toContain('FDSP-PY-CMDI-001');
    expect(bare.suppressed).toEqual([]);
    expect(bare.unjustified).toEqual([{ path: 'run.py', line: 7, ruleIds: ['FDSP-PY-CMDI-001'] }]);
  });

  it('are rejected by the guards when a model adds one to a candidate', () => {
    const original = code.replace(/ {2}# fdsp: ignore.*$/m, '');
    const verdict = checkGuards(original, code);
    expect(verdict.passed).toBe(false);
    expect(verdict.violations.map((violation) => violation.kind)).toEqual(['suppression-added']);
  });
});

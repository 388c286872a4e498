import { describe, expect, it } from 'vitest';

import { fingerprintFindings, snippetOf } from './fingerprint.js';

const original = `import os

def run(command):
    os.system(command)
    return True
`;

describe('fingerprintFindings', () => {
  it('stays the same when unrelated lines are added above the finding', () => {
    const [before] = fingerprintFindings(original, [{ ruleId: 'B605', line: 4 }]);
    const shifted = `import os\nimport sys\n\nLIMIT = 3\n\n\ndef run(command):\n    # run it\n    os.system(command)\n    return True\n`;
    const [after] = fingerprintFindings(shifted, [{ ruleId: 'B605', line: 9 }]);
    expect(after).toBe(before);
  });

  it('ignores whitespace and trailing comments in the flagged statement', () => {
    const [before] = fingerprintFindings(original, [{ ruleId: 'B605', line: 4 }]);
    const [after] = fingerprintFindings(original.replace('os.system(command)', 'os.system( command )  # nosec'), [
      { ruleId: 'B605', line: 4 },
    ]);
    expect(after).toBe(before);
  });

  it('changes with the rule, the statement, or the enclosing function', () => {
    const [base] = fingerprintFindings(original, [{ ruleId: 'B605', line: 4 }]);
    const [otherRule] = fingerprintFindings(original, [{ ruleId: 'B607', line: 4 }]);
    const [otherCode] = fingerprintFindings(original.replace('os.system(command)', 'os.system(other)'), [
      { ruleId: 'B605', line: 4 },
    ]);
    const [otherScope] = fingerprintFindings(original.replace('def run', 'def execute'), [{ ruleId: 'B605', line: 4 }]);
    expect(new Set([base, otherRule, otherCode, otherScope]).size).toBe(4);
  });

  it('uses only the header of a compound statement', () => {
    const code = 'def f(p):\n    with open(p) as handle:\n        data = handle.read()\n';
    const [before] = fingerprintFindings(code, [{ ruleId: 'R', line: 2 }]);
    const [after] = fingerprintFindings(code.replace('handle.read()', 'handle.read(10)'), [{ ruleId: 'R', line: 2 }]);
    expect(after).toBe(before);
  });

  it('keeps identical findings apart by occurrence', () => {
    const code = 'eval(x)\neval(x)\n';
    const fingerprints = fingerprintFindings(code, [
      { ruleId: 'B307', line: 1 },
      { ruleId: 'B307', line: 2 },
    ]);
    expect(new Set(fingerprints).size).toBe(2);
  });
});

describe('snippetOf', () => {
  it('returns the flagged lines, capped', () => {
    expect(snippetOf('a\nb\nc\n', 2, 3)).toBe('b\nc');
    expect(snippetOf('a\nb\nc\nd\n', 1, 4, 2)).toBe('a\nb');
  });
});

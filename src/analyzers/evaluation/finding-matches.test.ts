import { describe, expect, it } from 'vitest';

import type { FileScanResult } from '../types.js';
import { cweMatches, findingMatches, unparseableRuleId } from './cwe-equivalence.js';
import { flagged } from './metrics.js';
import { scannedFindings } from './scanned-findings.js';

describe('a finding counts for a target by its CWE or by its check', () => {
  it("counts Bandit's XML-attack checks for the XML weaknesses they document, not for input validation at large", () => {
    const lxmlParse = { analyzer: 'bandit', ruleId: 'B320', cwe: 20 };
    expect(findingMatches(611, lxmlParse)).toBe(true);
    expect(findingMatches(776, lxmlParse)).toBe(true);
    expect(findingMatches(827, { analyzer: 'bandit', ruleId: 'B317', cwe: 20 })).toBe(true);
    // an import warning parses nothing: it keeps its own tag only
    expect(findingMatches(611, { analyzer: 'bandit', ruleId: 'B410', cwe: 20 })).toBe(false);
    expect(findingMatches(20, lxmlParse)).toBe(true); // its own tag still counts
    expect(findingMatches(89, lxmlParse)).toBe(false);
  });

  it('refines only the named check of the named analyzer', () => {
    // another Bandit check tagged CWE-20 (B506, yaml.load) is not an XML check
    expect(findingMatches(611, { analyzer: 'bandit', ruleId: 'B506', cwe: 20 })).toBe(false);
    // a rule of another analyzer that happens to share the id is not Bandit's check
    expect(findingMatches(611, { analyzer: 'semgrep', ruleId: 'B320', cwe: 20 })).toBe(false);
    // without rule identity only the CWE decides
    expect(findingMatches(611, { cwe: 20 })).toBe(false);
  });

  it("replaces a tag that names another weakness than the check's subject", () => {
    const pycryptoImport = { analyzer: 'bandit', ruleId: 'B413', cwe: 327 };
    expect(findingMatches(327, pycryptoImport)).toBe(false);
    expect(findingMatches(1104, pycryptoImport)).toBe(true);
    // the cipher checks that read the algorithm keep their tag
    expect(findingMatches(327, { analyzer: 'bandit', ruleId: 'B304', cwe: 327 })).toBe(true);
    // a partial executable path is an untrusted search path, not command injection
    const partialPath = { analyzer: 'bandit', ruleId: 'B607', cwe: 78 };
    expect(findingMatches(78, partialPath)).toBe(false);
    expect(findingMatches(426, partialPath)).toBe(true);
    expect(findingMatches(78, { analyzer: 'bandit', ruleId: 'B602', cwe: 78 })).toBe(true);
  });

  it('counts code the analyzer could not parse as flagged for any target, and only that', () => {
    expect(findingMatches(327, { analyzer: 'bandit', ruleId: unparseableRuleId, cwe: null })).toBe(true);
    expect(findingMatches(327, { analyzer: 'bandit', ruleId: 'B101', cwe: null })).toBe(false);
  });
});

describe('directed extras follow the hierarchy below the listed weakness', () => {
  it('counts an injection finding, at any depth below CWE-74, as the missing output encoding', () => {
    expect(cweMatches(116, 78)).toBe(true); // 78 → 77 → 74
    expect(cweMatches(116, 89)).toBe(true); // 89 → 943 → 74
    expect(cweMatches(116, 117)).toBe(true); // a ChildOf edge: log neutralization is output encoding
    expect(cweMatches(116, 22)).toBe(false); // path traversal is no injection in MITRE's views
    expect(cweMatches(78, 116)).toBe(false); // never the reverse: missing encoding is not a command injection
  });

  it('counts a path steered by the request for the direct-request task, and nothing else for it', () => {
    expect(cweMatches(425, 22)).toBe(true);
    expect(cweMatches(425, 23)).toBe(true);
    expect(cweMatches(425, 78)).toBe(false);
    expect(cweMatches(22, 425)).toBe(false);
  });
});

describe('scanned findings', () => {
  const syntaxError: FileScanResult = {
    path: 'prose.py',
    status: 'syntax-error',
    error: { message: 'SyntaxError: invalid syntax', line: 3 },
    findings: [],
  };

  it('turns a syntax error into a rejection the metrics count as flagged', () => {
    const findings = scannedFindings('bandit', syntaxError);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ analyzer: 'bandit', ruleId: unparseableRuleId, line: 3, path: 'prose.py' });
    expect(flagged(findings, 'target', 798)).toBe(true);
    expect(flagged(findings, 'any', 0)).toBe(true);
  });

  it('adds nothing to a file that parsed, and nothing for an analyzer failure that is not the code', () => {
    expect(scannedFindings('builtin', { path: 'ok.py', status: 'ok', findings: [] })).toEqual([]);
    const failed: FileScanResult = { path: 'x.py', status: 'error', error: { message: 'worker died' }, findings: [] };
    expect(flagged(scannedFindings('bandit', failed), 'target', 78)).toBe(false);
  });
});

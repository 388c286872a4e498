// Test support: a finding as an engine would report it, for the pure policy functions' tests.
import type { Finding } from '../types.js';

export function findingOf(analyzer: string, ruleId: string, cwe: number | null, line: number): Finding {
  return {
    analyzer,
    ruleId,
    ruleName: ruleId,
    cwe,
    severity: 'low',
    confidence: 'high',
    message: '',
    path: 'a.py',
    line,
    endLine: line,
    snippet: '',
    fingerprint: `${analyzer}:${ruleId}:${String(line)}`,
  };
}

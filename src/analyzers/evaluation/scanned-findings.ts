// What the evaluation reads from one scan result, pure: the findings, plus a rejection when the analyzer could not
// parse the file. A repair that is not Python (prose, a truncated block) is never a fix: the repair loop rejects the
// round (pipeline/decision.ts, `rejected-syntax`), so the detector's verdict on it is "not secure" whatever the task.
import type { FileScanResult, Finding } from '../types.js';
import { unparseableRuleId } from './cwe-equivalence.js';

export function scannedFindings(analyzer: string, result: FileScanResult): Finding[] {
  if (result.status !== 'syntax-error') return [...result.findings];
  const line = result.error?.line ?? 1;
  return [
    ...result.findings,
    {
      analyzer,
      ruleId: unparseableRuleId,
      ruleName: 'unparseable-code',
      cwe: null,
      severity: 'high',
      confidence: 'high',
      message: `the code does not parse: ${result.error?.message ?? 'syntax error'}`,
      path: result.path,
      line,
      endLine: line,
      snippet: '',
      fingerprint: `${unparseableRuleId}:${result.path}`,
    },
  ];
}

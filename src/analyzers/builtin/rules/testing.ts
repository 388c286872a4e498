// Test support for rule files: the ids of one rule's findings on a snippet, so a test states exactly what fires.
import { scanSource } from '../builtin-analyzer.js';

export function ruleIds(code: string, id: string): string[] {
  return scanSource('t.py', code)
    .map((finding) => finding.ruleId)
    .filter((ruleId) => ruleId === id);
}

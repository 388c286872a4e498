import { describe, expect, it } from 'vitest';

import { falseAlarms, falseAlarmsPerRule, formatFalseAlarms } from './false-alarms.js';

const samples = [
  { id: 'safe.py', targetCwe: 78, vulnerable: false },
  { id: 'other-safe.py', targetCwe: 78, vulnerable: false },
  { id: 'vulnerable.py', targetCwe: 78, vulnerable: true },
];
const finding = (ruleId: string, cwe: number, line: number) => ({ analyzer: 'builtin', ruleId, cwe, line });

describe('falseAlarms', () => {
  const findings = new Map([
    ['safe.py', [finding('CMDI-001', 78, 3), finding('CMDI-001', 78, 9), finding('LOG-001', 117, 4)]],
    ['other-safe.py', [finding('CMDI-001', 78, 2)]],
    ['vulnerable.py', [finding('CMDI-001', 78, 1)]],
  ]);

  it('lists target-CWE findings on safe files only, and not findings of another CWE', () => {
    const alarms = falseAlarms(samples, findings);
    expect(alarms.map((alarm) => `${alarm.file}:${String(alarm.finding.line)}`)).toEqual([
      'safe.py:3',
      'safe.py:9',
      'other-safe.py:2',
    ]);
  });

  it('counts files per rule, once per file', () => {
    expect([...falseAlarmsPerRule(falseAlarms(samples, findings))]).toEqual([['builtin:CMDI-001', 2]]);
  });

  it('prints the rule, the file and the line of each alarm', () => {
    const text = formatFalseAlarms('test', falseAlarms(samples, findings));
    expect(text).toContain('2 safe files flagged');
    expect(text).toContain('builtin:CMDI-001 CWE-78 (target CWE-78) other-safe.py:2');
  });
});

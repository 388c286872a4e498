import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { cweName, describeCwe, parseCweId } from './cwe-names.js';

const shared = process.env.FDSP_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');

describe('CWE names', () => {
  it('names every CWE in SecurityEval', () => {
    const lines = readFileSync(path.join(shared, 'datasets/securityeval/dataset.jsonl'), 'utf8').split('\n');
    const ids = new Set(
      lines.filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { ID: string }).ID.split('_')[0]!),
    );
    expect(ids.size).toBeGreaterThan(60);
    const missing = [...ids].filter((id) => cweName(parseCweId(id) ?? -1) === undefined);
    expect(missing).toEqual([]);
  });

  it('agrees with the CWE names LLMSecEval carries', () => {
    const tasks = JSON.parse(readFileSync(path.join(shared, 'datasets/llmseceval/LLMSecEval.json'), 'utf8')) as {
      'Promot ID': string;
      'CWE Name': string;
    }[];
    for (const task of tasks) {
      const cwe = parseCweId(task['Promot ID'].split('_')[0]!);
      expect(cwe).not.toBeNull();
      expect(cweName(cwe!)).toBe(task['CWE Name'].trim());
    }
  });

  it('formats the agent-study phrase and parses ids', () => {
    expect(describeCwe(89)).toBe(
      "CWE-89 (Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection'))",
    );
    expect(describeCwe(99999)).toBe('CWE-99999');
    expect(parseCweId('CWE-020')).toBe(20);
    expect(parseCweId('cwe_89')).toBe(89);
    expect(parseCweId('SQL')).toBeNull();
  });
});

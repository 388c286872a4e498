// The custom task format: JSON Lines, one task per line (documented in README.md, "Custom datasets").
import { z } from 'zod';

import { parseCwe, splitJsonLines } from './records.js';
import { describeZodError } from './securityeval.js';
import type { DatasetProblem, LoadedDataset, Task } from './types.js';

const customRow = z.strictObject({
  id: z.union([z.string().min(1), z.number().int()]),
  prompt: z.string().min(1),
  kind: z.enum(['completion-stub', 'natural-language']).optional(),
  cwe: z.union([z.number().int().positive(), z.string().regex(/^(?:CWE-)?\d+$/i)]).optional(),
  cweName: z.string().optional(),
  insecureCode: z.string().optional(),
  unitTest: z.string().optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export function parseCustomDataset(text: string, file: string, name: string): LoadedDataset {
  const split = splitJsonLines(text, file);
  const problems: DatasetProblem[] = [...split.problems];
  const tasks: Task[] = [];
  const seen = new Set<string>();
  for (const record of split.records) {
    const row = customRow.safeParse(record.value);
    if (!row.success) {
      problems.push({ file, line: record.line, message: describeZodError(row.error) });
      continue;
    }
    const data = row.data;
    const id = String(data.id);
    if (seen.has(id)) {
      problems.push({ file, line: record.line, message: `duplicate id ${id}` });
      continue;
    }
    seen.add(id);
    const cwe = data.cwe === undefined ? undefined : parseCwe(data.cwe);
    tasks.push({
      dataset: name,
      id,
      prompt: data.prompt,
      kind: data.kind ?? 'natural-language',
      ...(cwe === undefined ? {} : { cwe }),
      ...(data.cweName === undefined ? {} : { cweName: data.cweName }),
      ...(data.insecureCode === undefined ? {} : { insecureCode: data.insecureCode }),
      ...(data.unitTest === undefined ? {} : { unitTest: { path: `${file}:${record.line}`, text: data.unitTest } }),
      metadata: data.metadata ?? {},
    });
  }
  return { name, tasks, problems, warnings: [] };
}

// SecurityEval (s2e-lab/SecurityEval) `dataset.jsonl`: one function stub per line; the CWE is in the ID.
import { z } from 'zod';

import { parseCwe, splitJsonLines } from './records.js';
import type { DatasetProblem, LoadedDataset, Task } from './types.js';

const securityEvalRow = z.object({
  ID: z.string().min(1),
  Prompt: z.string().min(1),
  Insecure_code: z.string(),
});

export function parseSecurityEval(text: string, file: string): LoadedDataset {
  const split = splitJsonLines(text, file);
  const problems: DatasetProblem[] = [...split.problems];
  const tasks: Task[] = [];
  const seen = new Set<string>();
  for (const record of split.records) {
    const row = securityEvalRow.safeParse(record.value);
    if (!row.success) {
      problems.push({ file, line: record.line, message: describeZodError(row.error) });
      continue;
    }
    const { ID: id, Prompt: prompt, Insecure_code: insecureCode } = row.data;
    if (seen.has(id)) {
      problems.push({ file, line: record.line, message: `duplicate ID ${id}` });
      continue;
    }
    seen.add(id);
    const cwe = parseCwe(id);
    // `CWE-020_author_1.py` → origin `author` (author, codeql, mitre, pearce, sonar, …).
    const origin = /^CWE-\d+_([a-z]+)_/i.exec(id)?.[1];
    tasks.push({
      dataset: 'securityeval',
      id,
      prompt,
      kind: 'completion-stub',
      ...(cwe === undefined ? {} : { cwe }),
      insecureCode,
      metadata: origin === undefined ? {} : { origin },
    });
  }
  return { name: 'securityeval', tasks, problems, warnings: [] };
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

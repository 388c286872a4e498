// LLMSecEval: natural-language prompts "Generate <language> code for the following: …". Both the FDSP study's
// `LLMSecEval.json` (Kamel773/LLM-code-refine) and the upstream release (tuhh-softsec/LLMSecEval) load here.
import { z } from 'zod';

import { parseCwe, splitJsonArray } from './records.js';
import { describeZodError } from './securityeval.js';
import type { DatasetProblem, LoadedDataset, Task } from './types.js';

const ratings = {
  Naturalness: z.number().optional(),
  Expressiveness: z.number().optional(),
  Adequacy: z.number().optional(),
  Conciseness: z.number().optional(),
};

const studyRow = z.object({
  'Promot ID': z.string().min(1),
  'CWE Name': z.string(),
  'NL Prompt': z.string().min(1),
  Filename: z.string().optional(),
  Language: z.string().optional(),
  Vulnerable: z.union([z.string(), z.boolean()]).optional(),
  ...ratings,
});

const releaseRow = z.object({
  'Prompt ID': z.string().min(1),
  'CWE Name': z.string(),
  'LLM-generated NL Prompt': z.string().min(1),
  'Manually-fixed NL Prompt': z.string().optional(),
  Filename: z.string().optional(),
  Language: z.string().optional(),
  Vulnerable: z.union([z.string(), z.boolean()]).optional(),
  ...ratings,
});

// Upstream spells it `<language>` and, twice, `<lanuage>`.
const languagePlaceholder = /<lan[a-z]*age>/gi;

export function substituteLanguage(prompt: string, language: string): string {
  return prompt.replace(languagePlaceholder, language);
}

export interface LlmSecEvalOptions {
  /** What `<language>` becomes; the FDSP study asked for Python for every prompt, C ones included. */
  readonly language?: string;
}

export function parseLlmSecEval(text: string, file: string, options: LlmSecEvalOptions = {}): LoadedDataset {
  const language = options.language ?? 'Python';
  const split = splitJsonArray(text, file);
  const problems: DatasetProblem[] = [...split.problems];
  const warnings: DatasetProblem[] = [];
  const tasks: Task[] = [];
  const seen = new Map<string, number>();
  for (const record of split.records) {
    const normalized = normalizeRow(record.value);
    if (!normalized.ok) {
      problems.push({ file, line: record.line, message: normalized.message });
      continue;
    }
    const row = normalized.row;
    // The study's file lists CWE-522_IPC-3a twice (two different scenarios): keep both, number the second.
    const count = (seen.get(row.id) ?? 0) + 1;
    seen.set(row.id, count);
    const id = count === 1 ? row.id : `${row.id}~${count}`;
    if (count > 1) warnings.push({ file, line: record.line, message: `duplicate ID ${row.id} kept as ${id}` });
    const cwe = parseCwe(row.id);
    const metadata: Record<string, string | number | boolean> = {};
    if (row.sourceLanguage !== undefined) metadata.sourceLanguage = row.sourceLanguage;
    if (row.filename !== undefined) metadata.filename = row.filename;
    if (row.vulnerable !== undefined) metadata.referenceVulnerable = row.vulnerable;
    if (count > 1) metadata.duplicateOf = row.id;
    tasks.push({
      dataset: 'llmseceval',
      id,
      prompt: substituteLanguage(row.prompt, language),
      kind: 'natural-language',
      ...(cwe === undefined ? {} : { cwe }),
      cweName: row.cweName,
      metadata,
    });
  }
  return { name: 'llmseceval', tasks, problems, warnings };
}

interface NormalizedRow {
  readonly id: string;
  readonly prompt: string;
  readonly cweName: string;
  readonly sourceLanguage?: string;
  readonly filename?: string;
  readonly vulnerable?: boolean;
}

function normalizeRow(value: unknown): { ok: true; row: NormalizedRow } | { ok: false; message: string } {
  const study = studyRow.safeParse(value);
  if (study.success) {
    const data = study.data;
    return {
      ok: true,
      row: {
        id: data['Promot ID'],
        prompt: data['NL Prompt'],
        cweName: data['CWE Name'],
        ...optional('sourceLanguage', data.Language),
        ...optional('filename', data.Filename),
        ...optional('vulnerable', toBoolean(data.Vulnerable)),
      },
    };
  }
  const release = releaseRow.safeParse(value);
  if (release.success) {
    const data = release.data;
    return {
      ok: true,
      row: {
        id: data['Prompt ID'],
        // The release's manually fixed wording is the one its authors recommend.
        prompt: data['Manually-fixed NL Prompt'] ?? data['LLM-generated NL Prompt'],
        cweName: data['CWE Name'],
        ...optional('sourceLanguage', data.Language),
        ...optional('filename', data.Filename),
        ...optional('vulnerable', toBoolean(data.Vulnerable)),
      },
    };
  }
  return { ok: false, message: describeZodError(study.error) };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function toBoolean(value: string | boolean | undefined): boolean | undefined {
  if (typeof value === 'boolean' || value === undefined) return value;
  const upper = value.trim().toUpperCase();
  if (upper === 'TRUE') return true;
  if (upper === 'FALSE') return false;
  return undefined;
}

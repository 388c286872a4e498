// PythonSecurityEval (Kamel773/LLM-code-refine data/PythonSecurityEval): `<id>/text.txt` holds the prompt and
// `<id>/unit_test.py`, when present, a unittest suite for the code. The dataset names no CWE.
import { parseCsv } from './records.js';
import type { DatasetProblem, LoadedDataset, Task } from './types.js';

export const pythonSecurityEvalCsv = 'Prompts_and_PostID_from_StackOverflow.csv';

export interface PythonSecurityEvalEntry {
  readonly id: string;
  /** `<id>/text.txt`, or undefined when the folder lacks it. */
  readonly prompt?: { readonly path: string; readonly text: string };
  readonly unitTest?: { readonly path: string; readonly text: string };
}

export function buildPythonSecurityEval(
  entries: readonly PythonSecurityEvalEntry[],
  csv?: { readonly path: string; readonly text: string },
): LoadedDataset {
  const problems: DatasetProblem[] = [];
  const sources = csv === undefined ? new Map<string, SourcePost>() : readSourcePosts(csv.text, csv.path, problems);
  const tasks: Task[] = [];
  const ordered = [...entries].sort(
    (left, right) => Number(left.id) - Number(right.id) || left.id.localeCompare(right.id),
  );
  for (const entry of ordered) {
    if (entry.prompt === undefined) {
      problems.push({ file: entry.id, line: 0, message: 'folder has no text.txt' });
      continue;
    }
    const prompt = entry.prompt.text.trim();
    if (prompt === '') {
      problems.push({ file: entry.prompt.path, line: 1, message: 'empty prompt' });
      continue;
    }
    const source = sources.get(entry.id);
    const metadata: Record<string, string> = {};
    if (source?.url) metadata.stackOverflowUrl = source.url;
    if (source?.note) metadata.sourceNote = source.note;
    tasks.push({
      dataset: 'pythonsecurityeval',
      id: entry.id,
      prompt,
      kind: 'natural-language',
      ...(entry.unitTest === undefined ? {} : { unitTest: entry.unitTest }),
      metadata,
    });
  }
  return { name: 'pythonsecurityeval', tasks, problems, warnings: [] };
}

interface SourcePost {
  readonly url: string;
  readonly note: string;
}

/** `dataset_id,prompt,stackoverflow_url,<note>` → id → post. */
function readSourcePosts(text: string, file: string, problems: DatasetProblem[]): Map<string, SourcePost> {
  const posts = new Map<string, SourcePost>();
  const rows = parseCsv(text);
  for (const row of rows.slice(1)) {
    const [id, , url, note] = row.fields;
    if (id === undefined || !/^\d+$/.test(id.trim()) || url === undefined) {
      problems.push({ file, line: row.line, message: 'expected dataset_id,prompt,stackoverflow_url,…' });
      continue;
    }
    posts.set(id.trim(), { url: url.trim(), note: (note ?? '').trim() });
  }
  return posts;
}

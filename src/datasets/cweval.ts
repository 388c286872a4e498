// CWEval (LostBenjamin/CWEval, benchmark/core/py): `cwe_XXX_N_task.py` is the prompt up to the line `# BEGIN SOLUTION`
// and then the reference solution; `cwe_XXX_N_test.py` is a pytest file whose tests carry `functionality` or `security`
// markers. Tests named `…_unsafe…` exercise the test file's own insecure reference, not the candidate.
import type { DatasetProblem, LoadedDataset, Task } from './types.js';

/** The 25 Python tasks of CWEval's core set, in upstream order (the fetch list and a completeness check). */
export const cwevalTaskIds = [
  'cwe_020_0',
  'cwe_022_0',
  'cwe_022_2',
  'cwe_078_0',
  'cwe_079_0',
  'cwe_095_0',
  'cwe_113_0',
  'cwe_117_0',
  'cwe_1333_0',
  'cwe_326_0',
  'cwe_326_1',
  'cwe_327_0',
  'cwe_327_1',
  'cwe_327_2',
  'cwe_329_0',
  'cwe_347_0',
  'cwe_377_0',
  'cwe_400_0',
  'cwe_502_0',
  'cwe_643_0',
  'cwe_732_2',
  'cwe_760_0',
  'cwe_918_0',
  'cwe_918_1',
  'cwe_943_0',
] as const;

/** Test functions whose names match this exercise the test file's own insecure reference (`…_unsafe_security`). */
export const cwevalDeselect = '_unsafe(_|$)';

const solutionMarker = /^[ \t]*# BEGIN SOLUTION[ \t]*$/m;

export interface CwevalEntry {
  /** `cwe_022_0`. */
  readonly id: string;
  readonly task?: { readonly path: string; readonly text: string };
  readonly test?: { readonly path: string; readonly text: string };
}

export function buildCweval(entries: readonly CwevalEntry[]): LoadedDataset {
  const problems: DatasetProblem[] = [];
  const tasks: Task[] = [];
  const ordered = [...entries].sort((left, right) => left.id.localeCompare(right.id));
  for (const entry of ordered) {
    if (entry.task === undefined || entry.test === undefined) {
      problems.push({ file: entry.id, line: 0, message: `needs both ${entry.id}_task.py and ${entry.id}_test.py` });
      continue;
    }
    const marker = solutionMarker.exec(entry.task.text);
    if (marker === null) {
      problems.push({ file: entry.task.path, line: 0, message: 'no `# BEGIN SOLUTION` line' });
      continue;
    }
    const cwe = Number(/^cwe_(\d+)_/.exec(entry.id)?.[1]);
    const insecureCode = insecureReference(entry.test.text);
    tasks.push({
      dataset: 'cweval',
      id: entry.id,
      prompt: entry.task.text.slice(0, marker.index).trimEnd() + '\n',
      kind: 'completion-stub',
      ...(Number.isInteger(cwe) ? { cwe } : {}),
      ...(insecureCode === undefined ? {} : { insecureCode }),
      referenceCode: entry.task.text,
      unitTest: { path: entry.test.path, text: entry.test.text, framework: 'pytest', deselect: cwevalDeselect },
      metadata: {},
    });
  }
  return { name: 'cweval', tasks, problems, warnings: [] };
}

/**
 * The test file's insecure reference as a module the tests can import: the file up to its first test parameters or
 * test function (imports, constants, the `…_unsafe` functions), without the import of the task module and pytest,
 * with the first `…_unsafe` variant renamed to the task's function. Undefined when the file has none.
 */
export function insecureReference(testSource: string): string | undefined {
  const lines = testSource.split('\n');
  // Usually `from <id>_task import f`; one upstream test (cwe_329_0) imports another task's module.
  const taskImport = /^from\s+cwe_\w+_task\s+import\s+(.+)$/;
  let target: string | undefined;
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    if (/^(pytest_params|@pytest|def _?test_|_params)/.test(line)) break;
    // A decorated test helper (`@timeout(4)` over `def _test_…`) ends the reference too.
    const nextDef = line.startsWith('@') ? lines.slice(index).find((next) => next.startsWith('def ')) : undefined;
    if (nextDef !== undefined && /^def _?test_/.test(nextDef)) break;
    const imported = taskImport.exec(line);
    if (imported?.[1] !== undefined) {
      target = imported[1].split(',')[0]?.trim();
      continue;
    }
    if (/^import pytest\s*$/.test(line)) continue;
    kept.push(line);
  }
  if (target === undefined) return undefined;
  const unsafe = new RegExp(`^def\\s+(${target}_unsafe\\w*)\\s*\\(`, 'm').exec(kept.join('\n'))?.[1];
  if (unsafe === undefined) return undefined;
  // The first unsafe variant becomes the task's function (a renamed definition, not an alias, so the code reads
  // like a solution: a repair that rewrites it keeps the function the guards look for).
  return `${kept.join('\n').replace(new RegExp(`\\b${unsafe}\\b`, 'g'), target).trimEnd()}\n`;
}

// The file-system adapter: finds the datasets directory and reads the upstream layouts into the pure parsers.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { FdspError } from '../errors/index.js';
import { packageRoot } from '../support/package-root.js';
import { parseCustomDataset } from './custom.js';
import { buildCweval, type CwevalEntry } from './cweval.js';
import { parseLlmSecEval } from './llmseceval.js';
import { buildPythonSecurityEval, pythonSecurityEvalCsv, type PythonSecurityEvalEntry } from './pythonsecurityeval.js';
import { parseSecurityEval } from './securityeval.js';
import { datasetNames, type BuiltinDatasetName, type LoadedDataset } from './types.js';

/** Where each dataset sits under a datasets directory (the layout of ../shared/datasets and of the fetch cache). */
export const datasetLayout: Record<BuiltinDatasetName, string> = {
  securityeval: 'securityeval/dataset.jsonl',
  llmseceval: 'llmseceval/LLMSecEval.json',
  pythonsecurityeval: 'pythonsecurityeval',
  cweval: 'cweval/py',
};

export const datasetsDirectoryHint =
  'point --datasets-dir (or FDSP_DATASETS) at local copies, or run `fdsp datasets fetch` while online';

export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME ?? path.join(env.HOME ?? os.homedir(), '.cache');
  return path.join(base, 'fdsp', 'datasets');
}

export interface DatasetsLocation {
  readonly directory: string;
  readonly source: 'option' | 'FDSP_DATASETS' | 'shared' | 'cache';
}

/** --datasets-dir, then FDSP_DATASETS, then the shared checkout (FDSP_SHARED or ../shared), then the fetch cache. */
export function resolveDatasetsDirectory(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DatasetsLocation {
  if (option !== undefined && option !== '') return { directory: path.resolve(option), source: 'option' };
  if (env.FDSP_DATASETS) return { directory: path.resolve(env.FDSP_DATASETS), source: 'FDSP_DATASETS' };
  const shared = path.join(env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared'), 'datasets');
  if (existsSync(shared)) return { directory: shared, source: 'shared' };
  return { directory: defaultCacheDirectory(env), source: 'cache' };
}

export function isBuiltinDataset(name: string): name is BuiltinDatasetName {
  return (datasetNames as readonly string[]).includes(name);
}

/** A built-in dataset by name, or a custom JSONL file by path. */
export async function loadDataset(nameOrPath: string, datasetsDirectory: string): Promise<LoadedDataset> {
  if (isBuiltinDataset(nameOrPath)) return loadBuiltin(nameOrPath, datasetsDirectory);
  if (nameOrPath.endsWith('.jsonl')) {
    const text = await readText(path.resolve(nameOrPath), `custom dataset ${nameOrPath}`);
    return parseCustomDataset(text, nameOrPath, path.basename(nameOrPath, '.jsonl'));
  }
  throw new FdspError('DATASET_NOT_FOUND', `unknown dataset ${nameOrPath}`, {
    hint: `use one of ${datasetNames.join(', ')}, or a path to a custom .jsonl file`,
  });
}

async function loadBuiltin(name: BuiltinDatasetName, directory: string): Promise<LoadedDataset> {
  const location = path.join(directory, datasetLayout[name]);
  switch (name) {
    case 'securityeval':
      return parseSecurityEval(await readText(location, name), location);
    case 'llmseceval':
      return parseLlmSecEval(await readText(location, name), location);
    case 'pythonsecurityeval':
      return loadPythonSecurityEval(location);
    case 'cweval':
      return loadCweval(location);
  }
}

async function loadPythonSecurityEval(root: string): Promise<LoadedDataset> {
  const names = await listDataset('pythonsecurityeval', root);
  const entries = await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (id): Promise<PythonSecurityEvalEntry> => {
        const promptPath = path.join(root, id, 'text.txt');
        // Upstream spells it `unit_test.py` in most folders and `Unit_test.py` in a few.
        const unitTestName = (await readdir(path.join(root, id)).catch(() => [])).find(
          (name) => name.toLowerCase() === 'unit_test.py',
        );
        const unitTestPath = path.join(root, id, unitTestName ?? 'unit_test.py');
        const [prompt, unitTest] = await Promise.all([readOptional(promptPath), readOptional(unitTestPath)]);
        return {
          id,
          ...(prompt === undefined ? {} : { prompt: { path: promptPath, text: prompt } }),
          ...(unitTest === undefined ? {} : { unitTest: { path: unitTestPath, text: unitTest } }),
        };
      }),
  );
  const csvPath = path.join(root, pythonSecurityEvalCsv);
  const csvText = await readOptional(csvPath);
  return buildPythonSecurityEval(entries, csvText === undefined ? undefined : { path: csvPath, text: csvText });
}

async function loadCweval(root: string): Promise<LoadedDataset> {
  const names = await listDataset('cweval', root);
  const ids = [...new Set(names.flatMap((name) => /^(cwe_\d+_\d+)_(task|test)\.py$/.exec(name)?.[1] ?? []))];
  const entries = await Promise.all(
    ids.map(async (id): Promise<CwevalEntry> => {
      const taskPath = path.join(root, `${id}_task.py`);
      const testPath = path.join(root, `${id}_test.py`);
      const [task, test] = await Promise.all([readOptional(taskPath), readOptional(testPath)]);
      return {
        id,
        ...(task === undefined ? {} : { task: { path: taskPath, text: task } }),
        ...(test === undefined ? {} : { test: { path: testPath, text: test } }),
      };
    }),
  );
  return buildCweval(entries);
}

/** The entries of a dataset's directory; DATASET_NOT_FOUND when it is missing. */
async function listDataset(what: string, root: string): Promise<string[]> {
  try {
    return await readdir(root);
  } catch (error: unknown) {
    throw notFound(what, root, error);
  }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw notFound(what, file, error);
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

function notFound(what: string, file: string, cause: unknown): FdspError {
  return new FdspError('DATASET_NOT_FOUND', `${what} not found at ${file}`, { hint: datasetsDirectoryHint, cause });
}

// `fdsp datasets fetch`: downloads the upstream files into the cache, in the layout `loadDataset` reads.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { FdspError, errorMessage } from '../errors/index.js';
import { cwevalTaskIds } from './cweval.js';
import { parseCsv } from './records.js';
import { datasetLayout } from './load.js';
import { pythonSecurityEvalCsv } from './pythonsecurityeval.js';
import type { BuiltinDatasetName } from './types.js';

export const defaultBaseUrl = 'https://raw.githubusercontent.com';

/** Upstream location (owner/repo/ref/path under the base URL) → path in the cache. */
export interface RemoteFile {
  readonly remote: string;
  readonly local: string;
  /** A 404 is expected for some files (PythonSecurityEval prompts without a unit test). */
  readonly optional?: boolean;
  /** Other upstream spellings tried in order on a 404 (six PythonSecurityEval folders have `Unit_test.py`). */
  readonly alternatives?: readonly string[];
}

const refine = 'Kamel773/LLM-code-refine/HEAD';
const cweval = 'LostBenjamin/CWEval/HEAD';

export const upstreamFiles: Record<BuiltinDatasetName, readonly RemoteFile[]> = {
  securityeval: [{ remote: 's2e-lab/SecurityEval/HEAD/dataset.jsonl', local: datasetLayout.securityeval }],
  llmseceval: [
    // The FDSP study's copy (149 prompts); the loader reads this one.
    { remote: `${refine}/data/LLMSecEval-prompts/LLMSecEval-prompts.json`, local: datasetLayout.llmseceval },
    {
      remote: 'tuhh-softsec/LLMSecEval/HEAD/Dataset/LLMSecEval-Prompts_dataset.json',
      local: 'llmseceval/LLMSecEval-Prompts_dataset.json',
    },
  ],
  // Per-task files are listed after the CSV arrives (it names every dataset_id).
  pythonsecurityeval: [
    {
      remote: `${refine}/${pythonSecurityEvalCsv}`,
      local: `${datasetLayout.pythonsecurityeval}/${pythonSecurityEvalCsv}`,
    },
  ],
  cweval: [
    { remote: `${cweval}/LICENSE`, local: 'cweval/LICENSE' },
    ...cwevalTaskIds.flatMap((id) =>
      (['task', 'test'] as const).map((part) => ({
        remote: `${cweval}/benchmark/core/py/${id}_${part}.py`,
        local: `${datasetLayout.cweval}/${id}_${part}.py`,
      })),
    ),
  ],
};

export function pythonSecurityEvalTaskFiles(csvText: string): RemoteFile[] {
  const ids = parseCsv(csvText)
    .slice(1)
    .map((row) => row.fields[0]?.trim() ?? '')
    .filter((id) => /^\d+$/.test(id));
  return [...new Set(ids)].flatMap((id) => [
    { remote: `${refine}/data/PythonSecurityEval/${id}/text.txt`, local: `pythonsecurityeval/${id}/text.txt` },
    {
      remote: `${refine}/data/PythonSecurityEval/${id}/unit_test.py`,
      alternatives: [`${refine}/data/PythonSecurityEval/${id}/Unit_test.py`],
      local: `pythonsecurityeval/${id}/unit_test.py`,
      optional: true,
    },
  ]);
}

export interface FetchOptions {
  readonly cacheDirectory: string;
  readonly baseUrl?: string;
  readonly concurrency?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly onFile?: (file: RemoteFile, status: 'downloaded' | 'absent') => void;
}

export interface FetchSummary {
  readonly dataset: BuiltinDatasetName;
  readonly downloaded: number;
  readonly absent: number;
  readonly directory: string;
}

export async function fetchDataset(dataset: BuiltinDatasetName, options: FetchOptions): Promise<FetchSummary> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, '');
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  let downloaded = 0;
  let absent = 0;
  const request = async (url: string): Promise<Response> => {
    try {
      return await fetchImplementation(url);
    } catch (error: unknown) {
      throw new FdspError('DATASET_FETCH_FAILED', `cannot download ${url}: ${networkReason(error)}`, {
        hint: `offline? use --datasets-dir or FDSP_DATASETS with local copies of the datasets`,
        cause: error,
      });
    }
  };
  const download = async (file: RemoteFile): Promise<string | undefined> => {
    let url = `${baseUrl}/${file.remote}`;
    let response = await request(url);
    for (const alternative of file.alternatives ?? []) {
      if (response.status !== 404) break;
      url = `${baseUrl}/${alternative}`;
      response = await request(url);
    }
    if (response.status === 404 && file.optional === true) {
      absent += 1;
      options.onFile?.(file, 'absent');
      return undefined;
    }
    if (!response.ok) {
      throw new FdspError('DATASET_FETCH_FAILED', `cannot download ${url}: HTTP ${response.status}`, {
        hint: 'check --base-url / FDSP_DATASETS_BASE_URL, or use --datasets-dir with local copies',
      });
    }
    const text = await response.text();
    const target = path.join(options.cacheDirectory, file.local);
    await mkdir(path.dirname(target), { recursive: true });
    // Write then rename, so an interrupted fetch never leaves a half file that later loads as data.
    const partial = `${target}.partial-${process.pid}`;
    await writeFile(partial, text);
    await rename(partial, target);
    downloaded += 1;
    options.onFile?.(file, 'downloaded');
    return text;
  };

  const first = await mapWithConcurrency(upstreamFiles[dataset], options.concurrency ?? 8, download);
  if (dataset === 'pythonsecurityeval') {
    const csvText = first[0];
    if (csvText !== undefined) {
      await mapWithConcurrency(pythonSecurityEvalTaskFiles(csvText), options.concurrency ?? 8, download);
    }
  }
  return { dataset, downloaded, absent, directory: options.cacheDirectory };
}

function networkReason(error: unknown): string {
  // Node's fetch wraps the socket error: `TypeError: fetch failed` with `cause.code` ECONNREFUSED, ENOTFOUND, …
  if (error instanceof Error && error.cause instanceof Error) {
    const cause = error.cause;
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return code ?? cause.message;
  }
  return errorMessage(error);
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

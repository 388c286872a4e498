// Reading the human-labelled set (../shared/labelled/llmsecurecode-rq1): review CSVs of `<CWE-XXX>/<file>.py,<verdict>`
// beside the generatedCode_<model>/ folders. The target CWE comes from the file's folder.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { FdspError } from '../../errors/index.js';
import { packageRoot } from '../../support/package-root.js';
import type { LabelledSample } from './metrics.js';

export interface LabelledFile extends LabelledSample {
  readonly path: string;
  readonly text: string;
}

const rowSchema = z.object({
  file: z.string().regex(/^CWE-\d+\/[^/]+\.py$/),
  verdict: z.enum(['0', '0.5', '1']),
});

export function sharedRoot(): string {
  return process.env.FDSP_SHARED ?? path.join(packageRoot(), '..', 'shared');
}

/** Parses one review CSV; malformed rows are an error, not silently skipped. */
export function parseReview(text: string): { file: string; verdict: number }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line, index) => {
      const comma = line.lastIndexOf(',');
      const parsed = rowSchema.safeParse({ file: line.slice(0, comma), verdict: line.slice(comma + 1) });
      if (!parsed.success)
        throw new FdspError('DATASET_INVALID', `review row ${String(index + 1)} is malformed: ${line}`);
      return { file: parsed.data.file, verdict: Number(parsed.data.verdict) };
    });
}

export function loadLabelledSet(root = path.join(sharedRoot(), 'labelled', 'llmsecurecode-rq1')): LabelledFile[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch (error: unknown) {
    throw new FdspError('DATASET_NOT_FOUND', `labelled set not found at ${root}`, {
      cause: error,
      hint: 'set FDSP_SHARED to the shared/ folder',
    });
  }
  const files: LabelledFile[] = [];
  for (const review of entries.filter((name) => /^review_.+\.csv$/.test(name)).sort()) {
    const model = review.replace(/^review_|\.csv$/g, '');
    const folder = path.join(root, `generatedCode_${model}`);
    for (const row of parseReview(readFileSync(path.join(root, review), 'utf8'))) {
      const filePath = path.join(folder, row.file);
      files.push({
        id: `${model}/${row.file}`,
        path: filePath,
        text: readFileSync(filePath, 'utf8'),
        targetCwe: Number(/^CWE-(\d+)/.exec(row.file)?.[1]),
        vulnerable: row.verdict > 0,
      });
    }
  }
  return files;
}

// The baseline file (`fdsp baseline create`): today's findings by fingerprint, so a project that already has findings
// can adopt fdsp and be told only about new ones. Paths are relative to the baseline file's folder with `/`
// separators, so the file is portable between checkouts; fingerprints survive edits above a finding and reformatting
// (src/analyzers/fingerprint.ts).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import type { FileScanResult } from '../analyzers/types.js';
import { FdspError, errorMessage } from '../errors/index.js';

export const defaultBaselineName = '.fdsp-baseline.json';

const entrySchema = z.strictObject({
  path: z.string(),
  analyzer: z.string(),
  ruleId: z.string(),
  fingerprint: z.string().min(1),
  /** Where it was when recorded: for people reading the file, never matched on. */
  line: z.number().int().min(1),
});

export const baselineFileSchema = z.strictObject({
  version: z.literal(1),
  tool: z.literal('fdsp'),
  createdAt: z.string(),
  findings: z.array(entrySchema),
});

export type BaselineEntry = z.infer<typeof entrySchema>;
export type BaselineFile = z.infer<typeof baselineFileSchema>;

/** A loaded baseline: its entries and the folder its paths are relative to. */
export interface Baseline {
  readonly file: string;
  readonly root: string;
  readonly entries: readonly BaselineEntry[];
}

export function relativePosix(root: string, filePath: string): string {
  return path.relative(root, path.resolve(filePath)).split(path.sep).join('/');
}

/** Today's findings as a baseline rooted at `root`. Sorted, so re-creating it on unchanged code changes no byte. */
export function createBaseline(results: readonly FileScanResult[], root: string, createdAt: string): BaselineFile {
  const findings = results
    .flatMap((result) =>
      result.findings.map((finding) => ({
        path: relativePosix(root, finding.path),
        analyzer: finding.analyzer,
        ruleId: finding.ruleId,
        fingerprint: finding.fingerprint,
        line: finding.line,
      })),
    )
    .sort(
      (a, b) =>
        a.path.localeCompare(b.path) ||
        a.line - b.line ||
        a.analyzer.localeCompare(b.analyzer) ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
  return { version: 1, tool: 'fdsp', createdAt, findings };
}

export function readBaseline(file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new FdspError('CONFIG_INVALID', `cannot read the baseline ${file}: ${errorMessage(error)}`, {
      hint: 'create one with `fdsp baseline create`',
    });
  }
  const parsed = baselineFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FdspError(
      'CONFIG_INVALID',
      `${file} is not an fdsp baseline: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      { hint: 'create it again with `fdsp baseline create`' },
    );
  }
  return { file, root: path.dirname(path.resolve(file)), entries: parsed.data.findings };
}

/** Written beside and renamed, so a reader never sees half a baseline. */
export function writeBaseline(file: string, baseline: BaselineFile): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(baseline, null, 2)}\n`);
  renameSync(temporary, file);
}

// A persistent cache of whole per-file results for analyzers whose exact identity fdsp can state (builtin: a hash of
// its rule and engine modules; ruff and semgrep: src/analyzers/tool-identity.ts). Keyed by that identity and the source's sha256, stored without the path (the same
// bytes under another name give the same findings, relabelled on read). Only `ok` and `syntax-error` results are
// kept: an `error` is no verdict on the code. Rows are validated on read: the database outlives this program version.
import { createHash } from 'node:crypto';

import { z } from 'zod';

import type { CacheIdentity } from '../analyzers/tool-identity.js';
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import type { Store } from '../store/index.js';
import { openCacheTable, parseStoredJson } from './cache-table.js';

const level = z.enum(['low', 'medium', 'high']);

const storedFindingSchema = z.object({
  analyzer: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  cwe: z.number().int().nullable(),
  severity: level,
  confidence: level,
  message: z.string(),
  line: z.number().int(),
  endLine: z.number().int(),
  snippet: z.string(),
  fingerprint: z.string(),
  fixHint: z.string().optional(),
});

const storedResultSchema = z.object({
  status: z.enum(['ok', 'syntax-error']),
  error: z.object({ message: z.string(), line: z.number().optional(), code: z.string().optional() }).optional(),
  findings: z.array(storedFindingSchema),
});

type StoredResult = z.infer<typeof storedResultSchema>;

export interface ResultCacheStats {
  hits: number;
  misses: number;
}

export interface CachedAnalyzer extends Analyzer {
  readonly cacheStats: ResultCacheStats;
}

/** How an analyzer whose result for a file also depends on other files of the batch is cached. */
export interface BatchKeys {
  /** Per file: a key that covers the files its result depends on; undefined where its own text decides it. */
  readonly keys: readonly (string | undefined)[];
  /** The files (indexes) a re-analysis of `indexes` must see in the same batch. */
  context(indexes: readonly number[]): number[];
}

export interface PersistOptions {
  /** Told once, with the reason, when the analyzer's identity is not exact and nothing is cached. */
  readonly onUncached?: (reason: string) => void;
  readonly batchKeys?: (files: readonly SourceFile[]) => BatchKeys;
}

function toStored(result: FileScanResult): StoredResult | undefined {
  if (result.status === 'error') return undefined;
  return {
    status: result.status,
    ...(result.error === undefined ? {} : { error: result.error }),
    findings: result.findings.map(({ path: _path, ...rest }) => rest),
  };
}

function fromStored(text: string, file: SourceFile): FileScanResult | undefined {
  const stored = storedResultSchema.safeParse(parseStoredJson(text));
  if (!stored.success) return undefined;
  const { status, error, findings } = stored.data;
  return {
    path: file.path,
    status,
    ...(error === undefined ? {} : { error }),
    findings: findings.map((finding) => ({ ...finding, path: file.path })),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `analyzer`'s results persisted in `store` under `identity` (which must pin everything deciding its findings);
 * an identity found only by asking the tool (its version) is resolved once, at the first scan. */
export function persistResults(
  analyzer: Analyzer,
  identity: string | (() => Promise<CacheIdentity>),
  store: Store,
  options: PersistOptions = {},
): CachedAnalyzer {
  const table = openCacheTable(store, analyzer.name);
  const cacheStats: ResultCacheStats = { hits: 0, misses: 0 };
  let resolved: Promise<CacheIdentity> | undefined;
  const resolveIdentity = (): Promise<CacheIdentity> => {
    resolved ??= (typeof identity === 'string' ? Promise.resolve({ identity }) : identity()).then((found) => {
      if ('uncached' in found) options.onUncached?.(found.uncached);
      return found;
    });
    return resolved;
  };
  return {
    name: analyzer.name,
    cacheStats,
    version: () => analyzer.version(),
    close: () => analyzer.close(),
    async scan(files: readonly SourceFile[], scanOptions?: ScanOptions): Promise<FileScanResult[]> {
      const found = await resolveIdentity();
      if ('uncached' in found) return analyzer.scan(files, scanOptions);
      // Byte-exact (non-UTF-8) files are scanned every time: their text alone does not identify them.
      const batch = options.batchKeys?.(files);
      const keys = files.map((file, index) =>
        file.bytes === undefined ? (batch?.keys[index] ?? sha256(file.text)) : undefined,
      );
      const stored = table.getMany(
        found.identity,
        keys.filter((key) => key !== undefined),
      );
      const results = files.map((file, index) => {
        const text = stored.get(keys[index] ?? '');
        return text === undefined ? undefined : fromStored(text, file);
      });
      const missing = files.flatMap((file, index) => (results[index] === undefined ? [{ file, index }] : []));
      cacheStats.hits += files.length - missing.length;
      cacheStats.misses += missing.length;
      if (missing.length > 0) {
        // A file whose result depends on others is re-analysed with them; their fresh results are kept too.
        const indexes = batch ? batch.context(missing.map((item) => item.index)) : missing.map((item) => item.index);
        const scanned = await analyzer.scan(
          indexes.flatMap((index) => {
            const file = files[index];
            return file ? [file] : [];
          }),
          scanOptions,
        );
        const rows: { key: string; answerJson: string }[] = [];
        indexes.forEach((index, position) => {
          const result = scanned[position];
          if (results[index] === undefined) results[index] = result;
          const key = keys[index];
          const kept = result === undefined ? undefined : toStored(result);
          if (key !== undefined && kept !== undefined) rows.push({ key, answerJson: JSON.stringify(kept) });
        });
        table.putMany(found.identity, rows);
      }
      return results.map((result, index) => {
        if (result === undefined) throw new Error(`no scan result for ${files[index]?.path ?? '?'}`);
        return result;
      });
    },
  };
}

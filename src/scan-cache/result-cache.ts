// A persistent cache of whole per-file results for analyzers whose exact identity fdsp can state (builtin: a hash of
// its rule and engine modules). Keyed by that identity and the source's sha256, stored without the path (the same
// bytes under another name give the same findings, relabelled on read). Only `ok` and `syntax-error` results are
// kept: an `error` is no verdict on the code. Rows are validated on read: the database outlives this program version.
import { createHash } from 'node:crypto';

import { z } from 'zod';

import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../analyzers/types.js';
import type { Store } from '../store/index.js';

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

function toStored(result: FileScanResult): StoredResult | undefined {
  if (result.status === 'error') return undefined;
  return {
    status: result.status,
    ...(result.error === undefined ? {} : { error: result.error }),
    findings: result.findings.map(({ path: _path, ...rest }) => rest),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** How an analyzer whose result for a file also depends on other files of the batch is cached. */
export interface BatchKeys {
  /** Per file: a key that covers the files its result depends on; undefined where its own text decides it. */
  readonly keys: readonly (string | undefined)[];
  /** The files (indexes) a re-analysis of `indexes` must see in the same batch. */
  context(indexes: readonly number[]): number[];
}

export interface PersistOptions {
  readonly batchKeys?: (files: readonly SourceFile[]) => BatchKeys;
}

/** `analyzer`'s results persisted in `store` under `identity` (which must pin everything deciding its findings). */
export function persistResults(
  analyzer: Analyzer,
  identity: string,
  store: Store,
  options: PersistOptions = {},
): CachedAnalyzer {
  const select = store.db.prepare(
    'SELECT answer_json FROM scan_cache WHERE analyzer = ? AND identity = ? AND source_sha256 = ?',
  );
  const insert = store.db.prepare(
    `INSERT OR REPLACE INTO scan_cache (analyzer, identity, source_sha256, answer_json, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const cacheStats: ResultCacheStats = { hits: 0, misses: 0 };
  const recall = (key: string, file: SourceFile): FileScanResult | undefined => {
    const row = z.object({ answer_json: z.string() }).safeParse(select.get(analyzer.name, identity, key));
    if (!row.success) return undefined;
    const stored = storedResultSchema.safeParse(JSON.parse(row.data.answer_json));
    if (!stored.success) return undefined;
    const { status, error, findings } = stored.data;
    return {
      path: file.path,
      status,
      ...(error === undefined ? {} : { error }),
      findings: findings.map((finding) => ({ ...finding, path: file.path })),
    };
  };
  return {
    name: analyzer.name,
    cacheStats,
    version: () => analyzer.version(),
    close: () => analyzer.close(),
    async scan(files: readonly SourceFile[], scanOptions?: ScanOptions): Promise<FileScanResult[]> {
      // Byte-exact (non-UTF-8) files are scanned every time: their text alone does not identify them.
      const batch = options.batchKeys?.(files);
      const keys = files.map((file, index) =>
        file.bytes === undefined ? (batch?.keys[index] ?? sha256(file.text)) : undefined,
      );
      const results = files.map((file, index) => {
        const key = keys[index];
        return key === undefined ? undefined : recall(key, file);
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
        const now = new Date().toISOString();
        store.transaction(() => {
          indexes.forEach((index, position) => {
            const result = scanned[position];
            if (results[index] === undefined) results[index] = result;
            const key = keys[index];
            const stored = result === undefined ? undefined : toStored(result);
            if (key !== undefined && stored !== undefined)
              insert.run(analyzer.name, identity, key, JSON.stringify(stored), now);
          });
        });
      }
      return results.map((result, index) => {
        if (result === undefined) throw new Error(`no scan result for ${files[index]?.path ?? '?'}`);
        return result;
      });
    },
  };
}

// Ruff as an fdsp analyzer: the whole batch in one `ruff check --select S` run (isolated from any project config,
// `# noqa` ignored so model output cannot silence it, no cache written). The binary is setup's .venv copy, else PATH.
import { FdspError } from '../../errors/index.js';
import { locateEngineTool } from '../../support/engine-venv.js';
import { runTool, versionNumber, withBatchDirectory } from '../batch-directory.js';
import { fdspReadingDigest, type CacheIdentity } from '../tool-identity.js';
import type { Analyzer, FileScanResult, SourceFile } from '../types.js';
import { parseRuffJson, ruffFileResult } from './ruff-output.js';

export interface RuffAnalyzerOptions {
  /** The ruff executable; default: .venv/bin/ruff, else the first on PATH. */
  readonly executable?: string;
}

export const ruffArguments = [
  'check',
  '--select',
  'S',
  '--output-format',
  'json',
  '--isolated',
  '--no-cache',
  '--ignore-noqa',
  '--exit-zero',
  '--quiet',
] as const;

export interface RuffAnalyzer extends Analyzer {
  /** Exact for a persistent cache: ruff's version pins its rules' behaviour, the arguments pin which rules run. */
  cacheIdentity(): Promise<CacheIdentity>;
}

/** The key ruff's results are cached under (pure: the version is asked of the binary by the caller). */
export function ruffCacheIdentity(version: string): CacheIdentity {
  return { identity: `ruff ${version} ${ruffArguments.join(' ')} fdsp sha256:${fdspReadingDigest('ruff')}` };
}

export function createRuffAnalyzer(options: RuffAnalyzerOptions = {}): RuffAnalyzer {
  const binary = (): string => {
    const found = options.executable ?? locateEngineTool('ruff')?.path;
    if (!found)
      throw new FdspError('ANALYZER_UNAVAILABLE', 'ruff is not installed', {
        hint: 'run bash scripts/setup.sh (installs ruff into .venv)',
      });
    return found;
  };
  return {
    name: 'ruff',
    async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      if (files.length === 0) return [];
      const executable = binary();
      return withBatchDirectory('ruff', files, async ({ directory, paths }) => {
        const outcome = await runTool(executable, [...ruffArguments, directory]);
        const parsed = outcome.exitCode === 0 ? parseRuffJson(outcome.stdout) : undefined;
        return files.map((file, index): FileScanResult => {
          if (parsed === undefined || !parsed.ok) {
            const message = parsed?.error ?? `ruff exited ${String(outcome.exitCode)}: ${outcome.stderr.trim()}`;
            return { path: file.path, status: 'error', error: { message, code: 'WORKER_PROTOCOL' }, findings: [] };
          }
          return ruffFileResult(parsed.value, file, paths[index] ?? '');
        });
      });
    },
    async version(): Promise<string> {
      return versionNumber((await runTool(binary(), ['--version'])).stdout);
    },
    async cacheIdentity(): Promise<CacheIdentity> {
      return ruffCacheIdentity(await this.version());
    },
    close: () => Promise.resolve(),
  };
}

// Semgrep as an fdsp analyzer: the real `semgrep scan --json` over the whole batch in one run, with metrics and the
// version check off so a scan never reaches for the network unless a registry id asks it to. The binary is setup's
// .venv copy, else PATH. Findings take their CWE from the rule's metadata.
import path from 'node:path';

import { FdspError } from '../../errors/index.js';
import { locateEngineTool } from '../../support/engine-venv.js';
import { runTool, versionNumber, withBatchDirectory } from '../batch-directory.js';
import type { CacheIdentity } from '../tool-identity.js';
import type { Analyzer, FileScanResult, SourceFile } from '../types.js';
import { describeSemgrepConfig, resolveSemgrepConfig, type SemgrepConfig } from './semgrep-config.js';
import { semgrepCacheIdentity } from './semgrep-identity.js';
import { parseSemgrepJson, semgrepFatalError, semgrepFindings, semgrepSyntaxErrors } from './semgrep-output.js';

export interface SemgrepAnalyzerOptions {
  /** A rules file or folder, or a registry id; default: FDSP_SEMGREP_CONFIG, else fdsp's own rules file. */
  readonly config?: string;
  /** The semgrep executable; default: .venv/bin/semgrep, else the first on PATH. */
  readonly executable?: string;
  /** Answers whether the registry is reachable; default: a 5-second HTTPS probe. */
  readonly registryReachable?: () => Promise<boolean>;
}

/** Semgrep's own telemetry and update check stay off: scanning must not depend on, or report to, the network. */
export const semgrepEnvironment = { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' } as const;

async function probeRegistry(): Promise<boolean> {
  try {
    await fetch('https://semgrep.dev/api/registry/', { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

/** Checks the rules before the (slow) run: a missing file or an unreachable registry is one line saying what to do. */
async function checkConfig(config: SemgrepConfig, reachable: () => Promise<boolean>): Promise<void> {
  if (config.kind === 'missing')
    throw new FdspError('USAGE', `semgrep rules '${config.path}' do not exist`, {
      hint: 'pass a rules file with --semgrep-config (or FDSP_SEMGREP_CONFIG), or a registry id such as p/python',
    });
  if (config.kind === 'registry' && !(await reachable()))
    throw new FdspError(
      'ANALYZER_UNAVAILABLE',
      `semgrep registry rules '${config.id}' need the network, unreachable here`,
      {
        hint: `save the rules of ${config.id} as a YAML file where the network reaches semgrep.dev and pass it with --semgrep-config, or omit the option for fdsp's own rules`,
      },
    );
}

export interface SemgrepAnalyzer extends Analyzer {
  /** Exact only for rules read from files: see semgrep-identity.ts. */
  cacheIdentity(): Promise<CacheIdentity>;
}

export function createSemgrepAnalyzer(options: SemgrepAnalyzerOptions = {}): SemgrepAnalyzer {
  const config = resolveSemgrepConfig(options.config);
  const binary = (): string => {
    const found = options.executable ?? locateEngineTool('semgrep')?.path;
    if (!found)
      throw new FdspError('ANALYZER_UNAVAILABLE', 'semgrep is not installed', {
        hint: 'run bash scripts/setup.sh (installs semgrep into .venv)',
      });
    return found;
  };
  let checked: Promise<void> | undefined;
  return {
    name: 'semgrep',
    async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      if (files.length === 0) return [];
      const executable = binary();
      checked ??= checkConfig(config, options.registryReachable ?? probeRegistry);
      await checked;
      // Run beside a rules file and name it relatively: semgrep prefixes rule ids with the file's directory.
      const configArgument = config.kind === 'file' ? path.basename(config.path) : describeSemgrepConfig(config);
      const cwd = config.kind === 'file' ? path.dirname(config.path) : undefined;
      return withBatchDirectory('semgrep', files, async ({ directory, paths }) => {
        const outcome = await runTool(
          executable,
          [
            'scan',
            '--json',
            '--quiet',
            '--metrics',
            'off',
            '--disable-version-check',
            '--config',
            configArgument,
            directory,
          ],
          { env: semgrepEnvironment, ...(cwd === undefined ? {} : { cwd }) },
        );
        const parsed = outcome.stdout.trim() === '' ? undefined : parseSemgrepJson(outcome.stdout);
        const fatal =
          parsed !== undefined && !parsed.ok
            ? parsed.error
            : semgrepFatalError(
                parsed?.value,
                parsed === undefined ? Math.max(outcome.exitCode, 2) : outcome.exitCode,
                outcome.stderr,
              );
        return files.map((file, index): FileScanResult => {
          if (fatal !== undefined || parsed === undefined || !parsed.ok) {
            const message = fatal ?? 'semgrep printed no output';
            return { path: file.path, status: 'error', error: { message, code: 'WORKER_PROTOCOL' }, findings: [] };
          }
          const reported = paths[index] ?? '';
          const syntax = semgrepSyntaxErrors(parsed.value, reported)[0];
          if (syntax !== undefined) return { path: file.path, status: 'syntax-error', error: syntax, findings: [] };
          return {
            path: file.path,
            status: 'ok',
            findings: semgrepFindings(parsed.value, file.path, file.text, reported),
          };
        });
      });
    },
    async version(): Promise<string> {
      return versionNumber((await runTool(binary(), ['--version'], { env: semgrepEnvironment })).stdout);
    },
    async cacheIdentity(): Promise<CacheIdentity> {
      // No version asked for rules that are not cached anyway.
      if (config.kind !== 'file') return semgrepCacheIdentity(config, '');
      return semgrepCacheIdentity(config, await this.version());
    },
    close: () => Promise.resolve(),
  };
}

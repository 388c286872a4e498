// Semgrep as an fdsp analyzer, when `semgrep` is on PATH: files are written to a temporary folder and scanned in one
// `semgrep --json` run; each file's findings come back in input order.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { FdspError } from '../../errors/index.js';
import type { Analyzer, FileScanResult, SourceFile } from '../types.js';
import { findExecutable } from '../../support/find-executable.js';
import { parseSemgrepJson, semgrepFindings } from './semgrep-output.js';

const run = promisify(execFile);

export function createSemgrepAnalyzer(options: { config?: string } = {}): Analyzer {
  const config = options.config ?? 'p/python';
  const binary = (): string => {
    const found = findExecutable('semgrep');
    if (!found) throw new FdspError('ANALYZER_UNAVAILABLE', 'semgrep is not on PATH', { hint: 'pipx install semgrep' });
    return found;
  };
  return {
    name: 'semgrep',
    async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      const executable = binary();
      const directory = await mkdtemp(path.join(tmpdir(), 'fdsp-semgrep-'));
      try {
        const names = files.map((_, index) => `f${String(index)}.py`);
        await Promise.all(files.map((file, index) => writeFile(path.join(directory, names[index] ?? ''), file.text)));
        let stdout: string;
        try {
          ({ stdout } = await run(executable, ['--json', '--quiet', '--metrics=off', '--config', config, directory], {
            maxBuffer: 64 * 1024 * 1024,
          }));
        } catch (error: unknown) {
          // Semgrep exits 1 when it has findings and still prints the JSON.
          const output = typeof error === 'object' && error !== null && 'stdout' in error ? error.stdout : undefined;
          if (typeof output !== 'string' || output.length === 0) throw error;
          stdout = output;
        }
        const parsed = parseSemgrepJson(stdout);
        return files.map((file, index): FileScanResult => {
          if (!parsed.ok)
            return {
              path: file.path,
              status: 'error',
              error: { message: parsed.error, code: 'WORKER_PROTOCOL' },
              findings: [],
            };
          const reported = path.join(directory, names[index] ?? '');
          return {
            path: file.path,
            status: 'ok',
            findings: semgrepFindings(parsed.value, file.path, file.text, reported),
          };
        });
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    async version(): Promise<string> {
      const { stdout } = await run(binary(), ['--version']);
      return stdout.trim();
    },
    close: () => Promise.resolve(),
  };
}

// CodeQL as an fdsp analyzer, when `codeql` is on PATH: one database over a temporary folder of the files, analysed
// with the Python security suite into SARIF.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { FdspError } from '../../errors/index.js';
import { findExecutable } from '../../support/find-executable.js';
import type { Analyzer, FileScanResult, SourceFile } from '../types.js';
import { parseSarif, sarifFindings } from './sarif.js';

const run = promisify(execFile);

export function createCodeqlAnalyzer(options: { suite?: string } = {}): Analyzer {
  const suite = options.suite ?? 'codeql/python-queries:codeql-suites/python-security-extended.qls';
  const binary = (): string => {
    const found = findExecutable('codeql');
    if (!found)
      throw new FdspError('ANALYZER_UNAVAILABLE', 'codeql is not on PATH', { hint: 'install the CodeQL CLI bundle' });
    return found;
  };
  return {
    name: 'codeql',
    async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
      const executable = binary();
      const directory = await mkdtemp(path.join(tmpdir(), 'fdsp-codeql-'));
      try {
        const sources = path.join(directory, 'src');
        await mkdir(sources);
        const names = files.map((_, index) => `f${String(index)}.py`);
        await Promise.all(files.map((file, index) => writeFile(path.join(sources, names[index] ?? ''), file.text)));
        const database = path.join(directory, 'db');
        const sarifPath = path.join(directory, 'out.sarif');
        await run(
          executable,
          ['database', 'create', database, '--language=python', `--source-root=${sources}`, '--overwrite'],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        await run(
          executable,
          ['database', 'analyze', database, suite, '--format=sarif-latest', `--output=${sarifPath}`],
          { maxBuffer: 64 * 1024 * 1024 },
        );
        const parsed = parseSarif(await readFile(sarifPath, 'utf8'));
        return files.map((file, index): FileScanResult => {
          if (!parsed.ok)
            return {
              path: file.path,
              status: 'error',
              error: { message: parsed.error, code: 'WORKER_PROTOCOL' },
              findings: [],
            };
          return {
            path: file.path,
            status: 'ok',
            findings: sarifFindings(parsed.value, file.path, file.text, names[index] ?? ''),
          };
        });
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    async version(): Promise<string> {
      const { stdout } = await run(binary(), ['version', '--format=terse']);
      return stdout.trim();
    },
    close: () => Promise.resolve(),
  };
}

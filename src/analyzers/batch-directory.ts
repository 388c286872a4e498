// What the command-line engines (ruff, semgrep) share: a batch of snippets written to one temporary folder as
// f0.py, f1.py, … so one invocation scans them all, and running a tool whose non-zero exit still carries its JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { SourceFile } from './types.js';

export interface BatchDirectory {
  readonly directory: string;
  /** The absolute path each input file was written to, in input order. */
  readonly paths: readonly string[];
}

export async function withBatchDirectory<T>(
  prefix: string,
  files: readonly SourceFile[],
  body: (batch: BatchDirectory) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(path.join(tmpdir(), `fdsp-${prefix}-`));
  try {
    const paths = files.map((_, index) => path.join(directory, `f${String(index)}.py`));
    await Promise.all(files.map((file, index) => writeFile(paths[index] ?? '', file.bytes ?? file.text)));
    return await body({ directory, paths });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export interface ToolOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell; a non-zero exit is a value (linters exit 1 on findings), a missing binary rejects. */
export function runTool(
  executable: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<ToolOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      [...args],
      {
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, ...options.env },
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(error instanceof Error ? error : new Error(`cannot run ${executable}`));
          return;
        }
        resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

/** The version number in `tool 1.2.3` / `1.2.3` output. */
export function versionNumber(output: string): string {
  return /\d+\.\d+(?:\.\d+)?\S*/.exec(output)?.[0] ?? output.trim();
}

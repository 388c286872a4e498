// Paths and process helpers shared by the end-to-end tests.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The read-only shared data beside the checkout (or FDSP_SHARED). */
export function sharedDirectory(): string {
  return process.env.FDSP_SHARED ?? path.resolve(repositoryRoot, '..', 'shared');
}

export const cliPath = path.join(repositoryRoot, 'dist', 'cli', 'main.js');

export interface ProcessOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly stdin?: string | Buffer;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run as another user (root in CI ignores file permissions); uses util-linux setpriv. */
  readonly asUser?: number;
}

/** Runs the built `fdsp` CLI as a user would. */
export function runFdsp(args: readonly string[], options: RunOptions = {}): Promise<ProcessOutcome> {
  const command = options.asUser === undefined ? process.execPath : 'setpriv';
  const prefix =
    options.asUser === undefined
      ? []
      : [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', process.execPath];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, cliPath, ...args], {
      cwd: options.cwd ?? repositoryRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

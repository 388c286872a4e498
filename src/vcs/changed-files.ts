// `--changed [REF]`: the Python files a change touched — changed in the working tree against the merge base of REF
// and HEAD (REF defaults to the branch's upstream, else HEAD itself), plus untracked Python files. git is run
// directly (execFile, no shell) and answers in NUL-separated form, so any file name survives.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { FdspError, errorMessage } from '../errors/index.js';

const run = promisify(execFile);

/** git's well-known empty tree: the base of a repository with no commit yet. */
const emptyTree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export interface ChangedFiles {
  readonly root: string;
  /** What the files were compared with: `REF (merge base abc123)`. */
  readonly against: string;
  /** Absolute paths of existing Python files, sorted. */
  readonly files: readonly string[];
}

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('git', [...args], { cwd, maxBuffer: 64 << 20, encoding: 'utf8' });
  return stdout;
}

async function attempt(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return (await git(cwd, args)).trim();
  } catch {
    return undefined;
  }
}

const pythonFile = /\.pyw?$/;

/** Python files changed against `ref` (see the header); outside a git repository a USAGE error with a hint. */
export async function changedPythonFiles(cwd: string, ref?: string): Promise<ChangedFiles> {
  let root: string;
  try {
    root = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error: unknown) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new FdspError(
      'USAGE',
      missing ? '--changed needs git, which is not on PATH' : `--changed: ${cwd} is not inside a git repository`,
      { hint: 'run it inside a git checkout, or drop --changed and name the files or folders to scan' },
    );
  }
  const hasHead = (await attempt(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])) !== undefined;
  let against: string;
  let base: string;
  if (!hasHead) {
    if (ref !== undefined) throw new FdspError('USAGE', `--changed ${ref}: the repository has no commit yet`);
    against = 'an empty repository';
    base = emptyTree;
  } else {
    const upstream = ref ?? (await attempt(root, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']));
    const target = upstream ?? 'HEAD';
    const mergeBase = await attempt(root, ['merge-base', target, 'HEAD']);
    if (mergeBase === undefined || mergeBase === '') {
      throw new FdspError('USAGE', `--changed ${target}: no merge base with HEAD`, {
        hint: 'name a branch, tag or commit that shares history with HEAD (e.g. --changed origin/main)',
      });
    }
    base = mergeBase;
    against = `${target} (merge base ${mergeBase.slice(0, 12)})`;
  }
  try {
    const changed = await git(root, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', base, '--']);
    const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
    const files = [...new Set([...changed.split('\0'), ...untracked.split('\0')])]
      .filter((name) => name !== '' && pythonFile.test(name))
      .map((name) => path.join(root, name))
      .filter((file) => existsSync(file))
      .sort();
    return { root, against, files };
  } catch (error: unknown) {
    throw new FdspError(
      'USAGE',
      `--changed: git could not list the changes: ${errorMessage(error).split('\n')[0] ?? ''}`,
    );
  }
}

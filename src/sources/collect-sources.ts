// Reading the user's Python files: paths, directories (recursive) or stdin. Every input ends as a SourceFile or as a
// per-file error with a stable code, never as an exception, so one unreadable file cannot stop a scan.
import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import type { FileScanError, SourceFile } from '../analyzers/types.js';

export type CollectedSource =
  | { readonly kind: 'file'; readonly file: SourceFile }
  | { readonly kind: 'unreadable'; readonly path: string; readonly error: FileScanError };

export interface CollectOptions {
  /** Larger files get a FILE_TOO_LARGE status instead of a scan (Bandit needs ~5 s per MB). */
  readonly maxFileBytes?: number;
  readonly readStdin?: () => Promise<Buffer>;
}

export const defaultMaxFileBytes = 2 * 1024 * 1024;
export const stdinPath = '<stdin>';

// Bandit's default exclusions plus the usual virtualenv and dependency folders.
const skippedDirectories = new Set([
  '.git',
  '.hg',
  '.svn',
  '.bzr',
  'CVS',
  '__pycache__',
  '.tox',
  '.eggs',
  '.venv',
  'venv',
  'node_modules',
  '.mypy_cache',
  '.pytest_cache',
]);

const pythonExtensions = new Set(['.py', '.pyw']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text for display and fingerprints; the exact bytes ride along when they are not UTF-8 (Python decides then). */
export function decodeSource(sourcePath: string, bytes: Uint8Array): SourceFile {
  try {
    return { path: sourcePath, text: utf8.decode(bytes) };
  } catch {
    return { path: sourcePath, text: Buffer.from(bytes).toString('latin1'), bytes };
  }
}

function errorFor(error: unknown): FileScanError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return { code: 'PATH_NOT_FOUND', message: 'no such file or directory' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'PERMISSION_DENIED', message: 'permission denied' };
  if (code === 'EISDIR') return { code: 'NOT_A_FILE', message: 'is a directory' };
  return { code: 'READ_FAILED', message: error instanceof Error ? error.message : String(error) };
}

// Synchronous on purpose: a source file is small (capped at maxFileBytes) and local, and one blocking stat and read
// cost a tenth of the CPU of fs/promises' five thread-pool round trips (2,000 files: ~40 against ~400 ms), which was
// most of an unchanged tree's cached re-scan. Each call blocks the event loop for one file only.
function readSource(filePath: string, maxFileBytes: number): CollectedSource {
  try {
    const info = statSync(filePath);
    if (!info.isFile())
      return { kind: 'unreadable', path: filePath, error: { code: 'NOT_A_FILE', message: 'not a regular file' } };
    if (info.size > maxFileBytes) {
      return {
        kind: 'unreadable',
        path: filePath,
        error: {
          code: 'FILE_TOO_LARGE',
          message: `file is ${(info.size / 1048576).toFixed(1)} MiB, above the ${(maxFileBytes / 1048576).toFixed(1)} MiB limit (raise it with --max-file-size)`,
        },
      };
    }
    return { kind: 'file', file: decodeSource(filePath, readFileSync(filePath)) };
  } catch (error: unknown) {
    return { kind: 'unreadable', path: filePath, error: errorFor(error) };
  }
}

async function walk(directory: string, found: string[], problems: CollectedSource[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error: unknown) {
    problems.push({ kind: 'unreadable', path: directory, error: errorFor(error) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!skippedDirectories.has(entry.name) && !entry.name.endsWith('.egg')) await walk(entryPath, found, problems);
    } else if (entry.isFile() && pythonExtensions.has(path.extname(entry.name))) {
      found.push(entryPath);
    }
  }
}

/** Inputs in the order given; a directory expands to its Python files in sorted order. */
export async function collectSources(
  inputs: readonly string[],
  options: CollectOptions = {},
): Promise<CollectedSource[]> {
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const collected: CollectedSource[] = [];
  for (const input of inputs) {
    if (input === '-') {
      const bytes = options.readStdin ? await options.readStdin() : Buffer.alloc(0);
      collected.push({ kind: 'file', file: decodeSource(stdinPath, bytes) });
      continue;
    }
    let isDirectory = false;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (error: unknown) {
      collected.push({ kind: 'unreadable', path: input, error: errorFor(error) });
      continue;
    }
    if (!isDirectory) {
      collected.push(readSource(input, maxFileBytes));
      continue;
    }
    const files: string[] = [];
    const problems: CollectedSource[] = [];
    await walk(input, files, problems);
    collected.push(...problems, ...files.map((file) => readSource(file, maxFileBytes)));
  }
  return collected;
}

export async function readAllStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

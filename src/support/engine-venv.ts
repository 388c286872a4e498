// The analyzer engines' virtual environment: `.venv` at the package root, made by scripts/setup.sh from
// python/requirements-engines.txt. Its tools win over PATH so every checkout runs the pinned engines, not whatever
// version a system package happens to carry.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { findExecutable } from './find-executable.js';
import { packageRoot } from './package-root.js';

export function engineVenvDirectory(): string {
  return path.join(packageRoot(), '.venv');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A program in the engines' venv, when setup installed it there. */
export function engineVenvExecutable(name: string, venv = engineVenvDirectory()): string | undefined {
  const candidate = path.join(venv, 'bin', name);
  return isExecutable(candidate) ? candidate : undefined;
}

export interface LocatedTool {
  readonly path: string;
  readonly from: 'venv' | 'path';
}

/** The venv's copy of a tool, else the first on PATH. */
export function locateEngineTool(
  name: string,
  searchPath = process.env.PATH ?? '',
  venv = engineVenvDirectory(),
): LocatedTool | undefined {
  const local = engineVenvExecutable(name, venv);
  if (local !== undefined) return { path: local, from: 'venv' };
  const found = findExecutable(name, searchPath);
  return found === undefined ? undefined : { path: found, from: 'path' };
}

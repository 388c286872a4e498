// Which Python runs Bandit. In order: an explicit choice (`--bandit-python`, then FDSP_BANDIT_PYTHON); the engines'
// venv made by setup (the pinned Bandit 1.7.8, the agent study's oracle); the interpreter in the shebang of the
// `bandit` script on PATH (Debian's 1.6.2, or pipx's) — the first `python3` on PATH may not see that Bandit, the
// shebang's interpreter always does; plain `python3` last.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

import { engineVenvDirectory, engineVenvExecutable } from '../../support/engine-venv.js';
import { findExecutable } from '../../support/find-executable.js';

/** Interpreter from a shebang line: `#!/usr/bin/python3`, `#! /opt/venv/bin/python`, `#!/usr/bin/env python3`. */
export function interpreterFromShebang(firstLine: string, searchPath: string | undefined): string | undefined {
  const match = /^#!\s*(\S+)(?:\s+(.*))?$/.exec(firstLine.trim());
  if (!match?.[1]) return undefined;
  const program = match[1];
  if (path.basename(program) !== 'env') return program;
  const words = (match[2] ?? '').split(/\s+/).filter((word) => word && !word.startsWith('-'));
  const target = words[0];
  if (!target) return undefined;
  return target.includes('/') ? target : findExecutable(target, searchPath ?? '');
}

function readFirstLine(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, length).toString('utf8').split('\n')[0] ?? '';
  } finally {
    closeSync(descriptor);
  }
}

export type BanditPythonSource = 'option' | 'environment' | 'venv' | 'bandit-script' | 'fallback';

export interface BanditPythonChoice {
  readonly python: string;
  readonly source: BanditPythonSource;
}

export interface BanditPythonInputs {
  /** `--bandit-python`. */
  readonly explicit?: string | undefined;
  readonly environment?: NodeJS.ProcessEnv;
  /** The engines' venv directory; default `.venv` at the package root. */
  readonly venv?: string;
}

export function chooseBanditPython(inputs: BanditPythonInputs = {}): BanditPythonChoice {
  const environment = inputs.environment ?? process.env;
  if (inputs.explicit) return { python: inputs.explicit, source: 'option' };
  const override = environment.FDSP_BANDIT_PYTHON;
  if (override) return { python: override, source: 'environment' };
  const venv = inputs.venv ?? engineVenvDirectory();
  // The venv's python counts only when setup put Bandit there (its `bandit` script), not for any bare venv.
  const venvPython = engineVenvExecutable('bandit', venv) && engineVenvExecutable('python', venv);
  if (venvPython) return { python: venvPython, source: 'venv' };
  const bandit = findExecutable('bandit', environment.PATH ?? '');
  if (bandit) {
    try {
      const interpreter = interpreterFromShebang(readFirstLine(bandit), environment.PATH);
      if (interpreter) return { python: interpreter, source: 'bandit-script' };
    } catch {
      // unreadable script: fall back to python3
    }
  }
  return { python: 'python3', source: 'fallback' };
}

export function resolveBanditPython(environment: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  return chooseBanditPython({ environment, explicit }).python;
}

// Which Python runs Bandit: the interpreter named in the `bandit` script's shebang. The first `python3` on PATH may
// not see Debian's or pipx's Bandit; the shebang's interpreter always does.
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

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

export function resolveBanditPython(environment: NodeJS.ProcessEnv = process.env): string {
  const override = environment.FDSP_BANDIT_PYTHON;
  if (override) return override;
  const bandit = findExecutable('bandit', environment.PATH ?? '');
  if (bandit) {
    try {
      const interpreter = interpreterFromShebang(readFirstLine(bandit), environment.PATH);
      if (interpreter) return interpreter;
    } catch {
      // unreadable script: fall back to python3
    }
  }
  return 'python3';
}

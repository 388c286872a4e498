// Locating an executable on PATH without running it (Bandit's script, semgrep, codeql).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const directory of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root (where package.json, python/ and prompts/ live), from dist/ or src/ alike. */
export function packageRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    try {
      const text = readFileSync(path.join(directory, 'package.json'), 'utf8');
      if (text.includes('"name": "fdsp"')) return directory;
    } catch {
      // not here; keep climbing
    }
    directory = path.dirname(directory);
  }
  throw new Error('cannot locate the fdsp package root');
}

export function packageVersion(): string {
  const text = readFileSync(path.join(packageRoot(), 'package.json'), 'utf8');
  const match = /"version":\s*"([^"]+)"/.exec(text);
  return match?.[1] ?? '0.0.0';
}

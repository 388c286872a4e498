// The builtin analyzer's exact identity for persistent scan caches: a hash of the program text that decides its
// findings — every rule and engine module in this folder (and below it), the fingerprint and python-syntax modules it
// uses, and the tree-sitter grammar's version. Its version string alone would not do: rules change between releases
// without a version bump. Computed once per process, at first use, from the files as loaded (the .js in dist, the .ts
// under vitest), so it never changes the analysis itself.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { builtinAnalyzerVersion } from './builtin-analyzer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.extname(fileURLToPath(import.meta.url));

function moduleFiles(directory: string, skip: ReadonlySet<string>): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return skip.has(entry.name) ? [] : moduleFiles(full, skip);
      const isModule = entry.name.endsWith(extension) && !entry.name.endsWith(`.d${extension}`);
      return isModule && !entry.name.includes('.test.') ? [full] : [];
    })
    .sort();
}

function grammarVersions(): string {
  const require = createRequire(import.meta.url);
  // recheck decides which fixed regular expressions backtrack exponentially (rules/regex-complexity.ts)
  return ['tree-sitter/package.json', 'tree-sitter-python/package.json', 'recheck/package.json']
    .map((name) => {
      try {
        return readFileSync(require.resolve(name), 'utf8');
      } catch {
        return `${name}: unresolved`;
      }
    })
    .join('\n');
}

let identity: string | undefined;

export function builtinAnalyzerIdentity(): string {
  if (identity !== undefined) return identity;
  const hash = createHash('sha256').update(`builtin ${builtinAnalyzerVersion}\n`).update(grammarVersions());
  // The challenge folder holds test corpora, not rules.
  const files = [
    ...moduleFiles(here, new Set(['challenge'])),
    path.join(here, '..', `fingerprint${extension}`),
    ...moduleFiles(path.join(here, '..', '..', 'python-syntax'), new Set()),
  ];
  for (const file of files) {
    hash.update(`\n${path.relative(path.join(here, '..', '..'), file)}\n`).update(readFileSync(file));
  }
  identity = `builtin ${builtinAnalyzerVersion} sha256:${hash.digest('hex')}`;
  return identity;
}

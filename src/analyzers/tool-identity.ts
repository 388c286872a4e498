// Exact identities for caching the results of a command-line engine (ruff, semgrep). A cached result is the whole
// finding list as fdsp reports it, so its key must pin both sides: the tool's answer (its version and options, and
// for semgrep the rules' content) and fdsp's own reading of it — the output mapping of the engine's folder, the rule
// names and CWEs it takes from Bandit's table, and the fingerprint with the syntax modules and grammar it parses with.
// fdsp's side is hashed from the program files as loaded (the .js in dist, the .ts under vitest), like builtin's.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What results are cached under, or why they are not (an identity that would not pin the findings). */
export type CacheIdentity = { readonly identity: string } | { readonly uncached: string };

const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.extname(fileURLToPath(import.meta.url));

/** Every file under `directory`, sorted, as [path relative to `base`, bytes]; `keep` picks the names. */
export function filesUnder(directory: string, base: string, keep: (name: string) => boolean): [string, Buffer][] {
  return readdirSync(directory, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry): [string, Buffer][] => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return filesUnder(full, base, keep);
      return entry.isFile() && keep(entry.name) ? [[path.relative(base, full), readFileSync(full)]] : [];
    });
}

function isModule(name: string): boolean {
  return name.endsWith(extension) && !name.endsWith(`.d${extension}`) && !name.includes('.test.');
}

/** sha256 over named contents: a rename, an edit, an added or removed file all change it. */
export function contentDigest(files: readonly (readonly [string, Uint8Array])[]): string {
  const hash = createHash('sha256');
  for (const [name, bytes] of files) hash.update(`\n${name}\n${String(bytes.byteLength)}\n`).update(bytes);
  return hash.digest('hex');
}

const digests = new Map<string, string>();

/** A hash of fdsp's side of an engine's results: the engine's own folder under src/analyzers, and what it shares. */
export function fdspReadingDigest(engineFolder: string): string {
  const known = digests.get(engineFolder);
  if (known !== undefined) return known;
  const require = createRequire(import.meta.url);
  const grammar = ['tree-sitter/package.json', 'tree-sitter-python/package.json'].map((name): [string, Buffer] => {
    try {
      return [name, readFileSync(require.resolve(name))];
    } catch {
      return [name, Buffer.from('unresolved')];
    }
  });
  const files = [
    ...filesUnder(path.join(here, engineFolder), here, isModule),
    ...[path.join('bandit', `bandit-rules${extension}`), `fingerprint${extension}`].map((name): [string, Buffer] => [
      name,
      readFileSync(path.join(here, name)),
    ]),
    ...filesUnder(path.join(here, '..', 'python-syntax'), here, isModule),
    ...grammar,
  ];
  const digest = contentDigest(files);
  digests.set(engineFolder, digest);
  return digest;
}

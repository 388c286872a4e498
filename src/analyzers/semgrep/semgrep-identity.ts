// The key Semgrep's results are cached under. Semgrep's version does not pin what it finds — the rules do — so the
// key holds a hash of the rules' content: a rules file's bytes, or every file under a rules folder with its relative
// name (whatever semgrep would load from it, and more: an edit anywhere there re-scans). Registry rules (p/python,
// auto, a URL) are fetched by name and can change under it, so they are never cached, and the reason says so.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { contentDigest, fdspReadingDigest, filesUnder, type CacheIdentity } from '../tool-identity.js';
import { describeSemgrepConfig, type SemgrepConfig } from './semgrep-config.js';

/** The rules' content hash for a file or folder config (read now: a rule edited after this is a new identity). */
export function semgrepRulesDigest(rulesPath: string): string {
  const files = statSync(rulesPath).isDirectory()
    ? filesUnder(rulesPath, rulesPath, () => true)
    : [[path.basename(rulesPath), readFileSync(rulesPath)] as const];
  return contentDigest(files);
}

export function semgrepCacheIdentity(config: SemgrepConfig, version: string): CacheIdentity {
  if (config.kind === 'registry')
    return {
      uncached: `semgrep results are not cached: registry rules ${config.id} can change under the same name (save them as a file for --semgrep-config to cache them)`,
    };
  if (config.kind === 'missing') return { uncached: `semgrep rules ${describeSemgrepConfig(config)} do not exist` };
  return {
    identity: `semgrep ${version} rules sha256:${semgrepRulesDigest(config.path)} fdsp sha256:${fdspReadingDigest('semgrep')}`,
  };
}

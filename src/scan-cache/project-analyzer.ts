// The analyzers of `fdsp scan`/`fix` with their results persisted in the project's store: Bandit through its answer
// cache (keyed by Bandit's exact install), builtin through the result cache (keyed by a hash of its rules and engine).
// Semgrep and CodeQL are not persisted: their reported version does not pin the rules they load (a registry ruleset
// or query pack can change under the same version), so a cached answer could be stale.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { createBanditEngine } from '../analyzers/bandit/index.js';
import { builtinAnalyzerIdentity, builtinCacheKeys, createBuiltinAnalyzer } from '../analyzers/builtin/index.js';
import { createAnalyzers, type AnalyzerFactoryOptions, type AnalyzerName } from '../analyzers/registry.js';
import type { Analyzer } from '../analyzers/types.js';
import { AnalyzerUnion } from '../analyzers/union.js';
import { FdspError } from '../errors/index.js';
import { defaultStorePath, openStore, type Store } from '../store/index.js';
import { createStoreScanCache } from './bandit-store.js';
import { persistResults } from './result-cache.js';

export interface ProjectEngineOptions extends AnalyzerFactoryOptions {
  /** Builtin reads the scanned files as one program (flows across their imports): `fdsp scan` and baselines. */
  readonly crossModule?: boolean;
}

export function createCachedAnalyzers(
  names: readonly AnalyzerName[],
  store: Store,
  options: ProjectEngineOptions = {},
): Analyzer {
  const members = names.map((name): Analyzer => {
    if (name === 'bandit') {
      return createBanditEngine({
        cache: createStoreScanCache(store),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.banditPython ? { python: options.banditPython } : {}),
      });
    }
    if (name === 'builtin' && options.crossModule === true) {
      // A file's findings now depend on the modules it imports: the key covers them.
      return persistResults(createBuiltinAnalyzer({ crossModule: true }), builtinAnalyzerIdentity(), store, {
        batchKeys: builtinCacheKeys,
      });
    }
    if (name === 'builtin') return persistResults(createBuiltinAnalyzer(), builtinAnalyzerIdentity(), store);
    return createAnalyzers([name], options);
  });
  return members.length === 1 && members[0] ? members[0] : new AnalyzerUnion(members);
}

export interface ProjectAnalyzerOptions extends ProjectEngineOptions {
  /** The project root: the store is `<root>/.fdsp/fdsp.db` unless FDSP_DB names another. */
  readonly root: string;
  /** False for `--no-cache`: nothing read or written. */
  readonly cache: boolean;
  readonly environment?: NodeJS.ProcessEnv;
}

/** `.fdsp/` holds a cache, not project files: like .pytest_cache, it tells git to ignore it (never overwriting). */
function ignoreInGit(directory: string, root: string): void {
  if (path.resolve(directory) !== path.join(path.resolve(root), '.fdsp')) return;
  const file = path.join(directory, '.gitignore');
  if (!existsSync(file)) writeFileSync(file, '# created by fdsp: its store and scan cache\n*\n');
}

/** The analyzers for a project run; a store that cannot be opened (read-only checkout) only costs the cache. */
export function openProjectAnalyzers(names: readonly AnalyzerName[], options: ProjectAnalyzerOptions): Analyzer {
  const { root: _root, cache: _cache, environment: _environment, crossModule, ...factory } = options;
  if (!options.cache) {
    if (crossModule !== true || !names.includes('builtin')) return createAnalyzers(names, factory);
    const members = names.map((name) =>
      name === 'builtin' ? createBuiltinAnalyzer({ crossModule: true }) : createAnalyzers([name], factory),
    );
    return members.length === 1 && members[0] ? members[0] : new AnalyzerUnion(members);
  }
  let store: Store;
  try {
    const storePath = defaultStorePath(options.environment ?? process.env, options.root);
    store = openStore(storePath);
    ignoreInGit(path.dirname(storePath), options.root);
  } catch (error: unknown) {
    if (FdspError.isInstance(error) && error.code === 'STORE_FAILED')
      return openProjectAnalyzers(names, { ...options, cache: false });
    throw error;
  }
  return createCachedAnalyzers(names, store, { ...factory, ...(crossModule === undefined ? {} : { crossModule }) });
}

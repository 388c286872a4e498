// The analyzers of `fdsp scan`/`fix` with their results persisted in the project's store, each under an identity that
// pins what decides its findings: Bandit through its answer cache (keyed by Bandit's exact install), builtin by a hash
// of its rules and engine, ruff by its version and selected rules, Semgrep by its version and a hash of its rule
// files' content (src/analyzers/tool-identity.ts holds fdsp's side of those keys). Not persisted: Semgrep with
// registry rules (they can change under the same name; a one-line note says so) and CodeQL (its reported version
// does not pin the query pack it loads).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { createBanditEngine } from '../analyzers/bandit/index.js';
import { builtinAnalyzerIdentity, builtinCacheKeys, createBuiltinAnalyzer } from '../analyzers/builtin/index.js';
import { createAnalyzers, type AnalyzerFactoryOptions, type AnalyzerName } from '../analyzers/registry.js';
import { createRuffAnalyzer } from '../analyzers/ruff/index.js';
import { createSemgrepAnalyzer } from '../analyzers/semgrep/index.js';
import type { Analyzer } from '../analyzers/types.js';
import { AnalyzerUnion } from '../analyzers/union.js';
import { FdspError } from '../errors/index.js';
import { defaultStorePath, openStore, type Store } from '../store/index.js';
import { createStoreScanCache } from './bandit-store.js';
import { persistResults, type PersistOptions } from './result-cache.js';

export interface CachedAnalyzerOptions extends AnalyzerFactoryOptions {
  /** Told why an analyzer's results are not cached (default: one line on stderr). */
  readonly onUncached?: PersistOptions['onUncached'];
}

function noteOnStderr(reason: string): void {
  process.stderr.write(`fdsp: ${reason}\n`);
}

export interface ProjectEngineOptions extends CachedAnalyzerOptions {
  /** Builtin reads the scanned files as one program (flows across their imports): `fdsp scan` and baselines. */
  readonly crossModule?: boolean;
}

export function createCachedAnalyzers(
  names: readonly AnalyzerName[],
  store: Store,
  options: ProjectEngineOptions = {},
): Analyzer {
  const persist = { onUncached: options.onUncached ?? noteOnStderr };
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
    if (name === 'ruff') {
      const ruff = createRuffAnalyzer();
      return persistResults(ruff, () => ruff.cacheIdentity(), store, persist);
    }
    if (name === 'semgrep') {
      const semgrep = createSemgrepAnalyzer(options.semgrepConfig ? { config: options.semgrepConfig } : {});
      return persistResults(semgrep, () => semgrep.cacheIdentity(), store, persist);
    }
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
  const { root: _root, cache: _cache, environment: _environment, onUncached, crossModule, ...factory } = options;
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
  return createCachedAnalyzers(names, store, {
    ...factory,
    ...(onUncached ? { onUncached } : {}),
    ...(crossModule === undefined ? {} : { crossModule }),
  });
}

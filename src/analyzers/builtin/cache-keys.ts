// The scan cache's view of cross-module analysis: which files' results depend on other files of the batch (and so
// need a key covering them) and which files a re-analysis must see together. Read from import lines alone, without
// parsing, so a re-scan of an unchanged tree stays a hash and a lookup per file.
import type { SourceFile } from '../types.js';
import { dependencyKeys, projectLayout, withDependencies } from './engine/project-modules.js';

export interface CacheKeys {
  /** Per file: a key covering the modules it imports, or undefined when its text alone decides its result. */
  readonly keys: readonly (string | undefined)[];
  /** The files (indexes) to analyse so that `indexes` see every module they import. */
  context(indexes: readonly number[]): number[];
}

export function builtinCacheKeys(files: readonly SourceFile[]): CacheKeys {
  const layout = projectLayout(files);
  // Module names come from the package folders' `__init__.py` files: a re-analysis needs all of them present.
  const packages = layout.modules.flatMap((module, index) => (module.module.isPackage ? [index] : []));
  return {
    keys: dependencyKeys(files, layout),
    context: (indexes) => withDependencies(layout, [...indexes, ...packages]),
  };
}

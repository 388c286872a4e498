// Runs python/ast-variants.py with the engines' Python (it only parses and unparses, never executes the files) and
// reads its JSON answer: the variants of each file under each transform. Shared by `eval:robustness` and its tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { packageRoot } from '../../support/package-root.js';
import { resolveBanditPython } from '../bandit/index.js';
import { variantsSchema } from './robustness.js';

export type Variants = ReturnType<typeof variantsSchema.parse>['variants'];

export function runVariantScript(
  files: readonly { readonly id: string; readonly text: string }[],
  transforms?: readonly string[],
): Variants {
  const result = spawnSync(resolveBanditPython(), [path.join(packageRoot(), 'python', 'ast-variants.py')], {
    input: JSON.stringify({ files, ...(transforms ? { transforms } : {}) }),
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ast-variants.py failed: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  return variantsSchema.parse(JSON.parse(result.stdout)).variants;
}

/** One file's variant under one transform; null when the transform does not apply or the file does not parse. */
export function variantOf(text: string, transform: string): string | null {
  return runVariantScript([{ id: 'a', text }], [transform])[0]?.text ?? null;
}

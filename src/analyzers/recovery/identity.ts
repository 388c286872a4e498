// What decides the recovered code of a rejected file: the policy and driver modules, hashed as loaded (the .js in
// dist, the .ts under vitest). A cached Bandit answer for a rejected file holds the findings of its recovered code, so
// the answer cache's key covers this hash: a changed policy never serves the old recovery.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.extname(fileURLToPath(import.meta.url));

let identity: string | undefined;

export function recoveryIdentity(): string {
  identity ??= createHash('sha256')
    .update(
      ['recovery-policy', 'recover-code']
        .map((name) => readFileSync(path.join(here, name + extension), 'utf8'))
        .join('\0'),
    )
    .digest('hex');
  return identity;
}

// `--policy study|precise`, shared by scan, fix and bench. Defaults differ on purpose: bench replicates the papers
// (every finding blocks), scan and fix judge the user's code (import-only audit notes are advisory).
import { Option } from 'commander';

import { oraclePolicies, type OraclePolicy } from '../analyzers/index.js';

export const policyHelp =
  'study: every finding blocks (as in the papers); precise: findings that securing the code can never resolve ' +
  '(e.g. `import subprocess` used safely) are advisory (see docs/architecture.md, "Oracle policy")';

/**
 * The option with its default; with `configKey` the default is only described, so a study file's `policy` key still
 * applies when the flag is absent (the config schema supplies the default).
 */
export function policyOption(fallback: OraclePolicy, options: { readonly configKey?: boolean } = {}): Option {
  const option = new Option('--policy <policy>', `which findings block: ${policyHelp}`).choices([...oraclePolicies]);
  if (options.configKey !== true) return option.default(fallback);
  option.defaultValueDescription = `${fallback}, or the config file's \`policy\``;
  return option;
}

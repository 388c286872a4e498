// `--policy study|precise`, shared by scan, fix and bench. Defaults differ on purpose: bench replicates the papers
// (every finding blocks), scan and fix judge the user's code (import-only audit notes are advisory).
import { Option } from 'commander';

import { oraclePolicies, type OraclePolicy } from '../analyzers/index.js';

export const policyHelp =
  'study: every finding blocks (as in the papers); precise: findings that securing the code can never resolve ' +
  '(e.g. `import subprocess` used safely) are advisory (see docs/architecture.md, "Oracle policy")';

/** The option; `fallback` is shown as the default, or left to a config file when undefined (bench). */
export function policyOption(fallback?: OraclePolicy): Option {
  const option = new Option('--policy <policy>', `which findings block: ${policyHelp}`).choices([...oraclePolicies]);
  return fallback === undefined ? option : option.default(fallback);
}

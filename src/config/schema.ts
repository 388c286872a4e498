// The project configuration's keys and allowed values: `[tool.fdsp]` in pyproject.toml or the top level of .fdsp.toml.
// Keys are kebab-case like ruff's; every value is checked here so a typo is an error, never a silently ignored key.
import { z } from 'zod';

import { oraclePolicies } from '../analyzers/policy/index.js';
import { analyzerRegistry } from '../analyzers/registry.js';
import { oracleKinds } from '../security-tests/oracle.js';
import { repairStrategyNames } from '../strategies/types.js';

export const levels = ['low', 'medium', 'high'] as const;
/** `study` blocks on every finding, as the papers' oracle; `precise` makes import-only audit notes advisory. */
export const policies = oraclePolicies;
/** What verifies a repair: the analyzers, the security tests, or both. */
export const oracles = oracleKinds;

export type Level = (typeof levels)[number];
export type Policy = (typeof policies)[number];
export type Oracle = (typeof oracles)[number];

const analyzerNames = Object.keys(analyzerRegistry);

const positive = z.number().int().min(1);

export const boundsSchema = z.strictObject({
  solutions: positive.optional(),
  refinements: positive.optional(),
  rounds: positive.optional(),
});

export const projectConfigSchema = z.strictObject({
  analyzers: z
    .array(z.enum(analyzerNames as [string, ...string[]]))
    .min(1)
    .optional(),
  policy: z.enum(policies).optional(),
  'min-severity': z.enum(levels).optional(),
  'min-confidence': z.enum(levels).optional(),
  include: z.array(z.string().min(1)).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  baseline: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  'repair-model': z.string().min(1).optional(),
  strategy: z.enum(repairStrategyNames).optional(),
  bounds: boundsSchema.optional(),
  oracle: z.enum(oracles).optional(),
  tests: z.array(z.string().min(1)).optional(),
});

export type ProjectConfigFile = z.infer<typeof projectConfigSchema>;

/** What each key accepts, for error messages and `fdsp config show --help`. */
export const allowedValues: Readonly<Record<string, string>> = {
  analyzers: `a list of: ${analyzerNames.join(', ')}`,
  policy: policies.join(' | '),
  'min-severity': levels.join(' | '),
  'min-confidence': levels.join(' | '),
  include: 'a list of glob patterns relative to the project root',
  exclude: 'a list of glob patterns relative to the project root',
  baseline: 'a path to a baseline file (fdsp baseline create)',
  model: 'provider:model, e.g. openai:gpt-4',
  'repair-model': 'provider:model, e.g. openai:gpt-4',
  strategy: repairStrategyNames.join(' | '),
  bounds: 'a table with solutions, refinements, rounds (whole numbers >= 1)',
  'bounds.solutions': 'a whole number >= 1',
  'bounds.refinements': 'a whole number >= 1',
  'bounds.rounds': 'a whole number >= 1',
  oracle: oracles.join(' | '),
  tests: 'a list of Python unittest files relative to the project root',
};

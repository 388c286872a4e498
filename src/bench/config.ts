// A run's options: the same keys on the command line and in a study file (YAML or JSON). Validated with zod; an error
// names the offending key. The normalized config is stored with the run, so `bench resume` needs nothing else.
import { readFile } from 'node:fs/promises';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { oraclePolicies } from '../analyzers/policy/index.js';
import { analyzerRegistry } from '../analyzers/registry.js';
import { FdspError, errorMessage } from '../errors/index.js';
import { oracleKinds } from '../security-tests/index.js';
import { repairStrategyNames } from '../strategies/types.js';

export const benchStrategyNames = [...repairStrategyNames, 'detect'] as const;
export type BenchStrategyName = (typeof benchStrategyNames)[number];

const positiveInteger = z.number().int().min(1);

/** The functional gate: off (the studies' setting) or the task's own unit test. */
export const benchGateKinds = ['off', 'unit-test'] as const;

export const benchConfigSchema = z.strictObject({
  dataset: z.string().min(1),
  datasetsDir: z.string().min(1).optional(),
  strategies: z.array(z.enum(benchStrategyNames)).min(1),
  model: z.string().min(1),
  repairModel: z.string().min(1).optional(),
  runs: positiveInteger.default(1),
  limit: positiveInteger.optional(),
  concurrency: positiveInteger.default(8),
  analyzers: z
    .array(z.enum(Object.keys(analyzerRegistry) as [keyof typeof analyzerRegistry]))
    .min(1)
    .default(['bandit']),
  /** Which findings block (stop the loop, count in metrics): `study` (all, as in the papers) or `precise`. */
  policy: z.enum(oraclePolicies).default('study'),
  /** Base seed: run i asks the model with seed + i (where the provider honours seeds) and sample index i. */
  seed: z.number().int().min(0).default(0),
  temperature: z.number().min(0).max(2).optional(),
  bounds: z
    .strictObject({
      solutions: positiveInteger.optional(),
      refinements: positiveInteger.optional(),
      rounds: positiveInteger.optional(),
    })
    .optional(),
  guards: z.boolean().default(true),
  /** `unit-test`: a candidate must also pass the task's unit test in the sandbox (tasks without one are ungated). */
  gate: z.enum(benchGateKinds).default('off'),
  /** Who judges candidates in the repair loop: the analyzers (the studies), the task's security tests, or both. */
  oracle: z.enum(oracleKinds).default('analyzers'),
  unitTests: z.boolean().default(true),
  /** Detection: a review CSV (`CWE-XXX/file.py,1|0.5|0`) beside its `generatedCode_<model>/` folder. */
  labels: z.string().min(1).optional(),
  promptVersion: z.string().min(1).optional(),
  promptsDir: z.string().min(1).optional(),
  /** An OpenAI-compatible server (or Ollama/Anthropic host) instead of the provider's default. Never a key. */
  baseUrl: z.url().optional(),
  syntaxRetries: z.number().int().min(0).optional(),
});

export type BenchConfig = z.infer<typeof benchConfigSchema>;
export type BenchConfigInput = z.input<typeof benchConfigSchema>;

function describeIssues(error: z.ZodError, source: string): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
      return `${source}: ${key}: ${issue.message}`;
    })
    .join('\n');
}

/** Validate a config (file contents merged with command-line options); CONFIG_INVALID names every bad key. */
export function parseBenchConfig(input: unknown, source = 'config'): BenchConfig {
  const parsed = benchConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new FdspError('CONFIG_INVALID', describeIssues(parsed.error, source), {
      hint: 'see README.md, "fdsp bench", for the keys; examples/study-fdsp-securityeval.yaml is a complete study',
    });
  }
  const config = parsed.data;
  if (config.strategies.includes('detect') && config.labels === undefined) {
    throw new FdspError('CONFIG_INVALID', `${source}: labels: the detect strategy needs a label file`, {
      hint: 'e.g. labels: ../shared/labelled/llmsecurecode-rq1/review_gpt4.csv',
    });
  }
  return { ...config, strategies: [...new Set(config.strategies)] };
}

/** Read a YAML or JSON study file into a plain object (validated later, after command-line overrides). */
export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new FdspError('PATH_NOT_FOUND', `cannot read config file ${file}: ${errorMessage(error)}`);
  }
  let value: unknown;
  try {
    value = file.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error: unknown) {
    throw new FdspError(
      'CONFIG_INVALID',
      `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${errorMessage(error)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FdspError('CONFIG_INVALID', `${file}: (top level): expected a mapping of options`);
  }
  return value as Record<string, unknown>;
}

/** Split `a,b , c` lists from the command line. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

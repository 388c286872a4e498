// The effective configuration: each setting is a flag when one was given, else the project file's value, else the
// environment (FDSP_MODEL), else the default — and remembers which, for `fdsp config show`. Pure: the loaded file,
// the flags and the environment come in as values.
import path from 'node:path';

import { defaultAnalyzers } from '../analyzers/registry.js';
import { defaultBounds } from '../strategies/registry.js';
import type { RepairStrategyName } from '../strategies/types.js';
import type { LoadedConfig } from './load.js';
import type { Level, Oracle, Policy } from './schema.js';

export interface Setting<T> {
  readonly value: T;
  /** `default`, `flag --name`, `env NAME` or `<file> key`. */
  readonly source: string;
}

export interface EffectiveConfig {
  readonly file: string | undefined;
  readonly root: string;
  readonly analyzers: Setting<readonly string[]>;
  readonly policy: Setting<Policy>;
  readonly minSeverity: Setting<Level>;
  readonly minConfidence: Setting<Level>;
  readonly include: Setting<readonly string[]>;
  readonly exclude: Setting<readonly string[]>;
  /** Absolute path, or null for none. */
  readonly baseline: Setting<string | null>;
  readonly model: Setting<string | null>;
  readonly repairModel: Setting<string | null>;
  readonly strategy: Setting<RepairStrategyName>;
  readonly solutions: Setting<number>;
  readonly refinements: Setting<number>;
  readonly rounds: Setting<number>;
  readonly oracle: Setting<Oracle>;
  /** Absolute paths. */
  readonly tests: Setting<readonly string[]>;
}

/** Values given on the command line (only those the user typed; commander's defaults are not flags). */
export interface FlagValues {
  readonly analyzers?: readonly string[];
  readonly policy?: Policy;
  readonly minSeverity?: Level;
  readonly minConfidence?: Level;
  readonly baseline?: string;
  readonly model?: string;
  readonly repairModel?: string;
  readonly strategy?: RepairStrategyName;
  readonly solutions?: number;
  readonly refinements?: number;
  readonly rounds?: number;
  readonly oracle?: Oracle;
  readonly tests?: readonly string[];
}

export const flagNames: Readonly<Record<keyof FlagValues, string>> = {
  analyzers: '--analyzers',
  policy: '--policy',
  minSeverity: '--min-severity',
  minConfidence: '--min-confidence',
  baseline: '--baseline',
  model: '--model',
  repairModel: '--repair-model',
  strategy: '--strategy',
  solutions: '--solutions',
  refinements: '--refinements',
  rounds: '--rounds',
  oracle: '--oracle',
  tests: '--test',
};

export interface ResolveInput {
  readonly loaded: LoadedConfig;
  readonly flags: FlagValues;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Flag paths are relative to the working directory, file paths to the project root. */
  readonly cwd: string;
  /** The project root's .fdsp-baseline.json when it exists: used when nothing names a baseline. */
  readonly foundBaseline?: string;
}

export function resolveConfig({ loaded, flags, environment, cwd, foundBaseline }: ResolveInput): EffectiveConfig {
  const file = loaded.values;
  const fromFile = (key: string): string =>
    `${loaded.file ?? ''} ${loaded.table === '' ? key : `${loaded.table} ${key}`}`;
  function pick<T>(
    flagKey: keyof FlagValues | undefined,
    fileKey: string,
    fileValue: T | undefined,
    fallback: Setting<T>,
    flag?: T,
  ): Setting<T> {
    if (flag !== undefined && flagKey !== undefined) return { value: flag, source: `flag ${flagNames[flagKey]}` };
    if (fileValue !== undefined) return { value: fileValue, source: fromFile(fileKey) };
    return fallback;
  }
  const byDefault = <T>(value: T): Setting<T> => ({ value, source: 'default' });
  const fromRoot = (value: string): string => path.resolve(loaded.root, value);
  const fromCwd = (value: string): string => path.resolve(cwd, value);
  const environmentModel = environment.FDSP_MODEL;
  const modelFallback: Setting<string | null> =
    environmentModel !== undefined && environmentModel.trim() !== ''
      ? { value: environmentModel, source: 'env FDSP_MODEL' }
      : byDefault(null);
  const model = pick('model', 'model', file.model, modelFallback, flags.model);
  return {
    file: loaded.file,
    root: loaded.root,
    analyzers: pick('analyzers', 'analyzers', file.analyzers, byDefault(defaultAnalyzers), flags.analyzers),
    policy: pick('policy', 'policy', file.policy, byDefault<Policy>('precise'), flags.policy),
    minSeverity: pick('minSeverity', 'min-severity', file['min-severity'], byDefault<Level>('low'), flags.minSeverity),
    minConfidence: pick(
      'minConfidence',
      'min-confidence',
      file['min-confidence'],
      byDefault<Level>('low'),
      flags.minConfidence,
    ),
    // Globs are a project's property: no flag, the paths given on the command line already choose.
    include: pick(undefined, 'include', file.include, byDefault<readonly string[]>([])),
    exclude: pick(undefined, 'exclude', file.exclude, byDefault<readonly string[]>([])),
    baseline: pick(
      'baseline',
      'baseline',
      file.baseline === undefined ? undefined : fromRoot(file.baseline),
      // A committed baseline in the root is the project's, so hooks and CI respect it without a flag.
      foundBaseline === undefined
        ? byDefault(null)
        : { value: foundBaseline, source: 'default (found in the project root)' },
      flags.baseline === undefined ? undefined : fromCwd(flags.baseline),
    ),
    model,
    // Repairs use the writing model unless another is named.
    repairModel: pick(
      'repairModel',
      'repair-model',
      file['repair-model'],
      { value: null, source: 'default (the model)' },
      flags.repairModel,
    ),
    strategy: pick('strategy', 'strategy', file.strategy, byDefault<RepairStrategyName>('fdsp'), flags.strategy),
    solutions: pick(
      'solutions',
      'bounds.solutions',
      file.bounds?.solutions,
      byDefault(defaultBounds.solutions),
      flags.solutions,
    ),
    refinements: pick(
      'refinements',
      'bounds.refinements',
      file.bounds?.refinements,
      byDefault(defaultBounds.refinements),
      flags.refinements,
    ),
    rounds: pick('rounds', 'bounds.rounds', file.bounds?.rounds, byDefault(defaultBounds.rounds), flags.rounds),
    oracle: pick('oracle', 'oracle', file.oracle, byDefault<Oracle>('analyzers'), flags.oracle),
    tests: pick(
      'tests',
      'tests',
      file.tests?.map(fromRoot),
      byDefault<readonly string[]>([]),
      flags.tests === undefined || flags.tests.length === 0 ? undefined : flags.tests.map(fromCwd),
    ),
  };
}

/** `fdsp config show` as text: one `key = value    # source` line per setting. */
export function renderConfig(config: EffectiveConfig): string {
  const rows: [string, unknown, string][] = [
    ['analyzers', config.analyzers.value, config.analyzers.source],
    ['policy', config.policy.value, config.policy.source],
    ['min-severity', config.minSeverity.value, config.minSeverity.source],
    ['min-confidence', config.minConfidence.value, config.minConfidence.source],
    ['include', config.include.value, config.include.source],
    ['exclude', config.exclude.value, config.exclude.source],
    ['baseline', config.baseline.value, config.baseline.source],
    ['model', config.model.value, config.model.source],
    ['repair-model', config.repairModel.value, config.repairModel.source],
    ['strategy', config.strategy.value, config.strategy.source],
    ['bounds.solutions', config.solutions.value, config.solutions.source],
    ['bounds.refinements', config.refinements.value, config.refinements.source],
    ['bounds.rounds', config.rounds.value, config.rounds.source],
    ['oracle', config.oracle.value, config.oracle.source],
    ['tests', config.tests.value, config.tests.source],
  ];
  const header = `# configuration file: ${config.file ?? '(none: defaults)'}\n# project root: ${config.root}\n`;
  const width = Math.max(...rows.map(([key, value]) => `${key} = ${JSON.stringify(value)}`.length));
  return `${header}${rows.map(([key, value, source]) => `${`${key} = ${JSON.stringify(value)}`.padEnd(width)}  # ${source}`).join('\n')}\n`;
}

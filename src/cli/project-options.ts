// Options and configuration shared by `scan`, `fix` and `baseline create`: --baseline, --changed, --no-cache, and
// the effective configuration (project file, then flags the user typed; commander's defaults are not flags).
import { existsSync } from 'node:fs';
import path from 'node:path';

import { Option, type Command } from 'commander';

import { z } from 'zod';

import {
  levels,
  loadProjectConfig,
  oracles,
  policies,
  resolveConfig,
  type EffectiveConfig,
  type FlagValues,
} from '../config/index.js';
import { defaultBaselineName } from '../baseline/index.js';
import { engineFactoryOptions, type EngineCommandOptions } from './analyzer-options.js';
import type { ProjectScanRequest } from '../project/index.js';
import { repairStrategyNames } from '../strategies/types.js';

const count = z.number().int().min(1).optional();

/** Commander has checked choices already; this is the typed boundary from its untyped option bag. */
const flagSchema = z.object({
  analyzers: z.array(z.string()).optional(),
  minSeverity: z.enum(levels).optional(),
  minConfidence: z.enum(levels).optional(),
  policy: z.enum(policies).optional(),
  oracle: z.enum(oracles).optional(),
  baseline: z.string().optional(),
  model: z.string().optional(),
  repairModel: z.string().optional(),
  strategy: z.enum(repairStrategyNames).optional(),
  solutions: count,
  refinements: count,
  rounds: count,
  tests: z.array(z.string()).optional(),
});

export function addProjectOptions(command: Command, { baseline = true, cache = true } = {}): Command {
  if (baseline) {
    command.option(
      '--baseline <file>',
      'report and act only on findings the baseline does not know (fdsp baseline create)',
    );
  }
  if (cache) {
    command.option(
      '--no-cache',
      'neither read nor write the scan cache in the project store (.fdsp/fdsp.db or $FDSP_DB)',
    );
  }
  return command.addOption(
    new Option(
      '--changed [ref]',
      'only Python files changed against the merge base with REF (default: the upstream branch, else HEAD), plus untracked ones',
    ),
  );
}

/** Values the user typed on this command line (not commander defaults), in the configuration's terms. */
export function typedFlags(command: Command): FlagValues {
  const options = command.opts<Record<string, unknown>>();
  const typed = (name: string): unknown => (command.getOptionValueSource(name) === 'cli' ? options[name] : undefined);
  const analyzers = typed('analyzers');
  const tests = typed('test');
  const raw: Record<string, unknown> = {
    analyzers:
      typeof analyzers === 'string'
        ? analyzers
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean)
        : undefined,
    minSeverity: typed('minSeverity'),
    minConfidence: typed('minConfidence'),
    policy: typed('policy'),
    oracle: typed('oracle'),
    baseline: typed('baseline'),
    model: typed('model'),
    repairModel: typed('repairModel'),
    strategy: typed('strategy'),
    solutions: typed('solutions'),
    refinements: typed('refinements'),
    rounds: typed('rounds'),
    tests: Array.isArray(tests) && tests.length > 0 ? tests : undefined,
  };
  // Absent, not undefined: the configuration tells "not typed" by the key's absence.
  return flagSchema.parse(Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)));
}

export function effectiveConfig(command: Command, cwd: string = process.cwd()): EffectiveConfig {
  const loaded = loadProjectConfig(cwd, process.env.FDSP_CONFIG);
  const found = path.join(loaded.root, defaultBaselineName);
  return resolveConfig({
    loaded,
    flags: typedFlags(command),
    environment: process.env,
    cwd,
    ...(existsSync(found) ? { foundBaseline: found } : {}),
  });
}

/** The options `scan` and `baseline create` share, as a project scan request. */
export interface ProjectScanOptions extends EngineCommandOptions {
  readonly maxFileSize: number;
  readonly changed?: string | boolean;
  readonly cache: boolean;
}

export function projectScanRequest(
  command: Command,
  paths: readonly string[],
  options: ProjectScanOptions,
  useBaseline: boolean,
): ProjectScanRequest {
  return {
    config: effectiveConfig(command),
    paths,
    changed: options.changed,
    cwd: process.cwd(),
    maxFileBytes: options.maxFileSize,
    cache: options.cache,
    useBaseline,
    engine: engineFactoryOptions(options),
  };
}

// What a run needs to be reproduced and trusted: versions, models, parameters, seeds, the prompt wording (hashed per
// template) and the exact task list. Never an API key or a base URL's credentials.
import { createHash } from 'node:crypto';

import type { Analyzer } from '../analyzers/types.js';
import { analyzerMembers } from '../analyzers/union.js';
import type { PromptSet } from '../pipeline/templates.js';
import { defaultBounds } from '../strategies/registry.js';
import { packageVersion } from '../support/package-root.js';
import type { BenchConfig } from './config.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function analyzerVersions(analyzer: Analyzer): Promise<Record<string, string>> {
  const members = analyzerMembers(analyzer);
  const entries = await Promise.all(members.map(async (member) => [member.name, await member.version()] as const));
  return Object.fromEntries(entries);
}

export async function buildManifest(input: {
  readonly config: BenchConfig;
  readonly datasetName: string;
  readonly taskIds: readonly string[];
  readonly labelSet: { readonly name: string; readonly ids: readonly string[] } | undefined;
  readonly analyzer: Analyzer;
  readonly prompts: PromptSet;
  readonly totalItems: number;
}): Promise<Record<string, unknown>> {
  const { config } = input;
  return {
    fdspVersion: packageVersion(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    createdAt: new Date().toISOString(),
    datasetName: input.datasetName,
    tasks: input.taskIds.length,
    taskIdsSha256: sha256(JSON.stringify(input.taskIds)),
    ...(input.labelSet === undefined
      ? {}
      : {
          labelSetName: input.labelSet.name,
          labelledItems: input.labelSet.ids.length,
          labelIdsSha256: sha256(JSON.stringify(input.labelSet.ids)),
        }),
    models: { generator: config.model, repair: config.repairModel ?? config.model },
    strategies: config.strategies,
    parameters: {
      temperature: config.temperature ?? 1,
      bounds: { ...defaultBounds, ...config.bounds },
      guards: config.guards,
      policy: config.policy,
      gate: config.gate,
      oracle: config.oracle,
      runs: config.runs,
      limit: config.limit ?? null,
      unitTests: config.unitTests,
    },
    seeds: Array.from({ length: config.runs }, (_, runIndex) => ({
      runIndex,
      sampleIndex: runIndex,
      seed: config.seed + runIndex,
    })),
    analyzers: await analyzerVersions(input.analyzer),
    prompts: {
      id: input.prompts.id,
      version: input.prompts.version,
      templates: Object.fromEntries(
        Object.entries(input.prompts.templates).map(([name, text]) => [name, sha256(text)]),
      ),
    },
    totalItems: input.totalItems,
  };
}

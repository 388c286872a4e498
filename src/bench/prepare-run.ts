// Preparing a run: load the dataset (and the detect label set), apply the limit, plan the work items and load the
// prompt set. The same for a new run and for a resumed one, so a resume replans exactly what was planned.

import { loadDataset, resolveDatasetsDirectory, type Task } from '../datasets/index.js';
import { FdspError } from '../errors/index.js';
import { loadPromptSet } from '../pipeline/index.js';
import type { BenchConfig } from './config.js';
import { loadLabelSet, type LabelledItem } from './labels.js';
import { planWorkItems } from './plan.js';
import { hasSecurityTests } from './security-test-oracle.js';

import type { PreparedRun } from './run-types.js';

export async function prepare(config: BenchConfig, environment: NodeJS.ProcessEnv): Promise<PreparedRun> {
  const repairStrategies = config.strategies.filter((strategy) => strategy !== 'detect');
  let tasks: Task[] = [];
  let datasetName = config.dataset;
  if (repairStrategies.length > 0) {
    const location = resolveDatasetsDirectory(config.datasetsDir, environment);
    const dataset = await loadDataset(config.dataset, location.directory);
    datasetName = dataset.name;
    tasks = [...dataset.tasks];
    if (tasks.length === 0) throw new FdspError('DATASET_INVALID', `dataset ${config.dataset} has no tasks`);
    if (config.oracle !== 'analyzers' && !tasks.some(hasSecurityTests)) {
      throw new FdspError(
        'CONFIG_INVALID',
        `oracle: ${config.oracle}: dataset ${config.dataset} has no security tests`,
        {
          hint: 'use a dataset whose tasks carry marked pytest files (cweval), or oracle: analyzers',
        },
      );
    }
  }
  let labelled: LabelledItem[] = [];
  let labelSetName: string | undefined;
  if (config.strategies.includes('detect') && config.labels !== undefined) {
    const set = loadLabelSet(config.labels);
    labelled = [...set.items];
    labelSetName = set.name;
  }
  if (config.limit !== undefined) {
    tasks = tasks.slice(0, config.limit);
    labelled = labelled.slice(0, config.limit);
  }
  const plan = planWorkItems({
    taskIds: tasks.map((task) => task.id),
    detectIds: labelled.map((item) => item.id),
    strategies: config.strategies,
    runs: config.runs,
  });
  const prompts = loadPromptSet({
    ...(config.promptVersion === undefined ? {} : { version: config.promptVersion }),
    ...(config.promptsDir === undefined ? {} : { directory: config.promptsDir }),
  });
  return { tasks, datasetName, labelled, labelSetName, plan, prompts };
}

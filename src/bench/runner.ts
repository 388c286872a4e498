// Starting and resuming runs: a new run gets its manifest, plan size and its own evaluation, then executes
// (execute-run.ts); a resumed run replans from its stored config and continues where it stopped.
import { randomBytes } from 'node:crypto';

import { withPolicy } from '../analyzers/policy/index.js';
import { FdspError } from '../errors/index.js';
import { preloadHttpClient } from '../llm/index.js';
import { preloadPythonParser } from '../python-syntax/index.js';
import { checkpointInBackground } from '../store/index.js';
import type { BenchConfig } from './config.js';
import { analyzerVersions, buildManifest, sha256 } from './manifest.js';
import { createEvaluation, createRun, readRun } from './run-store.js';
import { createRunAnalyzer } from './scan-cache.js';

import { execute } from './execute-run.js';
import { prepare } from './prepare-run.js';
import type { RunnerOptions, RunOutcome } from './run-types.js';

export type { PreparedRun, RunOutcome, RunProgress, RunnerOptions } from './run-types.js';

export function newRunId(date: Date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Create a run (manifest, plan size, its own evaluation) and execute it. */
export async function startRun(config: BenchConfig, options: RunnerOptions): Promise<RunOutcome> {
  const environment = { ...process.env, ...options.environment };
  const analyzer = withPolicy(options.analyzer ?? createRunAnalyzer(config.analyzers, options.store), config.policy);
  // The checkpoint thread starts with the set-up rather than with the first work items (execute shares it), and
  // its last checkpoint runs after the run's last commit rather than before the run returns its outcome.
  const checkpoints = checkpointInBackground(options.store);
  try {
    // The analyzers start (Bandit's workers import Bandit) while the HTTP client, the Python parser, the dataset and
    // prompts load: the main thread is otherwise idle until the workers answer.
    const starting = analyzerVersions(analyzer);
    starting.catch(() => undefined);
    preloadHttpClient();
    preloadPythonParser();
    const prepared = await prepare(config, environment);
    await starting;
    const runId = newRunId();
    const manifest = await buildManifest({
      config,
      datasetName: prepared.datasetName,
      taskIds: prepared.tasks.map((task) => task.id),
      labelSet:
        prepared.labelSetName === undefined
          ? undefined
          : { name: prepared.labelSetName, ids: prepared.labelled.map((item) => item.id) },
      analyzer,
      prompts: prepared.prompts,
      totalItems: prepared.plan.length,
    });
    const versions = await analyzerVersions(analyzer);
    options.store.transaction(() => {
      createRun(options.store, { id: runId, config, manifest, totalItems: prepared.plan.length });
      createEvaluation(options.store, runId, { kind: 'run', analyzers: config.analyzers, versions });
    });
    return await execute(runId, config, prepared, analyzer, options);
  } finally {
    if (options.analyzer === undefined) await analyzer.close();
    await checkpoints.stop();
  }
}

/** Continue a run after a crash or Ctrl-C: same plan, committed items skipped, partial traces removed. */
export async function resumeRun(runId: string, options: RunnerOptions): Promise<RunOutcome> {
  const run = readRun(options.store, runId);
  const environment = { ...process.env, ...options.environment };
  preloadHttpClient();
  preloadPythonParser();
  const prepared = await prepare(run.config, environment);
  const expected = run.manifest.taskIdsSha256;
  if (typeof expected === 'string' && expected !== sha256(JSON.stringify(prepared.tasks.map((task) => task.id)))) {
    throw new FdspError('DATASET_INVALID', `the dataset's tasks differ from those run ${runId} was planned with`, {
      hint: 'resume with the same dataset files (datasetsDir / FDSP_DATASETS) the run started with',
    });
  }
  const analyzer = withPolicy(
    options.analyzer ?? createRunAnalyzer(run.config.analyzers, options.store),
    run.config.policy,
  );
  const checkpoints = checkpointInBackground(options.store);
  try {
    return await execute(runId, run.config, prepared, analyzer, options);
  } finally {
    if (options.analyzer === undefined) await analyzer.close();
    await checkpoints.stop();
  }
}

// `fdsp bench run|resume|list|show|rescore`: resumable benchmark runs in the store and the studies' metrics.
// Exit codes: 0 done, 1 the run ended with items left (errors or interrupted: resume it), 2 error or bad usage.
import { Option, type Command } from 'commander';

import { parseAnalyzerNames } from '../../analyzers/index.js';
import {
  benchGateKinds,
  listRuns,
  parseBenchConfig,
  readConfigFile,
  resumeRun,
  splitList,
  startRun,
  type RunOutcome,
} from '../../bench/index.js';
import { createProgressDisplay } from '../../bench/progress.js';
import { rescoreRun } from '../../bench/rescore.js';
import { createRunAnalyzer } from '../../bench/scan-cache.js';
import { buildRunReport, renderRunReport } from '../../bench/show.js';
import { oracleKinds } from '../../security-tests/index.js';
import { openStore, defaultStorePath, type Store } from '../../store/index.js';
import { parsePositiveInteger } from '../options.js';
import { policyOption } from '../policy-option.js';

interface RunCommandOptions {
  config?: string;
  dataset?: string;
  datasetsDir?: string;
  strategies?: string;
  model?: string;
  repairModel?: string;
  runs?: number;
  limit?: number;
  concurrency?: number;
  analyzers?: string;
  policy?: string;
  seed?: number;
  temperature?: number;
  labels?: string;
  baseUrl?: string;
  guards?: boolean;
  gate?: string;
  oracle?: string;
  unitTests?: boolean;
  db?: string;
  format: 'text' | 'json';
}

function parseNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error('expected a number');
  return parsed;
}

function parseWhole(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error('expected a whole number');
  return parsed;
}

const formatOption = (): Option =>
  new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');
const dbOption = (): Option => new Option('--db <path>', 'the SQLite store (default: $FDSP_DB or .fdsp/fdsp.db)');

function open(db: string | undefined): Store {
  return openStore(db ?? defaultStorePath());
}

/** Command-line options over the config file's keys: the file holds the study, flags tweak one invocation. */
async function configFrom(options: RunCommandOptions): Promise<ReturnType<typeof parseBenchConfig>> {
  const fromFile = options.config === undefined ? {} : await readConfigFile(options.config);
  const flags: Record<string, unknown> = {
    dataset: options.dataset,
    datasetsDir: options.datasetsDir,
    strategies: options.strategies === undefined ? undefined : splitList(options.strategies),
    model: options.model,
    repairModel: options.repairModel,
    runs: options.runs,
    limit: options.limit,
    concurrency: options.concurrency,
    analyzers: options.analyzers === undefined ? undefined : splitList(options.analyzers),
    policy: options.policy,
    seed: options.seed,
    temperature: options.temperature,
    labels: options.labels,
    baseUrl: options.baseUrl,
    guards: options.guards === false ? false : undefined,
    gate: options.gate,
    oracle: options.oracle,
    unitTests: options.unitTests === false ? false : undefined,
  };
  const merged = { ...fromFile };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  return parseBenchConfig(merged, options.config ?? 'options');
}

async function execute(
  store: Store,
  format: 'text' | 'json',
  work: (hooks: Parameters<typeof startRun>[1]) => Promise<RunOutcome>,
): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nfdsp: stopping after the items in flight (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const display = createProgressDisplay();
  try {
    const outcome = await work({
      store,
      signal: controller.signal,
      onStart: (runId, total, done) => {
        process.stdout.write(format === 'json' ? '' : `${runId}\n`);
        process.stderr.write(`run ${runId}: ${String(total - done)} of ${String(total)} items to do\n`);
      },
      onProgress: (progress) => {
        display.update(progress);
      },
    });
    display.stop();
    if (format === 'json') process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    for (const message of outcome.firstErrors) process.stderr.write(`  error: ${message}\n`);
    process.stderr.write(
      `run ${outcome.runId}: ${outcome.status}, ${String(outcome.committed)}/${String(outcome.total)} items committed` +
        `, ${String(outcome.errors)} errors in ${(outcome.wallMs / 1000).toFixed(1)} s` +
        (outcome.status === 'complete' ? '\n' : `\n  resume with: fdsp bench resume ${outcome.runId}\n`),
    );
    return outcome.status === 'complete' ? 0 : 1;
  } finally {
    display.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerBenchCommand(program: Command): void {
  const bench = program
    .command('bench')
    .description('benchmark runs: every dataset task × strategy × run, resumable, with the studies’ metrics');

  bench
    .command('run')
    .description('start a run; prints its id, then a live progress bar on stderr')
    .option('-c, --config <file>', 'a study file (YAML or JSON) with the same keys; flags override it')
    .option('-d, --dataset <name|path>', 'securityeval, llmseceval, pythonsecurityeval, cweval, or a custom .jsonl')
    .option('--datasets-dir <dir>', 'where the datasets are (default: $FDSP_DATASETS, ../shared/datasets, the cache)')
    .option('-s, --strategies <list>', 'direct,self-debug,bandit-feedback,verbalize,fdsp,agent,detect')
    .option('-m, --model <id>', 'the model that writes the code (provider:model)')
    .option('--repair-model <id>', 'the model that repairs it (default: --model)')
    .option('--runs <n>', 'repeated runs (independent samples)', parsePositiveInteger)
    .option('--limit <n>', 'only the first n tasks', parsePositiveInteger)
    .option(
      '-j, --concurrency <n>',
      'model requests open at once per endpoint, from the first call (a 429 halves that limit; it recovers towards ' +
        'n, never above; default 8); up to 2n work items in flight, so a slot an item frees while it scans goes to ' +
        'another item',
      parsePositiveInteger,
    )
    .option('-a, --analyzers <names>', 'analyzers that judge the code (default bandit)')
    .addOption(policyOption('study', { configKey: true }))
    .option('--seed <n>', 'base seed (run i uses seed + i)', parseWhole)
    .option('--temperature <t>', 'sampling temperature (default 1, as in the studies)', parseNumber)
    .option('--labels <csv>', 'detect: a review_<model>.csv beside its generatedCode_<model>/ folder')
    .option('--base-url <url>', 'a local OpenAI-compatible (or Ollama/Anthropic) server')
    .option('--no-guards', 'accept candidates that suppress findings or delete code (faithful replication)')
    .addOption(
      new Option('--gate <kind>', 'unit-test: candidates must also pass the task’s unit test (default off)').choices([
        ...benchGateKinds,
      ]),
    )
    .addOption(
      new Option(
        '--oracle <kind>',
        'who accepts a candidate: analyzers (default, as in the studies), the task’s security tests, or both',
      ).choices([...oracleKinds]),
    )
    .option('--no-unit-tests', 'skip the sandboxed unit tests')
    .addOption(dbOption())
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nExample: fdsp bench run -d securityeval -s fdsp,agent -m openai:gpt-4 --runs 3\n' +
        'Exit codes: 0 all items committed, 1 items left (resume the run), 2 error.',
    )
    .action(async (options: RunCommandOptions) => {
      const config = await configFrom(options);
      const store = open(options.db);
      process.exitCode = await execute(store, options.format, (hooks) => startRun(config, hooks));
    });

  bench
    .command('resume')
    .description('continue a run after a crash or Ctrl-C: committed items are kept, the rest are done once')
    .argument('<run>', 'the run id')
    .option(
      '-j, --concurrency <n>',
      'model requests open at once per endpoint (up to 2n work items in flight; default: the run’s)',
      parsePositiveInteger,
    )
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (runId: string, options: { db?: string; concurrency?: number; format: 'text' | 'json' }) => {
      const store = open(options.db);
      process.exitCode = await execute(store, options.format, (hooks) =>
        resumeRun(runId, {
          ...hooks,
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        }),
      );
    });

  bench
    .command('list')
    .description('the runs in the store')
    .addOption(dbOption())
    .addOption(formatOption())
    .action((options: { db?: string; format: 'text' | 'json' }) => {
      const runs = listRuns(open(options.db));
      if (options.format === 'json') {
        process.stdout.write(
          `${JSON.stringify(
            runs.map((run) => ({
              id: run.id,
              status: run.status,
              createdAt: run.createdAt,
              committedItems: run.committedItems,
              totalItems: run.totalItems,
              dataset: run.config.dataset,
              strategies: run.config.strategies,
              model: run.config.model,
            })),
            null,
            2,
          )}\n`,
        );
      } else {
        for (const run of runs) {
          process.stdout.write(
            `${run.id}  ${run.status.padEnd(11)}  ${String(run.committedItems)}/${String(run.totalItems)}  ` +
              `${run.config.dataset}  ${run.config.strategies.join(',')}  ${run.config.model}\n`,
          );
        }
        if (runs.length === 0) process.stderr.write('no runs yet: start one with `fdsp bench run`\n');
      }
      process.exitCode = 0;
    });

  bench
    .command('show')
    .description('a run’s manifest and metric tables')
    .argument('<run>', 'the run id')
    .option(
      '-e, --evaluation <id>',
      'which evaluation (default: the run’s own; rescore adds others)',
      parsePositiveInteger,
    )
    .addOption(dbOption())
    .addOption(formatOption())
    .action((runId: string, options: { db?: string; evaluation?: number; format: 'text' | 'json' }) => {
      const report = buildRunReport(open(options.db), runId, options.evaluation);
      process.stdout.write(
        options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderRunReport(report),
      );
      process.exitCode = 0;
    });

  bench
    .command('rescore')
    .description('re-evaluate a run’s stored code with another analyzer set (no model calls), as a new evaluation')
    .argument('<run>', 'the run id')
    .requiredOption('-a, --analyzers <names>', 'comma-separated analyzers, e.g. bandit,builtin')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (runId: string, options: { db?: string; analyzers: string; format: 'text' | 'json' }) => {
      const names = parseAnalyzerNames(options.analyzers);
      const store = open(options.db);
      // The run's scan cache: code versions already scanned by this exact engine are not scanned again.
      const analyzer = createRunAnalyzer(names, store);
      try {
        const outcome = await rescoreRun(store, runId, analyzer, names);
        if (options.format === 'json') {
          process.stdout.write(`${JSON.stringify(buildRunReport(store, runId, outcome.evaluationId), null, 2)}\n`);
        } else {
          process.stderr.write(
            `evaluation ${String(outcome.evaluationId)}: ${String(outcome.scored)} scores from ${String(outcome.distinctCode)} distinct code versions\n`,
          );
          process.stdout.write(renderRunReport(buildRunReport(store, runId, outcome.evaluationId)));
        }
      } finally {
        await analyzer.close();
      }
      process.exitCode = 0;
    });
}

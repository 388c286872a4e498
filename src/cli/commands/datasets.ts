// `fdsp datasets list|show|fetch`: what the benchmark datasets hold, and getting them. Exit 0 ok, 1 malformed
// records were reported (and skipped), 2 error.
import { Option, type Command } from 'commander';

import {
  datasetNames,
  defaultBaseUrl,
  defaultCacheDirectory,
  fetchDataset,
  isBuiltinDataset,
  loadDataset,
  resolveDatasetsDirectory,
  type DatasetProblem,
  type LoadedDataset,
  type Task,
} from '../../datasets/index.js';
import { FdspError } from '../../errors/index.js';

type Format = 'text' | 'json';

interface LocationOptions {
  datasetsDir?: string;
  format: Format;
}

const formatOption = (): Option =>
  new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');
const directoryHelp = 'datasets directory (default: $FDSP_DATASETS, ../shared/datasets, then the fetch cache)';

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('list, inspect and download the benchmark datasets (SecurityEval, LLMSecEval, PythonSecurityEval, CWEval)');

  datasets
    .command('list')
    .description('each built-in dataset: where it is read from, tasks, unit tests, CWEs, malformed records')
    .option('-d, --datasets-dir <dir>', directoryHelp)
    .addOption(formatOption())
    .action(async (options: LocationOptions) => {
      process.exitCode = await runList(options);
    });

  datasets
    .command('show')
    .description('the tasks of a dataset, or one task in full')
    .argument('<dataset>', `${datasetNames.join(', ')}, or a custom .jsonl file`)
    .argument('[task-id]', 'show this task in full')
    .option('-d, --datasets-dir <dir>', directoryHelp)
    .addOption(formatOption())
    .addHelpText('after', '\nExit codes: 0 ok, 1 malformed records were reported and skipped, 2 error.')
    .action(async (dataset: string, taskId: string | undefined, options: LocationOptions) => {
      process.exitCode = await runShow(dataset, taskId, options);
    });

  datasets
    .command('fetch')
    .description('download the upstream dataset files into a cache directory')
    .argument('[datasets...]', `which ones (default: all of ${datasetNames.join(', ')})`)
    .option('--cache-dir <dir>', 'where to put them', defaultCacheDirectory())
    .option(
      '--base-url <url>',
      'raw-file host (env FDSP_DATASETS_BASE_URL)',
      process.env.FDSP_DATASETS_BASE_URL ?? defaultBaseUrl,
    )
    .addOption(formatOption())
    .action(async (names: string[], options: { cacheDir: string; baseUrl: string; format: Format }) => {
      process.exitCode = await runFetch(names, options);
    });
}

async function runList(options: LocationOptions): Promise<number> {
  const location = resolveDatasetsDirectory(options.datasetsDir);
  const rows = [];
  for (const name of datasetNames) {
    try {
      const dataset = await loadDataset(name, location.directory);
      rows.push({ name, status: 'ok', ...summarize(dataset) });
    } catch (error: unknown) {
      if (!FdspError.isInstance(error) || error.code !== 'DATASET_NOT_FOUND') throw error;
      rows.push({ name, status: 'missing' });
    }
  }
  if (options.format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ directory: location.directory, source: location.source, datasets: rows }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`datasets directory: ${location.directory} (${location.source})\n`);
    for (const row of rows) {
      if (!('tasks' in row)) {
        process.stdout.write(`  ${row.name.padEnd(20)} missing (run \`fdsp datasets fetch\` or set FDSP_DATASETS)\n`);
        continue;
      }
      process.stdout.write(
        `  ${row.name.padEnd(20)} ${String(row.tasks).padStart(4)} tasks  ${String(row.unitTests).padStart(4)} unit tests` +
          `  ${String(row.cwes).padStart(3)} CWEs  ${row.problems} malformed\n`,
      );
    }
  }
  return rows.some((row) => 'problems' in row && row.problems > 0) ? 1 : 0;
}

function summarize(dataset: LoadedDataset): { tasks: number; unitTests: number; cwes: number; problems: number } {
  return {
    tasks: dataset.tasks.length,
    unitTests: dataset.tasks.filter((task) => task.unitTest !== undefined).length,
    cwes: new Set(dataset.tasks.flatMap((task) => (task.cwe === undefined ? [] : [task.cwe]))).size,
    problems: dataset.problems.length,
  };
}

async function runShow(name: string, taskId: string | undefined, options: LocationOptions): Promise<number> {
  const location = resolveDatasetsDirectory(options.datasetsDir);
  const dataset = await loadDataset(name, location.directory);
  reportProblems(dataset.problems, 'skipped');
  reportProblems(dataset.warnings, 'note');
  const exitCode = dataset.problems.length > 0 ? 1 : 0;
  if (taskId !== undefined) {
    const task = dataset.tasks.find((candidate) => candidate.id === taskId);
    if (task === undefined) {
      throw new FdspError('DATASET_NOT_FOUND', `no task ${taskId} in ${name}`, {
        hint: `run \`fdsp datasets show ${name}\` to list the task ids`,
      });
    }
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(task, null, 2)}\n` : renderTask(task));
    return exitCode;
  }
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(dataset, null, 2)}\n`);
    return exitCode;
  }
  for (const task of dataset.tasks) {
    const cwe = task.cwe === undefined ? '' : `CWE-${task.cwe}`;
    const firstLine = task.prompt.split('\n').find((line) => line.trim() !== '') ?? '';
    const test = task.unitTest === undefined ? ' ' : 'T';
    process.stdout.write(`${task.id.padEnd(28)} ${cwe.padEnd(8)} ${test} ${firstLine.trim().slice(0, 80)}\n`);
  }
  process.stdout.write(`${dataset.tasks.length} tasks (T: has a unit test)\n`);
  return exitCode;
}

function renderTask(task: Task): string {
  const lines = [
    `dataset: ${task.dataset}`,
    `id: ${task.id}`,
    `kind: ${task.kind}`,
    ...(task.cwe === undefined ? [] : [`cwe: CWE-${task.cwe}${task.cweName ? ` (${task.cweName})` : ''}`]),
    ...Object.entries(task.metadata).map(([key, value]) => `${key}: ${String(value)}`),
    '',
    'prompt:',
    task.prompt,
  ];
  if (task.insecureCode !== undefined) lines.push('', 'insecure reference:', task.insecureCode);
  if (task.unitTest !== undefined) lines.push('', `unit test (${task.unitTest.path}):`, task.unitTest.text);
  return `${lines.join('\n')}\n`;
}

function reportProblems(problems: readonly DatasetProblem[], label: string): void {
  for (const problem of problems) {
    process.stderr.write(
      `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${label}: ${problem.message}\n`,
    );
  }
}

async function runFetch(
  names: string[],
  options: { cacheDir: string; baseUrl: string; format: Format },
): Promise<number> {
  const unknown = names.filter((name) => !isBuiltinDataset(name));
  if (unknown.length > 0) {
    throw new FdspError('USAGE', `unknown dataset ${unknown.join(', ')}`, { hint: `use ${datasetNames.join(', ')}` });
  }
  const selected = names.length > 0 ? names.filter(isBuiltinDataset) : [...datasetNames];
  const summaries = [];
  for (const name of selected) {
    const summary = await fetchDataset(name, { cacheDirectory: options.cacheDir, baseUrl: options.baseUrl });
    summaries.push(summary);
    if (options.format === 'text') {
      process.stdout.write(`${name}: ${summary.downloaded} files into ${summary.directory}\n`);
    }
  }
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
  return 0;
}

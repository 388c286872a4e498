// `fdsp fix`: scan, repair each vulnerable file with the chosen strategy and model, show a verified diff and why.
// `--write` replaces a file only with a verified version (parses, analyzers clean, guards passed, and with `--test`
// the unit tests pass in the sandbox) and only if the file is unchanged since it was read. Exit 0 nothing left, 1 findings remain, 2 a file could not be handled.
import { readFile, rename, writeFile } from 'node:fs/promises';

import { Option, type Command } from 'commander';

import {
  analyzerMembers,
  blockingFindings,
  createAnalyzers,
  defaultAnalyzers,
  parseAnalyzerNames,
  withPolicy,
  type FileScanResult,
  type OraclePolicy,
} from '../../analyzers/index.js';
import { FdspError, errorMessage } from '../../errors/index.js';
import { createLanguageModel, type ManagedLanguageModel } from '../../llm/index.js';
import {
  createStoreTraceSink,
  createUnitTestGate,
  loadPromptSet,
  patch,
  testsForFile,
  type FunctionalGate,
  type GateTest,
} from '../../pipeline/index.js';
import { fixExitCode, summarizePatch, type FileFixSummary } from '../../pipeline/fix-summary.js';
import { UnitTestSandbox } from '../../sandbox/index.js';
import { artifactUri, buildScanReport, toSarif, type SarifFix } from '../../reports/index.js';
import { collectSources, defaultMaxFileBytes, scanSources } from '../../sources/index.js';
import { defaultStorePath, openStore, type Store } from '../../store/index.js';
import {
  defaultBounds,
  repairStrategyNames,
  repairStrategies,
  type RepairStrategyName,
} from '../../strategies/index.js';
import { createProgressDisplay } from '../../bench/progress.js';
import { packageVersion } from '../../support/package-root.js';
import { parseByteSize, parsePositiveInteger } from '../options.js';
import { addEngineOptions, engineFactoryOptions, type EngineCommandOptions } from '../analyzer-options.js';
import { policyOption } from '../policy-option.js';

interface FixCommandOptions extends EngineCommandOptions {
  strategy: RepairStrategyName;
  model?: string;
  baseUrl?: string;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  write?: boolean;
  analyzers: string;
  solutions: number;
  refinements: number;
  rounds: number;
  guards: boolean;
  prompts?: string;
  store: boolean;
  cache: boolean;
  cacheOnly?: boolean;
  maxFileSize: number;
  jobs?: number;
  test: string[];
  policy: OraclePolicy;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerFixCommand(program: Command): void {
  addEngineOptions(program.command('fix'))
    .description('repair security findings in Python files with a model, verified by the analyzers')
    .argument('<paths...>', 'files or directories (recursive) to fix')
    .addOption(new Option('-s, --strategy <name>', 'repair method').choices([...repairStrategyNames]).default('fdsp'))
    .option('-m, --model <provider:model>', 'the repairing model, e.g. openai:gpt-4 (default: $FDSP_MODEL)')
    .option('--base-url <url>', 'model server base URL (an OpenAI-compatible /v1 URL, Ollama or Anthropic host)')
    .option('-w, --write', 'apply verified fixes in place (never touches a file that could not be verified)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-a, --analyzers <names>', 'comma-separated analyzers', defaultAnalyzers.join(','))
    .addOption(policyOption('precise'))
    .option('--solutions <J>', 'fdsp: candidate solutions', parsePositiveInteger, defaultBounds.solutions)
    .option('--refinements <K>', 'fdsp: refinements per solution', parsePositiveInteger, defaultBounds.refinements)
    .option('--rounds <k>', 'agent: repair rounds', parsePositiveInteger, defaultBounds.rounds)
    .option('--no-guards', 'accept candidates that add # nosec, delete or empty functions (faithful replication)')
    .option(
      '-t, --test <file>',
      'a Python unittest file every candidate must pass in the sandbox (repeatable; gates the files it imports)',
      collect,
      [],
    )
    .option('--prompts <dir>', 'folder of prompt template overrides (see prompts/README.md)')
    .option('--no-store', 'keep no traces or model cache in the store ($FDSP_DB, default .fdsp/fdsp.db)')
    .option('--no-cache', 'always call the model and cache no answers (calls are still accounted)')
    .option('--cache-only', 'never call the model: answer from the cache or fail (replays a recorded session)')
    .option('--max-file-size <size>', 'skip files larger than this', parseByteSize, defaultMaxFileBytes)
    .option('-j, --jobs <n>', 'analyzer worker processes', parsePositiveInteger)
    .addHelpText(
      'after',
      [
        '',
        `Strategies: ${repairStrategyNames.map((name) => `\n  ${name.padEnd(16)}${repairStrategies[name].summary}`).join('')}`,
        '',
        'With --test, a fix is verified only if it also passes the unit tests in the sandbox (no network, limits);',
        'the file is importable under the module name the test imports (e.g. `from app import …` for app.py).',
        '',
        'Exit codes: 0 nothing left to fix, 1 findings remain, 2 a file could not be scanned or repaired, or bad usage.',
      ].join('\n'),
    )
    .action(async (paths: string[], options: FixCommandOptions) => {
      process.exitCode = await runFix(paths, options);
    });
}

async function openModel(options: FixCommandOptions, store: Store | undefined): Promise<ManagedLanguageModel> {
  const id = options.model ?? process.env.FDSP_MODEL;
  if (id === undefined || id.trim() === '') {
    throw new FdspError('USAGE', 'no model given', {
      hint: 'pass --model provider:model (e.g. openai:gpt-4) or set FDSP_MODEL',
    });
  }
  if (options.cacheOnly === true && (!options.cache || store === undefined)) {
    throw new FdspError('USAGE', '--cache-only needs the cache', { hint: 'drop --no-cache / --no-store' });
  }
  const model = createLanguageModel(id, {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(store === undefined ? {} : { store }),
    cache: options.cacheOnly === true ? 'only' : options.cache ? 'read-write' : 'off',
  });
  const ready = await model.ready();
  if (!ready.ok) {
    await model.close();
    throw new FdspError('LLM_REQUEST_FAILED', `cannot use ${id}: ${ready.error.message}`, {
      hint: 'check the provider key variable (e.g. OPENAI_API_KEY) or --base-url',
    });
  }
  return model;
}

async function readTests(files: readonly string[]): Promise<GateTest[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { name: file, source: await readFile(file, 'utf8') };
      } catch (error: unknown) {
        throw new FdspError('PATH_NOT_FOUND', `cannot read test file ${file}: ${errorMessage(error)}`);
      }
    }),
  );
}

/** Replace the file only if it still holds what was scanned; write beside it and rename, so it is never half-written. */
async function writeVerified(filePath: string, expected: string, replacement: string): Promise<boolean> {
  const current = await readFile(filePath, 'utf8');
  if (current !== expected) return false;
  const temporary = `${filePath}.fdsp-${String(process.pid)}.tmp`;
  await writeFile(temporary, replacement);
  await rename(temporary, filePath);
  return true;
}

function notScanned(result: FileScanResult): FileFixSummary {
  const reason =
    result.status === 'syntax-error'
      ? `the file does not parse: ${result.error?.message ?? ''}`
      : `the file could not be scanned: ${result.error?.message ?? ''}`;
  return {
    path: result.path,
    status: 'not-scanned',
    verified: false,
    written: false,
    strategy: null,
    sessionId: null,
    diff: '',
    explanation: reason,
    fixed: [],
    remaining: [],
    iterations: 0,
    rejectedCandidates: 0,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    error: reason,
    fixedCode: null,
  };
}

function clean(result: FileScanResult): FileFixSummary {
  const advisory = result.findings.length;
  const explanation = advisory === 0 ? 'No findings.' : `No blocking findings (${String(advisory)} advisory).`;
  return { ...notScanned(result), status: 'clean', explanation, remaining: result.findings, error: null };
}

function renderText(files: readonly FileFixSummary[], write: boolean): string {
  const parts: string[] = [];
  for (const file of files) {
    if (file.status === 'clean') continue;
    parts.push(`== ${file.path}: ${file.verified ? 'verified fix' : file.status}`);
    if (file.diff !== '') parts.push(file.diff.trimEnd());
    parts.push(file.explanation);
    if (file.verified)
      parts.push(
        file.written
          ? '  written.'
          : write
            ? '  NOT written: the file changed meanwhile.'
            : '  (run with --write to apply)',
      );
    parts.push('');
  }
  const fixed = files.filter((file) => file.verified).length;
  const open = files.filter((file) => !file.verified && file.status !== 'clean').length;
  const tokens = files.reduce((sum, file) => sum + file.tokens.input + file.tokens.output, 0);
  parts.push(
    `${String(files.length)} file(s): ${String(fixed)} fixed and verified, ${String(open)} not fixed, ` +
      `${String(files.length - fixed - open)} clean; ${String(tokens)} tokens.`,
  );
  return `${parts.join('\n')}\n`;
}

async function runFix(paths: readonly string[], options: FixCommandOptions): Promise<number> {
  if (paths.includes('-'))
    throw new FdspError('USAGE', 'fix needs files to repair, not stdin', { hint: 'pass file or directory paths' });
  const names = parseAnalyzerNames(options.analyzers);
  const tests = await readTests(options.test);
  const prompts = loadPromptSet(options.prompts === undefined ? {} : { directory: options.prompts });
  const store = options.store ? openStore(defaultStorePath()) : undefined;
  const model = await openModel(options, store);
  const analyzer = withPolicy(createAnalyzers(names, engineFactoryOptions(options)), options.policy);
  try {
    const collected = await collectSources(paths, { maxFileBytes: options.maxFileSize });
    const scanned = await scanSources(analyzer, collected);
    const sink = store === undefined ? undefined : createStoreTraceSink(store);
    const runId = `fix-${new Date().toISOString()}`;
    const summaries: FileFixSummary[] = [];
    const filePaths = collected.flatMap((item) => (item.kind === 'file' ? [item.file.path] : []));
    // Started on first use: a run with nothing to repair needs no sandbox.
    let sandbox: Promise<UnitTestSandbox> | undefined;
    const gateFor = async (filePath: string): Promise<FunctionalGate | undefined> => {
      const own = testsForFile(filePath, tests, filePaths);
      if (own.length === 0) return undefined;
      sandbox ??= UnitTestSandbox.create();
      return createUnitTestGate({ sandbox: await sandbox, tests: own });
    };
    // A bar with ETA when several files need a model on a terminal; one file, or a pipe, needs none.
    const toRepair = scanned.filter(
      (result) => result.status === 'ok' && blockingFindings(result.findings).length > 0,
    ).length;
    const progress =
      toRepair > 1 && process.stderr.isTTY ? createProgressDisplay(process.stderr, 5_000, 'files') : undefined;
    const started = Date.now();
    const totals = { done: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 };
    for (const [index, result] of scanned.entries()) {
      const source = collected[index];
      if (result.status !== 'ok' || source?.kind !== 'file') {
        summaries.push(notScanned(result));
        continue;
      }
      if (blockingFindings(result.findings).length === 0) {
        summaries.push(clean(result));
        continue;
      }
      const gate = await gateFor(result.path);
      const patched = await patch({
        code: source.file.text,
        strategy: options.strategy,
        model,
        analyzer,
        options: {
          path: result.path,
          prompts,
          guards: options.guards,
          bounds: { solutions: options.solutions, refinements: options.refinements, rounds: options.rounds },
          runId,
          taskId: result.path,
          ...(gate === undefined ? {} : { gate }),
          ...(sink === undefined ? {} : { sink }),
        },
      });
      const summary = summarizePatch(result.path, patched, false, { gated: gate !== undefined });
      const canWrite = options.write === true && summary.verified && source.file.bytes === undefined;
      const written =
        canWrite && summary.fixedCode !== null
          ? await writeVerified(result.path, source.file.text, summary.fixedCode)
          : false;
      summaries.push({ ...summary, written });
      totals.done += 1;
      totals.inputTokens += patched.tokens.input;
      totals.outputTokens += patched.tokens.output;
      totals.costUsd += patched.costUsd;
      if (patched.status === 'error') totals.errors += 1;
      progress?.update({ runId, total: toRepair, doneAtStart: 0, elapsedMs: Date.now() - started, ...totals });
    }
    progress?.stop();
    const originals = new Map(
      collected.flatMap((item) => (item.kind === 'file' ? [[item.file.path, item.file.text] as const] : [])),
    );
    const text = await render(summaries, scanned, originals, options, analyzer);
    if (options.output === undefined) process.stdout.write(text);
    else await writeFile(options.output, text);
    return fixExitCode(summaries);
  } finally {
    await analyzer.close();
    await model.close();
  }
}

async function render(
  summaries: readonly FileFixSummary[],
  scanned: readonly FileScanResult[],
  originals: ReadonlyMap<string, string>,
  options: FixCommandOptions,
  analyzer: ReturnType<typeof withPolicy>,
): Promise<string> {
  if (options.format === 'text') return renderText(summaries, options.write === true);
  if (options.format === 'json') {
    return `${JSON.stringify({ version: 1, tool: { name: 'fdsp', version: packageVersion() }, strategy: options.strategy, policy: options.policy, files: summaries }, null, 2)}\n`;
  }
  const identities = await Promise.all(
    analyzerMembers(analyzer).map(async (member) => ({ name: member.name, version: await member.version() })),
  );
  const report = buildScanReport(scanned, { version: packageVersion(), analyzers: identities }, options.policy);
  const byPath = new Map(summaries.map((summary) => [summary.path, summary]));
  const fixesFor = (filePath: string): SarifFix[] | undefined => {
    const summary = byPath.get(filePath);
    if (!summary?.verified || summary.fixedCode === null) return undefined;
    // The whole file is replaced: SARIF consumers apply one replacement without re-deriving hunks.
    const lineCount = Math.max(1, (originals.get(filePath) ?? '').replace(/\n$/, '').split('\n').length);
    return [
      {
        description: { text: summary.explanation.split('\n')[0] ?? 'fdsp fix' },
        artifactChanges: [
          {
            artifactLocation: { uri: artifactUri(filePath) },
            replacements: [
              { deletedRegion: { startLine: 1, endLine: lineCount }, insertedContent: { text: summary.fixedCode } },
            ],
          },
        ],
      },
    ];
  };
  return `${JSON.stringify(toSarif(report, { fixesFor }), null, 2)}\n`;
}

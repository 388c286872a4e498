// `fdsp scan`: files, directories or stdin → findings as text, JSON or SARIF. Exit 0 clean, 1 blocking findings,
// 2 error.
import { writeFile } from 'node:fs/promises';

import { Option, type Command } from 'commander';

import {
  analyzerMembers,
  createAnalyzers,
  defaultAnalyzers,
  parseAnalyzerNames,
  withPolicy,
  type Confidence,
  type OraclePolicy,
  type Severity,
} from '../../analyzers/index.js';
import { FdspError } from '../../errors/index.js';
import { buildScanReport, renderScanText, scanExitCode, toSarif } from '../../reports/index.js';
import { collectSources, defaultMaxFileBytes, filterFindings, readAllStdin, scanSources } from '../../sources/index.js';
import { packageVersion } from '../../support/package-root.js';
import { parseByteSize, parsePositiveInteger } from '../options.js';
import { addEngineOptions, engineFactoryOptions, type EngineCommandOptions } from '../analyzer-options.js';
import { policyOption } from '../policy-option.js';

interface ScanCommandOptions extends EngineCommandOptions {
  format: 'text' | 'json' | 'sarif';
  output?: string;
  minSeverity: Severity;
  minConfidence: Confidence;
  analyzers: string;
  maxFileSize: number;
  jobs?: number;
  color?: boolean;
  policy: OraclePolicy;
}

export function registerScanCommand(program: Command): void {
  addEngineOptions(program.command('scan'))
    .description('scan Python files, directories (recursive) or stdin (-) for security issues')
    .argument('<paths...>', "files or directories to scan; '-' reads code from stdin")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--min-severity <level>', 'report findings at or above this severity')
        .choices(['low', 'medium', 'high'])
        .default('low'),
    )
    .addOption(
      new Option('--min-confidence <level>', 'report findings at or above this confidence')
        .choices(['low', 'medium', 'high'])
        .default('low'),
    )
    .option('-a, --analyzers <names>', 'comma-separated analyzers to run', defaultAnalyzers.join(','))
    .addOption(policyOption('precise'))
    .option(
      '--max-file-size <size>',
      'skip files larger than this (e.g. 2MB, 500KB)',
      parseByteSize,
      defaultMaxFileBytes,
    )
    .option('-j, --jobs <n>', 'analyzer worker processes (default: number of cores)', parsePositiveInteger)
    .option('--no-color', 'never color the text output')
    .addHelpText(
      'after',
      '\nExit codes: 0 no blocking findings (advisory ones are listed), 1 blocking findings or code that does not\n' +
        'parse, 2 a file could not be scanned or bad usage.',
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScan(paths, options);
    });
}

async function runScan(paths: readonly string[], options: ScanCommandOptions): Promise<number> {
  const names = parseAnalyzerNames(options.analyzers);
  if (paths.filter((input) => input === '-').length > 1) throw new FdspError('USAGE', "'-' (stdin) may be given once");
  const collected = await collectSources(paths, { maxFileBytes: options.maxFileSize, readStdin: () => readAllStdin() });
  // The policy judges all of a file's findings before the display filters drop any.
  const analyzer = withPolicy(createAnalyzers(names, engineFactoryOptions(options)), options.policy);
  try {
    const results = filterFindings(await scanSources(analyzer, collected), {
      minSeverity: options.minSeverity,
      minConfidence: options.minConfidence,
    });
    const identities = await Promise.all(
      analyzerMembers(analyzer).map(async (member) => ({ name: member.name, version: await member.version() })),
    );
    const report = buildScanReport(results, { version: packageVersion(), analyzers: identities }, options.policy);
    const toTerminal = options.output === undefined;
    const text =
      options.format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : options.format === 'sarif'
          ? `${JSON.stringify(toSarif(report), null, 2)}\n`
          : renderScanText(report, {
              color: options.color !== false && toTerminal && process.stdout.isTTY && !process.env.NO_COLOR,
            });
    if (options.output === undefined) process.stdout.write(text);
    else await writeFile(options.output, text);
    return scanExitCode(report.summary);
  } finally {
    await analyzer.close();
  }
}

// `fdsp scan`: files, directories or stdin → findings as text, JSON or SARIF. Exit 0 clean, 1 blocking findings,
// 2 error.
import { writeFile } from 'node:fs/promises';

import { Option, type Command } from 'commander';

import { defaultAnalyzers, type OraclePolicy } from '../../analyzers/index.js';
import { FdspError } from '../../errors/index.js';
import { scanProject } from '../../project/index.js';
import { buildScanReport, renderLeftAsideText, renderScanText, scanExitCode, toSarif } from '../../reports/index.js';
import { defaultMaxFileBytes, readAllStdin } from '../../sources/index.js';
import { packageVersion } from '../../support/package-root.js';
import { parseByteSize, parsePositiveInteger } from '../options.js';
import { addEngineOptions, type EngineCommandOptions } from '../analyzer-options.js';
import { policyOption } from '../policy-option.js';
import { addProjectOptions, projectScanRequest } from '../project-options.js';

interface ScanCommandOptions extends EngineCommandOptions {
  format: 'text' | 'json' | 'sarif';
  output?: string;
  maxFileSize: number;
  jobs?: number;
  color?: boolean;
  changed?: string | boolean;
  cache: boolean;
  policy: OraclePolicy;
}

export function registerScanCommand(program: Command): void {
  const command = addEngineOptions(program.command('scan'))
    .description('scan Python files, directories (recursive) or stdin (-) for security issues')
    .argument('[paths...]', "files or directories to scan (default: the configured project); '-' reads stdin")
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
    .option(
      '--max-file-size <size>',
      'skip files larger than this (e.g. 2MB, 500KB)',
      parseByteSize,
      defaultMaxFileBytes,
    )
    .option('-j, --jobs <n>', 'analyzer worker processes (default: number of cores)', parsePositiveInteger)
    .addOption(policyOption('precise'))
    .option('--no-color', 'never color the text output');
  addProjectOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Settings come from [tool.fdsp] in pyproject.toml or .fdsp.toml (found upwards; see `fdsp config show`);',
        'flags override them. `# fdsp: ignore[RULE-ID] reason` on a line silences that rule there (a reason is required).',
        '',
        'Exit codes: 0 no blocking findings (advisory ones are listed), 1 blocking findings or code that does not',
        'parse, 2 a file could not be scanned or bad usage.',
      ].join('\n'),
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScan(paths, options, command);
    });
}

async function runScan(paths: readonly string[], options: ScanCommandOptions, command: Command): Promise<number> {
  if (paths.filter((input) => input === '-').length > 1) throw new FdspError('USAGE', "'-' (stdin) may be given once");
  const scan = await scanProject({
    ...projectScanRequest(command, paths, options, true),
    readStdin: () => readAllStdin(),
  });
  const report = {
    ...buildScanReport(scan.results, { version: packageVersion(), analyzers: scan.analyzers }, scan.policy),
    ...(scan.leftAside === undefined ? {} : { leftAside: scan.leftAside }),
    ...(scan.changedAgainst === undefined ? {} : { changedAgainst: scan.changedAgainst }),
  };
  const toTerminal = options.output === undefined;
  const text =
    options.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.format === 'sarif'
        ? `${JSON.stringify(toSarif(report), null, 2)}\n`
        : renderScanText(report, {
            color: options.color !== false && toTerminal && process.stdout.isTTY && !process.env.NO_COLOR,
          }) +
          renderLeftAsideText(report.leftAside) +
          (report.changedAgainst === undefined ? '' : `changed files compared with ${report.changedAgainst}\n`);
  if (options.output === undefined) process.stdout.write(text);
  else await writeFile(options.output, text);
  return scanExitCode(report.summary);
}

// `fdsp baseline create`: record today's findings by fingerprint, so `scan`/`fix --baseline FILE` report only new
// ones. It scans as `fdsp scan` does (configuration, globs, suppressions) but ignores any current baseline.
import path from 'node:path';

import { Option, type Command } from 'commander';

import { createBaseline, defaultBaselineName, writeBaseline } from '../../baseline/index.js';
import { scanProject } from '../../project/index.js';
import { defaultMaxFileBytes } from '../../sources/index.js';
import { parseByteSize, parsePositiveInteger } from '../options.js';
import { addProjectOptions, projectScanRequest } from '../project-options.js';

interface BaselineCreateOptions {
  output?: string;
  maxFileSize: number;
  jobs?: number;
  changed?: string | boolean;
  cache: boolean;
}

export function registerBaselineCommand(program: Command): void {
  const baseline = program
    .command('baseline')
    .description("record a project's current findings to adopt fdsp gradually");
  const create = baseline
    .command('create')
    .description('scan and write the findings as a baseline file')
    .argument('[paths...]', 'files or folders (default: the configured project)')
    .option(
      '-o, --output <file>',
      `where to write it (default: the configured baseline, else ${defaultBaselineName} in the project root)`,
    )
    .option('-a, --analyzers <names>', 'comma-separated analyzers (default: the configuration, else bandit)')
    .addOption(new Option('--min-severity <level>', 'record findings at or above').choices(['low', 'medium', 'high']))
    .addOption(new Option('--min-confidence <level>', 'record findings at or above').choices(['low', 'medium', 'high']))
    .option('--max-file-size <size>', 'skip files larger than this', parseByteSize, defaultMaxFileBytes)
    .option('-j, --jobs <n>', 'analyzer worker processes', parsePositiveInteger);
  addProjectOptions(create, { baseline: false })
    .addHelpText(
      'after',
      '\nExit codes: 0 written, 2 a file could not be scanned (the baseline is still written) or bad usage.',
    )
    .action(async (paths: string[], options: BaselineCreateOptions) => {
      const request = projectScanRequest(create, paths, options, false);
      const config = request.config;
      const target =
        options.output === undefined
          ? (config.baseline.value ?? path.join(config.root, defaultBaselineName))
          : path.resolve(options.output);
      const scan = await scanProject(request);
      // Paths are relative to the baseline's own folder, so it works from any working directory.
      const file = createBaseline(scan.results, path.dirname(target), new Date().toISOString());
      writeBaseline(target, file);
      const failed = scan.results.filter((result) => result.status === 'error');
      const files = new Set(file.findings.map((entry) => entry.path)).size;
      process.stdout.write(
        `recorded ${String(file.findings.length)} finding(s) in ${String(files)} file(s) of ${String(scan.results.length)} scanned to ${path.relative(process.cwd(), target) || target}\n`,
      );
      for (const result of failed)
        process.stderr.write(
          `fdsp: not scanned, so not in the baseline: ${result.path}: ${result.error?.message ?? ''}\n`,
        );
      process.exitCode = failed.length > 0 ? 2 : 0;
    });
}

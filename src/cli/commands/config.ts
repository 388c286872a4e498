// `fdsp config show`: the effective configuration and where each value came from (flag, project file, env, default).
import { Option, type Command } from 'commander';

import { renderConfig } from '../../config/index.js';
import { effectiveConfig } from '../project-options.js';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('the project configuration ([tool.fdsp] or .fdsp.toml)');
  const show = config
    .command('show')
    .description('print the effective configuration and the source of each value')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      [
        '',
        'The file is the first .fdsp.toml, or pyproject.toml with a [tool.fdsp] table, from the working directory',
        'upwards ($FDSP_CONFIG names one instead). Keys: analyzers, policy, min-severity, min-confidence, include,',
        'exclude, baseline, model, repair-model, strategy, [bounds] solutions/refinements/rounds, oracle, tests.',
        'Unknown keys and bad values are errors. Exit codes: 0 shown, 2 the file is invalid.',
      ].join('\n'),
    )
    .action((options: { format: 'text' | 'json' }) => {
      const effective = effectiveConfig(show);
      process.stdout.write(
        options.format === 'json' ? `${JSON.stringify(effective, null, 2)}\n` : renderConfig(effective),
      );
      process.exitCode = 0;
    });
}

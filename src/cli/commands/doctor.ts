// `fdsp doctor`: what is installed and where — Bandit (and which interpreter), ruff, semgrep, bubblewrap, Chromium,
// the sandbox's Python and its libraries — one line each, with what to do when something is missing.
import { Option, type Command } from 'commander';

import { runDoctorProbes } from '../doctor-probes.js';
import { doctorExitCode, renderDoctorText } from '../doctor-report.js';

interface DoctorOptions {
  format: 'text' | 'json';
  banditPython?: string;
  semgrepConfig?: string;
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('show which analyzer engines and tools are installed, where, and their versions')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--bandit-python <path>', 'check this Python as the one that runs Bandit')
    .option('--semgrep-config <rules>', 'report these semgrep rules (a file or a registry id)')
    .addHelpText('after', '\nExit codes: 0 everything required is there, 1 something required is missing.')
    .action(async (options: DoctorOptions) => {
      const checks = await runDoctorProbes({
        ...(options.banditPython ? { banditPython: options.banditPython } : {}),
        ...(options.semgrepConfig ? { semgrepConfig: options.semgrepConfig } : {}),
      });
      process.stdout.write(
        options.format === 'json' ? `${JSON.stringify({ checks }, null, 2)}\n` : renderDoctorText(checks),
      );
      process.exitCode = doctorExitCode(checks);
    });
}

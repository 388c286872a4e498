// The engine options `scan` and `fix` share: which Python runs Bandit and which rules Semgrep runs.
import type { Command } from 'commander';

import type { AnalyzerFactoryOptions } from '../analyzers/index.js';

export interface EngineCommandOptions {
  jobs?: number;
  banditPython?: string;
  semgrepConfig?: string;
}

export function addEngineOptions(command: Command): Command {
  return command
    .option(
      '--bandit-python <path>',
      "Python that runs Bandit (default: FDSP_BANDIT_PYTHON, else setup's .venv, else Debian's bandit)",
    )
    .option(
      '--semgrep-config <rules>',
      "semgrep rules: a rules file or a registry id such as p/python (default: FDSP_SEMGREP_CONFIG, else fdsp's own)",
    );
}

export function engineFactoryOptions(options: EngineCommandOptions): AnalyzerFactoryOptions {
  return {
    ...(options.jobs ? { concurrency: options.jobs } : {}),
    ...(options.banditPython ? { banditPython: options.banditPython } : {}),
    ...(options.semgrepConfig ? { semgrepConfig: options.semgrepConfig } : {}),
  };
}

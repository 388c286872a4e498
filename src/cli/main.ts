#!/usr/bin/env node
// The CLI entry: builds the command tree and holds the one error boundary. Commands set process.exitCode
// (0 clean, 1 findings, 2 error) and throw only for failures the user must act on.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Command, CommanderError } from 'commander';

import { FdspError, errorMessage } from '../errors/index.js';
import { packageVersion } from '../support/package-root.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerDatasetsCommand } from './commands/datasets.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerFixCommand } from './commands/fix.js';
import { registerReportCommand } from './commands/report.js';
import { registerScanCommand } from './commands/scan.js';
import { registerServeCommand } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('fdsp')
    .description('Make LLM-written Python secure: scan it, feed the findings back to a model, verify the repair.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScanCommand(program);
  registerBenchCommand(program);
  registerDatasetsCommand(program);
  registerFixCommand(program);
  registerReportCommand(program);
  registerServeCommand(program);
  registerDoctorCommand(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here as well, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (FdspError.isInstance(error)) {
      process.stderr.write(`fdsp: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      return 2;
    }
    process.stderr.write(
      `fdsp: internal error: ${errorMessage(error)}\n  this is a bug in fdsp; please report it with the command you ran\n`,
    );
    if (process.env.FDSP_DEBUG) process.stderr.write(`${error instanceof Error ? (error.stack ?? '') : ''}\n`);
    return 2;
  }
}

function invokedAsProgram(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedAsProgram()) {
  // `fdsp … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await runCli(process.argv);
}

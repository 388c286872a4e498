// `fdsp serve`: the local viewer on 127.0.0.1 until interrupted.
import { InvalidArgumentError, type Command } from 'commander';

import { startViewer } from '../../server/index.js';
import { openStore } from '../../store/index.js';
import { existingDatabase } from './report.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return port;
}

interface ServeCommandOptions {
  db?: string;
  port: number;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('open the local viewer: runs, charts, task traces with diffs and transcripts, manual review labels')
    .option('--db <path>', 'the fdsp database (default: $FDSP_DB or .fdsp/fdsp.db)')
    .option('-p, --port <n>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 4173)
    .addHelpText(
      'after',
      '\nThe viewer binds to 127.0.0.1 only. Stop it with Ctrl-C. Exit codes: 0 stopped, 2 cannot start.',
    )
    .action(async (options: ServeCommandOptions) => {
      const store = openStore(existingDatabase(options.db));
      const viewer = await startViewer({ store, port: options.port });
      process.stdout.write(`fdsp viewer on ${viewer.url}  (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await viewer.close();
      store.close();
      process.exitCode = 0;
    });
}

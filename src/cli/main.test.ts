import { spawn } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { cliPath, repositoryRoot, runFdsp } from '../../test/support/environment.js';

describe('fdsp CLI', () => {
  it('prints help for every command and exits 0', async () => {
    const top = await runFdsp(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1] ?? '');
    expect(commands).toEqual(expect.arrayContaining(['scan', 'fix', 'bench', 'datasets']));
    for (const command of commands.filter((name) => name !== 'help')) {
      const help = await runFdsp([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/^Usage: fdsp /);
    }
  });

  it('exits 2 with a one-line message on an unknown command or option', async () => {
    const unknown = await runFdsp(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const badOption = await runFdsp(['scan', '--format', 'xml', 'x.py']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/invalid/i);
  });

  it('stops quietly when the reader closes the pipe early (fdsp … | head)', async () => {
    const child = spawn(process.execPath, [cliPath, 'datasets', 'show', 'pythonsecurityeval', '--format', 'json'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).not.toBe(2);
  });
});

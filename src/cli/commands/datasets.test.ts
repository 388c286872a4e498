import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { runCli } from '../main.js';

function capture(): { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  return { stdout: () => out.join(''), stderr: () => err.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('fdsp datasets', () => {
  it('list --format json counts the shared datasets', async () => {
    const output = capture();
    expect(await runCli(['node', 'fdsp', 'datasets', 'list', '--format', 'json'])).toBe(0);
    const parsed = JSON.parse(output.stdout()) as { datasets: { name: string; tasks: number; unitTests: number }[] };
    expect(parsed.datasets.map((row) => [row.name, row.tasks, row.unitTests])).toEqual([
      ['securityeval', 121, 0],
      ['llmseceval', 149, 0],
      ['pythonsecurityeval', 470, 458],
      ['cweval', 25, 25],
    ]);
  });

  it('show reports malformed lines of a custom file on stderr and exits 1', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'fdsp-custom-'));
    try {
      const file = path.join(directory, 'mine.jsonl');
      await writeFile(file, `${JSON.stringify({ id: 'a', prompt: 'Write a parser.', cwe: 'CWE-20' })}\n{"id": \n`);
      const output = capture();
      expect(await runCli(['node', 'fdsp', 'datasets', 'show', file])).toBe(1);
      expect(output.stdout()).toContain('CWE-20');
      expect(output.stderr()).toContain(`${file}:2: skipped: invalid JSON`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('an unknown task id is a user error with a hint', async () => {
    const output = capture();
    expect(await runCli(['node', 'fdsp', 'datasets', 'show', 'securityeval', 'nope'])).toBe(2);
    expect(output.stderr()).toContain('no task nope in securityeval');
  });
});

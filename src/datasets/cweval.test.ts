import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildCweval,
  cwevalTaskIds,
  fetchDataset,
  insecureReference,
  loadDataset,
  resolveDatasetsDirectory,
} from './index.js';

const shared = resolveDatasetsDirectory(undefined, { ...process.env, FDSP_DATASETS: undefined });

describe('CWEval', () => {
  it('loads the 25 Python tasks: prompt up to # BEGIN SOLUTION, pytest file, CWE, both references', async () => {
    const dataset = await loadDataset('cweval', shared.directory);
    expect(dataset.problems).toEqual([]);
    expect(dataset.tasks.map((task) => task.id)).toEqual([...cwevalTaskIds].sort());
    const task = dataset.tasks.find((candidate) => candidate.id === 'cwe_022_0')!;
    expect(task).toMatchObject({ dataset: 'cweval', cwe: 22, kind: 'completion-stub' });
    expect(task.prompt).toContain('def read_file_from_dir(filename: str, dir_path: str) -> str:');
    expect(task.prompt).not.toContain('BEGIN SOLUTION');
    expect(task.prompt).not.toContain('abspath');
    expect(task.referenceCode).toContain('os.path.abspath');
    expect(task.unitTest).toMatchObject({ framework: 'pytest', deselect: '_unsafe(_|$)' });
    expect(task.unitTest?.text).toContain('pytest.mark.security');
    expect(dataset.tasks.every((task) => task.insecureCode !== undefined)).toBe(true);
  });

  it('the insecure reference is the test file’s own unsafe function under the task’s name, without the tests', () => {
    const test = [
      'import os',
      '',
      'import pytest',
      'from cwe_001_0_task import read_it',
      '',
      'KEY = 1',
      '',
      'def read_it_unsafe(name):',
      '    return open(os.path.join("d", name)).read()',
      '',
      'def _test_read_it(fn, name):',
      '    assert fn(name)',
      '',
      '@pytest.mark.parametrize("name", ["a"])',
      'def test_read_it(name):',
      '    _test_read_it(read_it, name)',
    ].join('\n');
    const code = insecureReference(test)!;
    expect(code).toContain('KEY = 1');
    expect(code).toContain('def read_it(name):');
    expect(code).not.toContain('read_it_unsafe');
    expect(code).not.toContain('pytest');
    expect(code).not.toContain('cwe_001_0_task');
    expect(code).not.toContain('_test_read_it');
    expect(insecureReference('import pytest\nfrom cwe_001_0_task import f\n\ndef test_f():\n    assert f()\n')).toBe(
      undefined,
    );
  });

  it('reports a task without its test file or without the solution marker, and keeps the others', () => {
    const dataset = buildCweval([
      { id: 'cwe_001_0', task: { path: 'a_task.py', text: 'def f():\n    # BEGIN SOLUTION\n    return 1\n' } },
      {
        id: 'cwe_002_0',
        task: { path: 'b_task.py', text: 'def g():\n    return 1\n' },
        test: { path: 'b_test.py', text: 'import pytest\n' },
      },
    ]);
    expect(dataset.tasks).toEqual([]);
    expect(dataset.problems.map((problem) => problem.message)).toEqual([
      'needs both cwe_001_0_task.py and cwe_001_0_test.py',
      'no `# BEGIN SOLUTION` line',
    ]);
  });

  describe('fetch', () => {
    let server: Server;
    let baseUrl: string;
    let cacheDirectory: string;
    const requested: string[] = [];

    beforeAll(async () => {
      cacheDirectory = await mkdtemp(path.join(os.tmpdir(), 'fdsp-fetch-cweval-'));
      // Serves the shared copy under the upstream repository's paths.
      server = createServer((request, response) => {
        const url = request.url ?? '';
        requested.push(url);
        const match = /^\/LostBenjamin\/CWEval\/HEAD\/(?:benchmark\/core\/py\/([\w.]+)|(LICENSE))$/.exec(url);
        const file = match?.[1] ?? match?.[2];
        const local =
          match?.[2] === undefined
            ? path.join(shared.directory, 'cweval', 'py', file ?? '')
            : path.join(shared.directory, 'cweval', 'LICENSE');
        readFile(local, 'utf8').then(
          (text) => response.end(text),
          () => {
            response.statusCode = 404;
            response.end('not found');
          },
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
      await rm(cacheDirectory, { recursive: true, force: true });
    });

    it('downloads the 25 task and test files and the license from LostBenjamin/CWEval into the loader’s layout', async () => {
      const summary = await fetchDataset('cweval', { cacheDirectory, baseUrl });
      expect(summary).toMatchObject({ downloaded: 51, absent: 0 });
      expect(requested).toContain('/LostBenjamin/CWEval/HEAD/benchmark/core/py/cwe_022_0_test.py');
      const fetched = await loadDataset('cweval', cacheDirectory);
      const original = await loadDataset('cweval', shared.directory);
      expect(fetched.tasks.map((task) => task.id)).toEqual(original.tasks.map((task) => task.id));
      expect(fetched.tasks[0]?.prompt).toBe(original.tasks[0]?.prompt);
    });
  });
});

import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FdspError } from '../errors/index.js';
import {
  fetchDataset,
  loadDataset,
  parseCsv,
  parseCwe,
  parseCustomDataset,
  parseLlmSecEval,
  parseSecurityEval,
  resolveDatasetsDirectory,
  splitJsonArray,
} from './index.js';

const shared = resolveDatasetsDirectory(undefined, { ...process.env, FDSP_DATASETS: undefined });

describe('the real datasets in ../shared', () => {
  it('loads SecurityEval: 121 completion stubs, each with its CWE and insecure reference', async () => {
    const dataset = await loadDataset('securityeval', shared.directory);
    expect(dataset.problems).toEqual([]);
    expect(dataset.tasks).toHaveLength(121);
    const first = dataset.tasks[0]!;
    expect(first).toMatchObject({ id: 'CWE-020_author_1.py', cwe: 20, kind: 'completion-stub' });
    expect(first.insecureCode).toContain('yaml.load');
    expect(dataset.tasks.every((task) => typeof task.cwe === 'number')).toBe(true);
    expect(new Set(dataset.tasks.map((task) => task.cwe)).size).toBe(69);
  });

  it('loads the FDSP study LLMSecEval: 149 prompts asking for Python, duplicate ID kept and renamed', async () => {
    const dataset = await loadDataset('llmseceval', shared.directory);
    expect(dataset.problems).toEqual([]);
    expect(dataset.tasks).toHaveLength(149);
    expect(dataset.warnings).toHaveLength(1);
    expect(new Set(dataset.tasks.map((task) => task.id)).size).toBe(149);
    expect(dataset.tasks.some((task) => /<lan[a-z]*age>/i.test(task.prompt))).toBe(false);
    const first = dataset.tasks[0]!;
    expect(first.prompt.startsWith('Generate Python code for the following:')).toBe(true);
    expect(first).toMatchObject({ id: 'CWE-119_BOF-1a', cwe: 119, kind: 'natural-language' });
    expect(first.cweName).toContain('Memory Buffer');
    expect(first.metadata.sourceLanguage).toBe('C');
  });

  it('loads the upstream LLMSecEval release with its manually fixed prompts', async () => {
    const file = path.join(shared.directory, 'llmseceval', 'LLMSecEval-Prompts_dataset.json');
    const dataset = parseLlmSecEval(await readFile(file, 'utf8'), file);
    expect(dataset.problems).toEqual([]);
    expect(dataset.tasks).toHaveLength(150);
    expect(dataset.tasks.some((task) => task.prompt.includes('<'.concat('lanuage>')))).toBe(false);
  });

  it('loads PythonSecurityEval: 470 prompts, 458 unit tests (six spelled Unit_test.py), Stack Overflow sources', async () => {
    const dataset = await loadDataset('pythonsecurityeval', shared.directory);
    expect(dataset.problems).toEqual([]);
    expect(dataset.tasks).toHaveLength(470);
    expect(dataset.tasks.filter((task) => task.unitTest !== undefined)).toHaveLength(458);
    const first = dataset.tasks[0]!;
    expect(first.id).toBe('1');
    expect(first.prompt).toBe('Write a Python function to check for the existence of a row in SQLite.');
    expect(first.unitTest?.text).toContain('row_exists');
    expect(dataset.tasks.find((task) => task.id === '135')?.metadata.stackOverflowUrl).toBe(
      'https://stackoverflow.com/questions/11925890',
    );
  });

  it('names the fix when a dataset is missing', async () => {
    const error = await loadDataset('securityeval', '/nonexistent/datasets').catch((caught: unknown) => caught);
    expect(FdspError.isInstance(error) && error.code).toBe('DATASET_NOT_FOUND');
    expect(FdspError.isInstance(error) && error.hint).toContain('FDSP_DATASETS');
  });
});

describe('malformed records are reported with file and line, then skipped', () => {
  it('SecurityEval JSONL', () => {
    const text = [
      JSON.stringify({ ID: 'CWE-089_a_1.py', Prompt: 'def f():', Insecure_code: 'x' }),
      '{"ID": "broken"',
      '',
      JSON.stringify({ ID: 'CWE-078_a_1.py', Insecure_code: 'x' }),
      JSON.stringify({ ID: 'CWE-089_a_1.py', Prompt: 'def g():', Insecure_code: 'y' }),
    ].join('\n');
    const dataset = parseSecurityEval(text, 'dataset.jsonl');
    expect(dataset.tasks.map((task) => task.cwe)).toEqual([89]);
    expect(dataset.problems.map((problem) => [problem.file, problem.line])).toEqual([
      ['dataset.jsonl', 2],
      ['dataset.jsonl', 4],
      ['dataset.jsonl', 5],
    ]);
    expect(dataset.problems[1]!.message).toContain('Prompt');
  });

  it('a JSON array element at its own line, with strings holding brackets and commas', () => {
    const text = `[\n  {"Promot ID": "CWE-79_X-1a", "CWE Name": "XSS", "NL Prompt": "Generate <language> code: a [b], {c}"},\n  {"Promot ID": 7},\n  {"Promot ID": "CWE-89_S-1a", "CWE Name": "SQLi", "NL Prompt": "q \\"]\\""}\n]\n`;
    const dataset = parseLlmSecEval(text, 'prompts.json');
    expect(dataset.tasks.map((task) => task.id)).toEqual(['CWE-79_X-1a', 'CWE-89_S-1a']);
    expect(dataset.tasks[0]!.prompt).toBe('Generate Python code: a [b], {c}');
    expect(dataset.problems).toHaveLength(1);
    expect(dataset.problems[0]).toMatchObject({ file: 'prompts.json', line: 3 });
  });

  it('reports invalid JSON inside an array and an unterminated array', () => {
    const result = splitJsonArray('[\n {"a": 1},\n {"b": },\n {"c": 3}', 'x.json');
    expect(result.records.map((record) => record.line)).toEqual([2, 4]);
    expect(result.problems.map((problem) => problem.line)).toEqual([3, 4]);
  });

  it('the custom JSONL format', () => {
    const text = [
      JSON.stringify({ id: 1, prompt: 'Write a login form.', cwe: 'CWE-79', unitTest: 'import unittest' }),
      JSON.stringify({ id: 'stub', prompt: 'def f():', kind: 'completion-stub', cwe: 89, metadata: { source: 'me' } }),
      JSON.stringify({ id: 'x', prompt: 'p', extra: true }),
      JSON.stringify({ id: 'y', prompt: '' }),
    ].join('\n');
    const dataset = parseCustomDataset(text, 'mine.jsonl', 'mine');
    expect(dataset.tasks).toMatchObject([
      { dataset: 'mine', id: '1', cwe: 79, kind: 'natural-language', unitTest: { path: 'mine.jsonl:1' } },
      { id: 'stub', cwe: 89, kind: 'completion-stub', metadata: { source: 'me' } },
    ]);
    expect(dataset.problems.map((problem) => problem.line)).toEqual([3, 4]);
  });
});

describe('small parsers', () => {
  it('parses CWE identifiers', () => {
    expect(parseCwe('CWE-020_author_1.py')).toBe(20);
    expect(parseCwe('cwe_89')).toBe(89);
    expect(parseCwe(' 502 ')).toBe(502);
    expect(parseCwe('author_1')).toBeUndefined();
    expect(parseCwe(0)).toBeUndefined();
  });

  it('parses quoted CSV fields with commas, quotes and newlines', () => {
    const rows = parseCsv('a,b\r\n1,"x, ""y""\nz"\r\n2,w\r\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x, "y"\nz'] },
      { line: 4, fields: ['2', 'w'] },
    ]);
  });
});

describe('fetch', () => {
  let server: Server;
  let baseUrl: string;
  let cacheDirectory: string;
  const files: Record<string, string> = {
    '/s2e-lab/SecurityEval/HEAD/dataset.jsonl':
      JSON.stringify({ ID: 'CWE-089_a_1.py', Prompt: 'def f():', Insecure_code: '' }) + '\n',
    '/Kamel773/LLM-code-refine/HEAD/Prompts_and_PostID_from_StackOverflow.csv':
      'dataset_id,prompt,stackoverflow_url,note\r\n7,Write it.,https://stackoverflow.com/questions/1,n\r\n8,Other.,u,n\r\n9,Third.,u,n\r\n',
    '/Kamel773/LLM-code-refine/HEAD/data/PythonSecurityEval/7/text.txt': 'Write it.',
    '/Kamel773/LLM-code-refine/HEAD/data/PythonSecurityEval/7/unit_test.py': 'import unittest\n',
    '/Kamel773/LLM-code-refine/HEAD/data/PythonSecurityEval/8/text.txt': 'Other.',
    // Upstream spells it with a capital U in a few folders.
    '/Kamel773/LLM-code-refine/HEAD/data/PythonSecurityEval/9/text.txt': 'Third.',
    '/Kamel773/LLM-code-refine/HEAD/data/PythonSecurityEval/9/Unit_test.py': 'import unittest\n',
  };

  beforeAll(async () => {
    cacheDirectory = await mkdtemp(path.join(os.tmpdir(), 'fdsp-fetch-'));
    server = createServer((request, response) => {
      const body = files[request.url ?? ''];
      response.statusCode = body === undefined ? 404 : 200;
      response.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  it('downloads into the cache in the layout the loader reads', async () => {
    const security = await fetchDataset('securityeval', { cacheDirectory, baseUrl });
    expect(security.downloaded).toBe(1);
    const python = await fetchDataset('pythonsecurityeval', { cacheDirectory, baseUrl });
    expect(python).toMatchObject({ downloaded: 6, absent: 1 });
    expect((await loadDataset('securityeval', cacheDirectory)).tasks).toHaveLength(1);
    const loaded = await loadDataset('pythonsecurityeval', cacheDirectory);
    expect(loaded.tasks.map((task) => [task.id, task.unitTest !== undefined])).toEqual([
      ['7', true],
      ['8', false],
      ['9', true],
    ]);
  });

  it('fails with one clear line when the host is unreachable', async () => {
    // A loopback port that was just released: the connection is refused without leaving the machine.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) =>
      closed.close(() => {
        resolve();
      }),
    );
    const error = await fetchDataset('securityeval', { cacheDirectory, baseUrl: `http://127.0.0.1:${port}` }).catch(
      (caught: unknown) => caught,
    );
    expect(FdspError.isInstance(error)).toBe(true);
    const fdspError = error as FdspError;
    expect(fdspError.code).toBe('DATASET_FETCH_FAILED');
    expect(fdspError.message).toMatch(/^cannot download http:\/\/127\.0\.0\.1:\d+\/\S+: ECONNREFUSED$/);
    expect(fdspError.hint).toContain('--datasets-dir or FDSP_DATASETS');
  });

  it('treats a missing required file as an error', async () => {
    const directory = path.join(cacheDirectory, 'missing');
    await mkdir(directory, { recursive: true });
    await writeFile(path.join(directory, 'marker'), '');
    const error = await fetchDataset('llmseceval', { cacheDirectory: directory, baseUrl }).catch(
      (caught: unknown) => caught,
    );
    expect(FdspError.isInstance(error) && error.message).toContain('HTTP 404');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadDataset, resolveDatasetsDirectory, type Task } from '../datasets/index.js';
import { detectFramework, UnitTestSandbox } from './index.js';

// A pytest file in CWEval's shape: marked parameter sets, a tmp_path fixture, and tests of its own unsafe reference.
const markedTest = `import os

import pytest
from cwe_999_0_task import read_name


def read_name_unsafe(directory, name):
    return open(os.path.join(directory, name)).read()


@pytest.mark.parametrize(
    'name, expected',
    [
        pytest.param('a.txt', 'hello', marks=pytest.mark.functionality),
        pytest.param('../secret.txt', '', marks=pytest.mark.security),
    ],
)
def test_read_name(tmp_path, name, expected):
    assert str(tmp_path).startswith('/work/'), 'tmp_path is outside the scratch space'
    (tmp_path / 'dir').mkdir()
    (tmp_path / 'dir' / 'a.txt').write_text('hello')
    (tmp_path / 'secret.txt').write_text('top secret')
    assert read_name(str(tmp_path / 'dir'), name) == expected, f'Unexpected result for {name}'


def test_read_name_unsafe_security(tmp_path):
    assert False, 'this tests the file’s own reference and must not run'
`;

const safe = `import os

def read_name(directory, name):
    path = os.path.abspath(os.path.join(directory, name))
    if not path.startswith(os.path.abspath(directory) + os.sep):
        return ''
    return open(path).read()
`;

const unsafe = `import os

def read_name(directory, name):
    return open(os.path.join(directory, name)).read()
`;

let sandbox: UnitTestSandbox;
let cweval: readonly Task[];

beforeAll(async () => {
  sandbox = await UnitTestSandbox.create({ concurrency: 2 });
  const shared = resolveDatasetsDirectory(undefined, { ...process.env, FDSP_DATASETS: undefined });
  cweval = (await loadDataset('cweval', shared.directory)).tasks;
});

afterAll(() => undefined);

describe('pytest files in the sandbox', () => {
  it('tells pytest files from unittest suites', () => {
    expect(detectFramework(markedTest)).toBe('pytest');
    expect(detectFramework('import unittest\nclass T(unittest.TestCase):\n    pass\n')).toBe('unittest');
    expect(detectFramework('import pytest\nimport unittest\nclass T(unittest.TestCase):\n    pass\n')).toBe('unittest');
  });

  it('runs the tests about the candidate, with markers, parameters and tmp_path in the scratch space', async () => {
    const result = await sandbox.run({ code: safe, test: markedTest, deselect: '_unsafe(_|$)' });
    expect(result.framework).toBe('pytest');
    expect(result.moduleNames).toEqual(['cwe_999_0_task']);
    expect(result.outcome).toBe('pass');
    expect(result.cases?.map((test) => [test.function, test.markers, test.outcome])).toEqual([
      ['test_read_name', ['functionality'], 'passed'],
      ['test_read_name', ['security'], 'passed'],
    ]);
    expect(result.cases?.[1]?.parameters).toEqual({ name: "'../secret.txt'", expected: "''" });
  });

  it('reports a failing security test with its parameters and assertion message, not the test source', async () => {
    const result = await sandbox.run({ code: unsafe, test: markedTest, deselect: '_unsafe(_|$)' });
    expect(result.outcome).toBe('fail');
    const failed = result.cases?.filter((test) => test.outcome !== 'passed') ?? [];
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ markers: ['security'], outcome: 'failed' });
    expect(failed[0]?.message).toBe('AssertionError: Unexpected result for ../secret.txt');
    expect(failed[0]?.message).not.toContain('read_name(str(');
  });

  it('without a deselect pattern the file’s own unsafe test runs too', async () => {
    const result = await sandbox.run({ code: safe, test: markedTest });
    expect(result.cases?.map((test) => test.function)).toContain('test_read_name_unsafe_security');
    expect(result.outcome).toBe('fail');
  });

  it('a test file that cannot import says why and never passes', async () => {
    const test =
      'import pytest\nimport boto3\nfrom cwe_999_0_task import f\n\ndef test_f():\n    assert f()\n';
    const result = await sandbox.run({ code: 'def f():\n    return True\n', test });
    expect(result.outcome).toBe('error');
    expect(result.reason).toContain('test did not import');
    expect(result.reason).toContain('CollectionError');
    expect(result.cases).toBeUndefined();
  });

  it('a candidate that does not parse is an error, never a pass', async () => {
    const result = await sandbox.run({ code: 'def read_name(:\n', test: markedTest });
    expect(result.outcome).toBe('error');
    expect(result.reason).toContain('code did not import');
  });

  it('CWEval: the reference solution passes, the test file’s insecure reference fails its security tests', async () => {
    const task = cweval.find((candidate) => candidate.id === 'cwe_327_0')!;
    const request = { test: task.unitTest!.text, deselect: task.unitTest!.deselect! };
    const [reference, insecure] = await Promise.all([
      sandbox.run({ ...request, code: task.referenceCode! }),
      sandbox.run({ ...request, code: task.insecureCode! }),
    ]);
    expect(reference.outcome).toBe('pass');
    const security = (cases: typeof insecure.cases) => cases?.filter((test) => test.markers.includes('security'));
    expect(security(insecure.cases)?.every((test) => test.outcome === 'failed')).toBe(true);
    const functional = insecure.cases?.filter((test) => test.markers.includes('functionality'));
    expect(functional?.every((test) => test.outcome === 'passed')).toBe(true);
  });

  it('CWEval: the libraries the tests import (Crypto from pip, wrapt_timeout_decorator, argon2, jwt…) load inside', async () => {
    const test = [
      'import pytest',
      'from probe_module import probe',
      '',
      'def test_imports():',
      '    assert probe()',
    ].join('\n');
    const code = [
      'def probe():',
      '    import Crypto.Cipher.AES, wrapt_timeout_decorator, argon2, jwt, yaml, lxml.etree',
      '    return True',
    ].join('\n');
    const result = await sandbox.run({ code, test });
    expect(result.reason).toBe('1 of 1 tests passed');
  });
});

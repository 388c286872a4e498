import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { UnitTestSandbox } from './index.js';

const passingTest = `import unittest
from my_module import add

class TestAdd(unittest.TestCase):
    def test_add(self):
        self.assertEqual(add(1, 2), 3)
`;

/** A test that passes only when `probe()` (from the candidate) returns True. */
const probeTest = `import unittest
from candidate_module import probe

class TestProbe(unittest.TestCase):
    def test_probe(self):
        self.assertTrue(probe())
`;

let sandbox: UnitTestSandbox;
// Its own scratch directory, so runs by other test processes on the machine cannot disturb the leftover check.
const scratchDirectory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-sandbox-test-'));
chmodSync(scratchDirectory, 0o711); // the sandbox's unprivileged uid must reach the input directories inside

beforeAll(async () => {
  sandbox = await UnitTestSandbox.create({
    scratchDirectory,
    limits: { wallClockMs: 8_000, cpuSeconds: 2, memoryBytes: 512 * 1024 ** 2 },
  });
});

describe('outcomes', () => {
  it('pass, fail and error', async () => {
    const [pass, fail, syntax, missing, raising] = await sandbox.runAll([
      { code: 'def add(a, b):\n    return a + b\n', test: passingTest },
      { code: 'def add(a, b):\n    return a - b\n', test: passingTest },
      { code: 'def add(a, b) return a + b\n', test: passingTest },
      { code: 'pass\n', test: passingTest },
      { code: 'def add(a, b):\n    raise ValueError("no")\n', test: passingTest },
    ]);
    expect(pass).toMatchObject({ outcome: 'pass', counts: { testsRun: 1, failures: 0, errors: 0 } });
    expect(fail).toMatchObject({ outcome: 'fail', counts: { testsRun: 1, failures: 1 } });
    expect(fail!.details[0]!.traceback).toContain('AssertionError');
    expect(syntax!.outcome).toBe('error');
    expect(syntax!.reason).toContain('code did not import: SyntaxError');
    expect(missing!.outcome).toBe('error');
    expect(missing!.reason).toContain('test did not import: ImportError');
    expect(raising).toMatchObject({ outcome: 'error', counts: { errors: 1 } });
  });

  it('a test with no test cases is an error, not a pass', async () => {
    const result = await sandbox.run({ code: 'x = 1\n', test: 'import unittest\n' });
    expect(result.outcome).toBe('error');
  });

  it('keeps a capped copy of the output and says so', async () => {
    const result = await sandbox.run({
      code: 'import sys\nsys.stdout.write("x" * 200000)\ndef add(a, b):\n    return a + b\n',
      test: passingTest,
      limits: { outputBytes: 1000 },
    });
    expect(result.outcome).toBe('pass');
    expect(result.outputTruncated).toBe(true);
    expect(result.stdout).toMatch(/^x{1000}\n\[output truncated at 1000 bytes\]$/);
  });
});

describe('module naming', () => {
  it('top-level names, __main__ patches and module patches share one namespace', async () => {
    const test = `import unittest
from unittest.mock import patch

class TestStore(unittest.TestCase):
    @patch('__main__.passwords', {})
    def test_store(self):
        store_password('user1', 'password1')
        self.assertEqual(passwords['user1'], 'password1')

    def test_patch_module(self):
        with patch('your_module.helper', return_value=5):
            self.assertEqual(uses_helper(), 5)
`;
    const code = `passwords = {}
def store_password(user, password):
    passwords[user] = password
def helper():
    return 1
def uses_helper():
    return helper()
if __name__ == '__main__':
    raise SystemExit('the main block must not run')
`;
    const result = await sandbox.run({ code, test });
    expect(result).toMatchObject({ outcome: 'pass', layout: 'top-level', moduleNames: ['your_module'] });
  });

  it('several import names, patch targets through the module, importlib.reload', async () => {
    const test = `import unittest
import importlib
from unittest.mock import patch
import your_module
from app import app
from my_flask_app import greet

class TestIt(unittest.TestCase):
    @patch('your_module.requests_get')
    def test_patch(self, fake):
        fake.return_value = 'patched'
        self.assertEqual(your_module.fetch(), 'patched')
        self.assertIs(your_module.app, app)
        self.assertEqual(greet(), 'hi')
        importlib.reload(your_module)
`;
    const code = `def requests_get():
    return 'real'
def fetch():
    return requests_get()
app = object()
def greet():
    return 'hi'
`;
    const result = await sandbox.run({ code, test });
    expect(result.reason).toBe('1 of 1 tests passed');
    expect(result.moduleNames).toEqual(['your_module', 'app', 'my_flask_app']);
  });
});

describe('hostile code is contained and the run goes on', () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  it('no network: a host service on loopback and a public address are unreachable', async () => {
    const code = `import socket
def probe():
    results = []
    for address in [('127.0.0.1', ${port}), ('1.1.1.1', 53)]:
        try:
            socket.create_connection(address, timeout=2).close()
            results.append('connected')
        except OSError:
            results.append('blocked')
    return results == ['blocked', 'blocked']
`;
    const result = await sandbox.run({ code, test: probeTest });
    expect(result.outcome).toBe('pass');
    expect(connections).toBe(0);
  });

  it('cannot write to /etc, /usr or the host home; $HOME is private and writable', async () => {
    const marker = `fdsp-sandbox-${process.pid}`;
    const code = `import os
def probe():
    blocked = 0
    for path in ['/etc/${marker}', '/usr/${marker}', '${os.homedir()}/${marker}', '/root/${marker}']:
        try:
            with open(path, 'w') as handle:
                handle.write('x')
        except OSError:
            blocked += 1
    home = os.path.expanduser('~')
    with open(os.path.join(home, 'ok'), 'w') as handle:
        handle.write('fine')
    return blocked == 4 and home == '/work/home'
`;
    const result = await sandbox.run({ code, test: probeTest });
    expect(result.reason, JSON.stringify(result.details)).toBe('1 of 1 tests passed');
    expect(existsSync(`/etc/${marker}`)).toBe(false);
    expect(existsSync(`${os.homedir()}/${marker}`)).toBe(false);
  });

  it('cannot read a secret from the parent environment, its own or PID 1', async () => {
    process.env.FDSP_TEST_SECRET = 'hunter2-secret';
    try {
      const code = `import os
def probe():
    seen = 'hunter2' in repr(dict(os.environ))
    for pid in ['self', '1']:
        try:
            seen = seen or b'hunter2' in open('/proc/%s/environ' % pid, 'rb').read()
        except OSError:
            pass
    return not seen
`;
      const result = await sandbox.run({ code, test: probeTest });
      expect(result.reason).toBe('1 of 1 tests passed');
    } finally {
      delete process.env.FDSP_TEST_SECRET;
    }
  });

  it('a fork bomb stops at the process limit', async () => {
    const code = `import os, time
def probe():
    children = 0
    try:
        while children < 10000:
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
            children += 1
    except OSError:
        return children < 64
    return False
`;
    const result = await sandbox.run({ code, test: probeTest, limits: { processes: 16 } });
    expect(result.reason).toBe('1 of 1 tests passed');
  });

  it('a memory bomb is killed', async () => {
    const result = await sandbox.run({
      code: 'blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))\n',
      test: probeTest,
    });
    expect(result).toMatchObject({ outcome: 'killed', reason: 'memory limit reached (MemoryError)' });
  });

  it('a CPU-bound loop is killed at the CPU-time limit', async () => {
    const result = await sandbox.run({ code: 'while True:\n    pass\n', test: probeTest, limits: { cpuSeconds: 1 } });
    expect(result).toMatchObject({ outcome: 'killed', reason: 'CPU-time limit reached' });
  });

  it('a sleeping loop hits the wall clock, and nothing it started survives', async () => {
    const code = `import os, time
for _ in range(3):
    if os.fork() == 0:
        time.sleep(600)
        os._exit(0)
time.sleep(600)
`;
    const result = await sandbox.run({ code, test: probeTest, limits: { wallClockMs: 1_500 } });
    expect(result.outcome).toBe('timeout');
    expect(leftoverSandboxProcesses()).toEqual([]);
  });

  it('the sandbox still works after all of that', async () => {
    const result = await sandbox.run({ code: 'def add(a, b):\n    return a + b\n', test: passingTest });
    expect(result.outcome).toBe('pass');
  });
});

/** Processes still running as the sandbox's host uids (root) or containing the sleep marker. */
function leftoverSandboxProcesses(): string[] {
  if (process.getuid?.() !== 0) return [];
  // Zombies (state Z) are already dead, waiting for PID 1 to reap them.
  const output = execFileSync('ps', ['-eo', 'uid=,pid=,stat=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => /^\s*6[01]\d{3}\s+\d+\s+[^Z\s]/.test(line))
    .map((line) => line.trim());
}

// The sandbox dir prefix never leaks: every run removes its input directory.
afterAll(() => {
  const leftovers = readdirSync(scratchDirectory);
  rmSync(scratchDirectory, { recursive: true, force: true });
  expect(leftovers).toEqual([]);
});

// Runs unit tests against candidate code in bubblewrap, several at once. The I/O adapter around the pure parts:
// module planning (module-plan.ts), the command line (bubblewrap.ts) and the outcome decision (classify.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { FdspError } from '../errors/index.js';
import { packageRoot } from '../support/package-root.js';
import { buildSandboxCommand, insidePaths, runnerLimits, sandboxUid, type SandboxCommand } from './bubblewrap.js';
import { classifyRun, runnerReportSchema, type RunnerReport } from './classify.js';
import { detectFramework, planModules } from './module-plan.js';
import {
  defaultLimits,
  pytestLimits,
  type SandboxLimits,
  type UnitTestRequest,
  type UnitTestResult,
} from './types.js';

export interface SandboxOptions {
  /** Runs at once; default: twice the number of CPU cores (a run spends part of its time in process and namespace
   * set-up and teardown, which overlap with another run's Python on the same core). */
  readonly concurrency?: number;
  readonly limits?: Partial<SandboxLimits>;
  readonly pythonPath?: string;
  readonly bwrapPath?: string;
  /** When running as root, slot n runs as host uid `hostUidBase + n`. */
  readonly hostUidBase?: number;
  /** Where the per-run input directories go (default: the OS temp dir); the sandbox's uid must be able to enter it. */
  readonly scratchDirectory?: string;
  /** Extra Python packages visible inside (default: python/sandbox-packages, installed by scripts/setup.sh). */
  readonly packagesDirectory?: string;
}

const reportFd = 3;
const reportLimitBytes = 1024 * 1024;

export class UnitTestSandbox {
  readonly concurrency: number;
  private readonly limits: SandboxLimits;
  private readonly pythonPath: string;
  private readonly bwrapPath: string;
  private readonly runnerPath: string;
  private readonly hostUidBase: number | undefined;
  private readonly scratchDirectory: string;
  private readonly packagesDirectory: string | undefined;
  private readonly freeSlots: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  private constructor(options: SandboxOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 2 * os.availableParallelism());
    this.limits = { ...defaultLimits, ...options.limits };
    this.pythonPath = options.pythonPath ?? '/usr/bin/python3';
    this.bwrapPath = options.bwrapPath ?? '/usr/bin/bwrap';
    this.runnerPath = path.join(packageRoot(), 'python', 'sandbox-runner.py');
    const root = process.getuid?.() === 0;
    this.hostUidBase = root ? (options.hostUidBase ?? 61_000) : undefined;
    this.scratchDirectory = options.scratchDirectory ?? os.tmpdir();
    const packages = options.packagesDirectory ?? path.join(packageRoot(), 'python', 'sandbox-packages');
    this.packagesDirectory = existsSync(packages) ? packages : undefined;
    this.freeSlots = Array.from({ length: this.concurrency }, (_, index) => index);
  }

  /** Checks the tools exist and a trivial test passes inside the sandbox; SANDBOX_UNAVAILABLE otherwise. */
  static async create(options: SandboxOptions = {}): Promise<UnitTestSandbox> {
    const sandbox = new UnitTestSandbox(options);
    const needed = [sandbox.bwrapPath, sandbox.pythonPath, sandbox.runnerPath];
    const missing = needed.filter((file) => !existsSync(file));
    if (missing.length > 0) {
      throw new FdspError('SANDBOX_UNAVAILABLE', `the unit-test sandbox needs ${missing.join(', ')}`, {
        hint: 'run scripts/setup.sh (installs bubblewrap and python3)',
      });
    }
    const probe = await sandbox.run({
      code: 'value = 1\n',
      test: 'import unittest\nclass T(unittest.TestCase):\n    def test_value(self):\n        self.assertEqual(value, 1)\n',
    });
    if (probe.outcome !== 'pass') {
      throw new FdspError('SANDBOX_UNAVAILABLE', `the sandbox probe did not pass: ${probe.reason}`, {
        hint: `bubblewrap needs user namespaces (sysctl user.max_user_namespaces > 0); stderr: ${probe.stderr.trim().slice(0, 200)}`,
      });
    }
    return sandbox;
  }

  async run(request: UnitTestRequest): Promise<UnitTestResult> {
    const slot = await this.acquire();
    try {
      return await this.runInSlot(request, slot);
    } finally {
      this.release(slot);
    }
  }

  /** Every request, `concurrency` at a time; results in request order. */
  async runAll(
    requests: readonly UnitTestRequest[],
    onResult?: (result: UnitTestResult, index: number) => void,
  ): Promise<UnitTestResult[]> {
    return Promise.all(
      requests.map(async (request, index) => {
        const result = await this.run(request);
        onResult?.(result, index);
        return result;
      }),
    );
  }

  private acquire(): Promise<number> {
    const slot = this.freeSlots.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.freeSlots.push(slot);
  }

  private async runInSlot(request: UnitTestRequest, slot: number): Promise<UnitTestResult> {
    const framework = request.framework ?? detectFramework(request.test);
    const limits = { ...this.limits, ...(framework === 'pytest' ? pytestLimits : {}), ...request.limits };
    const plan = planModules(request.test);
    const moduleNames = request.moduleNames ?? plan.moduleNames;
    const inputDirectory = await mkdtemp(path.join(this.scratchDirectory, 'fdsp-sandbox-'));
    try {
      await chmod(inputDirectory, 0o755);
      // The code is importable by file under every planned name (importlib.reload needs a file to re-read).
      const fileNames = moduleNames.length > 0 ? moduleNames : ['candidate'];
      await Promise.all([
        ...fileNames.map((name) => writeFile(path.join(inputDirectory, `${name}.py`), request.code, { mode: 0o644 })),
        writeFile(path.join(inputDirectory, 'unit_test.py'), request.test, { mode: 0o644 }),
        writeFile(
          path.join(inputDirectory, 'passwd'),
          `sandbox:x:${sandboxUid}:${sandboxUid}::${insidePaths.home}:/bin/sh\n`,
        ),
        writeFile(path.join(inputDirectory, 'group'), `sandbox:x:${sandboxUid}:\n`),
        writeFile(path.join(inputDirectory, 'hosts'), '127.0.0.1 localhost sandbox\n::1 localhost\n'),
      ]);
      const runnerConfig = JSON.stringify({
        reportFd,
        limits: runnerLimits(limits),
        inputDirectory: insidePaths.input,
        candidatePath: `${insidePaths.input}/${fileNames[0] ?? 'candidate'}.py`,
        testPath: `${insidePaths.input}/unit_test.py`,
        moduleNames,
        layout: plan.layout,
        framework,
        deselect: request.deselect ?? null,
        packagesDirectory: this.packagesDirectory === undefined ? null : insidePaths.packages,
      });
      const command = buildSandboxCommand({
        bwrapPath: this.bwrapPath,
        pythonPath: this.pythonPath,
        runnerPath: this.runnerPath,
        inputDirectory,
        ...(this.packagesDirectory === undefined ? {} : { packagesDirectory: this.packagesDirectory }),
        ...(this.hostUidBase === undefined ? {} : { hostUid: this.hostUidBase + slot }),
        limits,
        runnerConfig,
      });
      const end = await execute(command, limits, request.signal);
      const report = parseReport(end.reportText);
      const classification = classifyRun({ ...end, report });
      return {
        ...classification,
        details: typeof report === 'object' ? report.details : [],
        stdout: end.stdout,
        stderr: end.stderr,
        outputTruncated: end.outputTruncated,
        exitCode: end.exitCode,
        durationMs: end.durationMs,
        ...(typeof report === 'object' && report.cpuMs !== undefined ? { cpuMs: report.cpuMs } : {}),
        layout: plan.layout,
        moduleNames,
        framework,
        ...(typeof report === 'object' && report.cases !== undefined ? { cases: report.cases } : {}),
      };
    } finally {
      await rm(inputDirectory, { recursive: true, force: true });
    }
  }
}

function parseReport(text: string): RunnerReport | string | undefined {
  if (text.trim() === '') return undefined;
  try {
    const parsed = runnerReportSchema.safeParse(JSON.parse(text) as unknown);
    return parsed.success ? parsed.data : text;
  } catch {
    return text;
  }
}

interface Execution {
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly reportText: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputTruncated: boolean;
  readonly durationMs: number;
}

/** Spawns without a shell, caps what it keeps of each stream, kills the whole group on the wall clock. */
function execute(sandboxCommand: SandboxCommand, limits: SandboxLimits, signal?: AbortSignal): Promise<Execution> {
  const { command, args } = sandboxCommand;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // detached: the sandbox gets its own process group, so one kill reaches bwrap and, through
    // --die-with-parent and the PID namespace, everything the code started. The minimal env matters: bwrap is
    // PID 1 inside and its /proc/1/environ is readable there.
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
      env: { PATH: '/usr/bin:/bin' },
      ...(sandboxCommand.uid === undefined ? {} : { uid: sandboxCommand.uid }),
      ...(sandboxCommand.gid === undefined ? {} : { gid: sandboxCommand.gid }),
    });
    const stdout = new CappedBuffer(limits.outputBytes);
    const stderr = new CappedBuffer(limits.outputBytes);
    const report = new CappedBuffer(reportLimitBytes);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.add(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.add(chunk);
    });
    const reportStream = child.stdio[3];
    reportStream?.on('data', (chunk: Buffer) => {
      report.add(chunk);
    });
    let timedOut = false;
    let aborted = false;
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, limits.wallClockMs);
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(new FdspError('SANDBOX_UNAVAILABLE', `cannot start ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (exitCode, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (aborted) {
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      resolve({
        timedOut,
        exitCode,
        signal: exitSignal,
        reportText: report.text(),
        stdout: stdout.text(),
        stderr: stderr.text(),
        outputTruncated: stdout.truncated || stderr.truncated,
        durationMs: performance.now() - started,
      });
    });
  });
}

class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.truncated ? `${text}\n[output truncated at ${this.limit} bytes]` : text;
  }
}

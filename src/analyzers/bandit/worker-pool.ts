// A pool of long-lived Python worker processes speaking JSON lines. Each worker holds up to `depth` requests (the
// next one already waits in its pipe when it answers, so it never idles while this process turns the answer around);
// it answers them in order, so a crash or a hang is always attributable to its oldest unanswered request: that worker
// is killed and replaced, that request retried once (a second failure becomes an error value for it only), and the
// requests queued behind it go back to the queue uncounted, since the worker never started them.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

import { z } from 'zod';

import { FdspError } from '../../errors/index.js';

const readySchema = z.object({
  type: z.literal('ready'),
  banditVersion: z.string(),
  python: z.string(),
  // What else decides Bandit's answers (absent from older or substitute workers: then nothing is cached).
  pythonBuild: z.string().optional(),
  tests: z.array(z.string()).optional(),
  identityFiles: z.array(z.string()).optional(),
});
const fatalSchema = z.object({ type: z.literal('fatal'), message: z.string() });

export const workerIssueSchema = z.object({
  test_id: z.string(),
  test_name: z.string().nullable().optional(),
  severity: z.string(),
  confidence: z.string(),
  text: z.string(),
  line: z.number().int(),
  line_range: z.array(z.number().int()),
  cwe: z.number().int().nullable().optional(),
});

export const workerAnswerSchema = z.object({
  id: z.number().int().nullable(),
  status: z.enum(['ok', 'syntax-error', 'error']),
  error: z.object({ message: z.string(), line: z.number().int().nullable().optional() }).optional(),
  issues: z.array(workerIssueSchema).optional(),
  // Never sent by the worker: a persistent cache stores the issues' fingerprints beside the answer, so a hit needs no
  // tree-sitter parse (the fingerprint depends on the bytes alone, as the cache key does).
  fingerprints: z.object({ scheme: z.string(), values: z.array(z.string()) }).optional(),
  // Never sent by the worker either: the engine's recovery of a rejected file, whose issues then are its recovered
  // code's (bandit-engine.ts), stored with the answer so a cache hit needs no parse.
  recovery: z
    .object({
      edits: z
        .array(
          z.object({
            kind: z.enum(['blank', 'dedent', 'rewrite']),
            reason: z.enum(['outside-fence', 'prose', 'indent', 'python2-print']),
            startLine: z.number().int(),
            endLine: z.number().int(),
            columns: z.number().int().optional(),
          }),
        )
        .readonly(),
    })
    .optional(),
});

export type WorkerIssue = z.infer<typeof workerIssueSchema>;
export type WorkerAnswer = z.infer<typeof workerAnswerSchema>;

export interface WorkerRequest {
  readonly op: 'scan' | 'parse';
  readonly path: string;
  readonly source: Uint8Array;
}

export interface WorkerIdentity {
  readonly banditVersion: string;
  readonly python: string;
  readonly pythonBuild?: string;
  readonly tests?: readonly string[];
  readonly identityFiles?: readonly string[];
}

export interface WorkerPoolOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly size: number;
  readonly startupTimeoutMs?: number;
  /** Start the other workers as soon as the first is up, instead of on demand: a caller that will send bursts
   * (a benchmark run) has them warm by the first burst. */
  readonly warm?: boolean;
  /** Per-request timeout; scales with input size because Bandit's time grows with the file. */
  readonly requestTimeoutMs?: (sourceBytes: number) => number;
  /** Requests sent to one worker ahead of its answers (default 4: one being scanned, the next ones already in its
   * pipe, so a worker keeps scanning while this process waits for the CPU on a loaded machine). */
  readonly depth?: number;
}

export function defaultRequestTimeoutMs(sourceBytes: number): number {
  return 15_000 + Math.ceil(sourceBytes / 1_000_000) * 15_000;
}

/** `not-started`: the request waited behind the one that failed; the worker never read it. */
type FailureKind = 'crashed' | 'timeout' | 'not-started';

type RunOutcome = { answer: WorkerAnswer } | { failure: FailureKind; detail: string };

interface Outstanding {
  readonly id: number;
  readonly timeoutMs: number;
  readonly settle: (outcome: RunOutcome) => void;
}

interface PendingRequest {
  readonly request: WorkerRequest;
  readonly resolve: (answer: WorkerAnswer) => void;
  attempts: number;
}

class Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<WorkerIdentity>;
  /** Sent and unanswered, oldest first: the head is the one the worker is scanning. */
  private readonly outstanding: Outstanding[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private stderrTail = '';
  alive = true;

  constructor(options: WorkerPoolOptions) {
    this.child = spawn(options.command, [...options.args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => undefined); // a dead worker's EPIPE is handled through 'exit'
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    const lines = createInterface({ input: this.child.stdout });
    this.ready = new Promise<WorkerIdentity>((resolve, reject) => {
      const startupTimer = setTimeout(() => {
        reject(new FdspError('ANALYZER_UNAVAILABLE', 'the Bandit worker did not start in time'));
        this.kill();
      }, options.startupTimeoutMs ?? 30_000);
      this.child.once('error', (error) => {
        clearTimeout(startupTimer);
        this.alive = false;
        reject(
          new FdspError('ANALYZER_UNAVAILABLE', `cannot start Bandit's Python (${options.command}): ${error.message}`, {
            hint: 'install Bandit (bash scripts/setup.sh, or apt-get install bandit) or set FDSP_BANDIT_PYTHON',
          }),
        );
      });
      lines.once('line', (line) => {
        clearTimeout(startupTimer);
        const parsed = parseJson(line);
        const ready = readySchema.safeParse(parsed);
        if (ready.success) {
          const { banditVersion, python, pythonBuild, tests, identityFiles } = ready.data;
          resolve({
            banditVersion,
            python,
            ...(pythonBuild === undefined ? {} : { pythonBuild }),
            ...(tests === undefined ? {} : { tests }),
            ...(identityFiles === undefined ? {} : { identityFiles }),
          });
          return;
        }
        const fatal = fatalSchema.safeParse(parsed);
        reject(
          new FdspError(
            'ANALYZER_UNAVAILABLE',
            fatal.success ? fatal.data.message : 'the Bandit worker sent no handshake',
            {
              hint: 'install Bandit (bash scripts/setup.sh, or apt-get install bandit) or set FDSP_BANDIT_PYTHON',
            },
          ),
        );
        this.kill();
      });
    });
    this.ready.catch(() => undefined);
    lines.on('line', (line) => {
      this.onLine(line);
    });
    this.child.once('exit', (code, signal) => {
      this.alive = false;
      this.fail('crashed', `worker exited (${signal ?? `code ${code ?? '?'}`}) ${this.stderrTail.trim().slice(-300)}`);
    });
  }

  get load(): number {
    return this.outstanding.length;
  }

  run(request: WorkerRequest, timeoutMs: number): Promise<RunOutcome> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.outstanding.push({ id, timeoutMs, settle: resolve });
      // The clock runs for the request being scanned only: one waiting in the pipe has not started.
      if (this.outstanding.length === 1) this.startClock();
      const message = {
        id,
        op: request.op,
        path: request.path,
        // A view, not a copy, of the caller's bytes.
        source: Buffer.from(request.source.buffer, request.source.byteOffset, request.source.byteLength).toString(
          'base64',
        ),
      };
      this.child.stdin.write(`${JSON.stringify(message)}\n`);
    });
  }

  kill(): void {
    this.alive = false;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private startClock(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.outstanding[0];
    if (head === undefined) return;
    this.timer = setTimeout(() => {
      this.fail('timeout', `no answer within ${String(head.timeoutMs)} ms`);
      this.kill();
    }, head.timeoutMs);
  }

  private onLine(line: string): void {
    const head = this.outstanding[0];
    if (head === undefined) return;
    const answer = workerAnswerSchema.safeParse(parseJson(line));
    if (!answer.success || answer.data.id !== head.id) {
      this.fail('crashed', 'the worker broke the protocol');
      this.kill();
      return;
    }
    this.outstanding.shift();
    this.startClock();
    head.settle({ answer: answer.data });
  }

  /** The head failed; everything behind it was never started. */
  private fail(kind: FailureKind, detail: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const [head, ...waiting] = this.outstanding.splice(0);
    head?.settle({ failure: kind, detail });
    for (const request of waiting) request.settle({ failure: 'not-started', detail });
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

export class PythonWorkerPool {
  private readonly options: WorkerPoolOptions;
  /** Started workers, busy or not. */
  private readonly ready: Worker[] = [];
  private readonly queue: PendingRequest[] = [];
  private readonly depth: number;
  private workerCount = 0;
  private identity: Promise<WorkerIdentity> | undefined;
  private closed = false;
  /** Counts for tests and diagnostics. */
  readonly stats = { started: 0, replaced: 0, retried: 0, failed: 0 };

  constructor(options: WorkerPoolOptions) {
    this.options = options;
    this.depth = Math.max(1, options.depth ?? 4);
  }

  /** Starts the first worker and reports what it runs; rejects with ANALYZER_UNAVAILABLE when it cannot start. */
  start(): Promise<WorkerIdentity> {
    if (!this.identity) {
      const first = this.spawnWorker();
      this.identity = first.ready.then((identity) => {
        this.release(first);
        if (this.options.warm === true) this.warmUp();
        return identity;
      });
      this.identity.catch(() => {
        this.workerCount -= 1;
      });
    }
    return this.identity;
  }

  async request(request: WorkerRequest): Promise<WorkerAnswer> {
    await this.start();
    return new Promise<WorkerAnswer>((resolve) => {
      this.queue.push({ request, resolve, attempts: 0 });
      this.dispatch();
    });
  }

  /** Ends the idle workers now and the busy ones once they have answered. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.ready.filter((worker) => worker.load === 0);
    const exits = idle.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (!worker.alive) {
            resolve();
            return;
          }
          worker.child.once('exit', () => {
            resolve();
          });
          worker.child.stdin.end();
          setTimeout(() => {
            worker.kill();
          }, 2000).unref();
        }),
    );
    for (const worker of idle) this.ready.splice(this.ready.indexOf(worker), 1);
    await Promise.all(exits);
  }

  private warmUp(): void {
    while (!this.closed && this.workerCount < this.options.size) this.addWorker();
  }

  /** Starts a worker that joins the ready set once up; one that cannot start gives its place back. */
  private addWorker(onStartFailure?: () => void): void {
    const fresh = this.spawnWorker();
    fresh.ready.then(
      () => {
        this.release(fresh);
      },
      () => {
        this.workerCount -= 1;
        onStartFailure?.();
      },
    );
  }

  private spawnWorker(): Worker {
    this.workerCount += 1;
    this.stats.started += 1;
    return new Worker(this.options);
  }

  private release(worker: Worker): void {
    if (this.closed) {
      worker.child.stdin.end();
      return;
    }
    this.ready.push(worker);
    this.dispatch();
  }

  /** An idle worker first; else start one if there is room; else the least loaded below the depth. */
  private pickWorker(): Worker | 'starting' | undefined {
    let best: Worker | undefined;
    for (let index = this.ready.length - 1; index >= 0; index -= 1) {
      const worker = this.ready[index];
      if (worker === undefined) continue;
      if (!worker.alive) {
        if (worker.load === 0) this.retire(worker);
        continue;
      }
      if (worker.load === 0) return worker;
      if (worker.load < this.depth && (best === undefined || worker.load < best.load)) best = worker;
    }
    return this.workerCount < this.options.size ? 'starting' : best;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.pickWorker();
      if (worker === undefined) return;
      if (worker === 'starting') {
        this.addWorker(() => {
          this.failQueued('the Bandit worker could not be restarted');
        });
        continue;
      }
      const pending = this.queue.shift();
      if (!pending) return;
      this.execute(worker, pending);
    }
  }

  /** Takes a dead or wedged worker out of the pool, once however many of its requests report the failure. */
  private retire(worker: Worker): boolean {
    const index = this.ready.indexOf(worker);
    if (index < 0) return false;
    this.ready.splice(index, 1);
    this.workerCount -= 1;
    return true;
  }

  private execute(worker: Worker, pending: PendingRequest): void {
    const timeoutMs = (this.options.requestTimeoutMs ?? defaultRequestTimeoutMs)(pending.request.source.byteLength);
    pending.attempts += 1;
    void worker.run(pending.request, timeoutMs).then((outcome) => {
      if ('answer' in outcome) {
        pending.resolve(outcome.answer);
        if (this.closed && worker.load === 0) worker.child.stdin.end();
        this.dispatch();
        return;
      }
      // The worker is gone or wedged: replace it, then retry the request it failed on once.
      worker.kill();
      if (this.retire(worker)) this.stats.replaced += 1;
      if (outcome.failure === 'not-started') {
        pending.attempts -= 1;
        this.queue.unshift(pending);
      } else if (pending.attempts < 2) {
        this.stats.retried += 1;
        this.queue.unshift(pending);
      } else {
        this.stats.failed += 1;
        const what = outcome.failure === 'timeout' ? 'timed out' : 'crashed';
        pending.resolve({
          id: null,
          status: 'error',
          error: { message: `the Bandit worker ${what} twice on this file (${outcome.detail.trim()})` },
        });
      }
      this.dispatch();
    });
  }

  private failQueued(message: string): void {
    if (this.workerCount > 0) return;
    for (const pending of this.queue.splice(0)) {
      pending.resolve({ id: null, status: 'error', error: { message } });
    }
  }
}

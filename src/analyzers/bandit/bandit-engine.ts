// The Bandit analyzer: exactly Bandit's findings (as `bandit --ignore-nosec -f json`), CWE on each, from a pool of
// warm Python workers instead of a process per scan.
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { packageRoot } from '../../support/package-root.js';
import { fingerprintFindings, fingerprintScheme, snippetOf } from '../fingerprint.js';
import { recoverCode, type ParseVerdict } from '../recovery/index.js';
import type {
  Analyzer,
  Confidence,
  FileScanResult,
  Finding,
  PythonSyntaxChecker,
  Severity,
  SourceFile,
  SyntaxCheckResult,
} from '../types.js';
import { identityOf, sha256Hex, statStamp, type BanditAnswerCache, type BanditIdentity } from './answer-cache.js';
import { banditCwe, banditRuleName } from './bandit-rules.js';
import { resolveBanditPython } from './interpreter.js';
import { PythonWorkerPool, type WorkerAnswer, type WorkerIssue, type WorkerPoolOptions } from './worker-pool.js';

export interface BanditEngineOptions {
  /** Python that can import Bandit; default: the `bandit` script's shebang interpreter. */
  readonly python?: string;
  /** Worker processes; default: the number of cores. */
  readonly concurrency?: number;
  readonly requestTimeoutMs?: WorkerPoolOptions['requestTimeoutMs'];
  /** The worker program and its arguments; tests substitute a fault-injecting wrapper. */
  readonly workerArgs?: readonly string[];
  /** Answers kept across processes (the bench's store). A hit needs no worker; with a remembered identity whose
   * files are unchanged, no worker starts at all. */
  readonly cache?: BanditAnswerCache;
  /** Start every worker once the first is up (see WorkerPoolOptions.warm). */
  readonly warm?: boolean;
}

function level(value: string): Severity & Confidence {
  const lower = value.toLowerCase();
  return lower === 'high' || lower === 'medium' ? lower : 'low';
}

function toFindings(file: SourceFile, issues: readonly WorkerIssue[], stored: WorkerAnswer['fingerprints']): Finding[] {
  const fingerprints =
    stored !== undefined && stored.scheme === fingerprintScheme && stored.values.length === issues.length
      ? stored.values
      : fingerprintFindings(
          file.text,
          issues.map((issue) => ({ ruleId: issue.test_id, line: issue.line })),
        );
  return issues.map((issue, index) => {
    const endLine = Math.max(issue.line, ...issue.line_range);
    return {
      analyzer: 'bandit',
      ruleId: issue.test_id,
      ruleName: banditRuleName(issue.test_id, issue.test_name),
      cwe: banditCwe(issue.test_id, issue.cwe),
      severity: level(issue.severity),
      confidence: level(issue.confidence),
      message: issue.text,
      path: file.path,
      line: issue.line,
      endLine,
      snippet: snippetOf(file.text, issue.line, endLine),
      fingerprint: fingerprints[index] ?? '',
    };
  });
}

function toResult(file: SourceFile, answer: WorkerAnswer): FileScanResult {
  if (answer.status === 'ok') {
    return { path: file.path, status: 'ok', findings: toFindings(file, answer.issues ?? [], answer.fingerprints) };
  }
  const error = answer.error ?? { message: 'unknown worker error' };
  const recovered = answer.status === 'syntax-error' && answer.recovery !== undefined;
  return {
    path: file.path,
    status: answer.status,
    error: { message: error.message, ...(typeof error.line === 'number' ? { line: error.line } : {}) },
    // Lines are kept by recovery: the issues of the recovered code are at the original's lines.
    findings: recovered ? toFindings(file, answer.issues ?? [], answer.fingerprints) : [],
    ...(recovered && answer.recovery ? { recovery: answer.recovery } : {}),
  };
}

function verdictOf(answer: WorkerAnswer): ParseVerdict {
  return answer.status === 'ok'
    ? { ok: true }
    : {
        ok: false,
        ...(answer.error ? { message: answer.error.message } : {}),
        ...(typeof answer.error?.line === 'number' ? { line: answer.error.line } : {}),
      };
}

export class BanditEngine implements Analyzer, PythonSyntaxChecker {
  readonly name = 'bandit';
  private readonly pool: PythonWorkerPool;
  private readonly command: string;
  private readonly args: readonly string[];
  private readonly cache: BanditAnswerCache | undefined;
  private readonly probe: string;
  /** The identity answers are cached under: remembered (no worker needed) or the started worker's. */
  private identity: Promise<BanditIdentity | undefined> | undefined;
  private live: Promise<BanditIdentity | undefined> | undefined;
  readonly cacheStats = { hits: 0, misses: 0 };

  constructor(options: BanditEngineOptions = {}) {
    this.command = options.python ?? resolveBanditPython();
    this.args = options.workerArgs ?? [path.join(packageRoot(), 'python', 'bandit-worker.py')];
    this.cache = options.cache;
    this.probe = JSON.stringify([this.command, ...this.args]);
    this.pool = new PythonWorkerPool({
      command: this.command,
      args: this.args,
      size: Math.max(1, options.concurrency ?? availableParallelism()),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.warm === undefined ? {} : { warm: options.warm }),
    });
  }

  get stats(): PythonWorkerPool['stats'] {
    return this.pool.stats;
  }

  async version(): Promise<string> {
    const known = this.cache === undefined ? undefined : await this.cacheIdentity();
    return known?.version ?? (await this.pool.start()).banditVersion;
  }

  /** Results in the files' order. With a cache, the batch is looked up in one query and only the misses reach the
   * pool; its fresh answers are stored together at the end. The pool is sent the largest first, so a big file does
   * not start last and leave one worker scanning it alone while the other has nothing left (longest-processing-time-
   * first scheduling). */
  async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
    const sources = files.map((file) => file.bytes ?? Buffer.from(file.text, 'utf8'));
    const cache = this.cache;
    const identity = cache === undefined ? undefined : await this.cacheIdentity();
    // The path never reaches Bandit's checks (only the module name it derives, which no check reads), so the key is
    // the bytes alone and the answer is relabelled with this file's path by toResult.
    const keys = identity === undefined ? [] : sources.map((source) => sha256Hex(source));
    const hits =
      cache !== undefined && identity !== undefined
        ? cache.getMany(identity.key, keys)
        : new Map<string, WorkerAnswer>();
    const results = new Array<Promise<FileScanResult>>(files.length);
    const fresh: { sourceSha256: string; answer: WorkerAnswer }[] = [];
    const misses: number[] = [];
    files.forEach((file, index) => {
      const hit = hits.get(keys[index] ?? '');
      if (hit === undefined) misses.push(index);
      else results[index] = Promise.resolve(toResult(file, hit));
    });
    this.cacheStats.hits += files.length - misses.length;
    if (cache !== undefined && identity !== undefined) this.cacheStats.misses += misses.length;
    misses.sort((a, b) => (sources[b]?.byteLength ?? 0) - (sources[a]?.byteLength ?? 0));
    for (const index of misses) {
      const file = files[index];
      const source = sources[index];
      if (file === undefined || source === undefined) continue;
      const scanned = this.pool
        .request({ op: 'scan', path: file.path, source })
        .then((answer) => (answer.status === 'syntax-error' ? this.recover(file, answer) : answer));
      results[index] = scanned.then((answer) => {
        const result = toResult(file, answer);
        // Crashes and time-outs are not Bandit's verdict on the code: never cached.
        if (cache !== undefined && answer.status !== 'error') {
          const fingerprints = { scheme: fingerprintScheme, values: result.findings.map((item) => item.fingerprint) };
          fresh.push({ sourceSha256: keys[index] ?? sha256Hex(source), answer: { ...answer, fingerprints } });
        }
        return result;
      });
    }
    const scanned = await Promise.all(results);
    if (cache !== undefined && fresh.length > 0) {
      const live = await this.liveIdentity();
      if (live !== undefined) cache.putMany(live.key, fresh);
    }
    return scanned;
  }

  /** Bandit's issues on the code recovered from a file Python rejected (recovery/), under the file's own syntax
   * error; the answer unchanged when no code is recovered. */
  private async recover(file: SourceFile, rejected: WorkerAnswer): Promise<WorkerAnswer> {
    // Bytes that are not UTF-8 text (a coding cookie, stray bytes) are scanned as they are: the edits work on text,
    // and re-encoding it would change what Python decodes. LLM output is text.
    if (file.bytes !== undefined) return rejected;
    const recovered = await recoverCode(file.text, verdictOf(rejected), (code) => this.parse(code));
    if (recovered === undefined) return rejected;
    const source = Buffer.from(recovered.text, 'utf8');
    const answer = await this.pool.request({ op: 'scan', path: file.path, source });
    if (answer.status !== 'ok') return rejected;
    return { ...rejected, issues: answer.issues ?? [], recovery: recovered.recovery };
  }

  private async parse(code: string): Promise<ParseVerdict> {
    return verdictOf(await this.pool.request({ op: 'parse', path: '<candidate>', source: Buffer.from(code, 'utf8') }));
  }

  async scanOne(file: SourceFile): Promise<FileScanResult> {
    const [result] = await this.scan([file]);
    if (result === undefined) throw new Error('the Bandit engine returned no result');
    return result;
  }

  /** A remembered identity whose files are unchanged, else the started worker's. */
  private cacheIdentity(): Promise<BanditIdentity | undefined> {
    this.identity ??= Promise.resolve().then(() => {
      const remembered = this.cache?.recall(this.probe);
      if (remembered !== undefined && statStamp(remembered.files) === remembered.stamp) return remembered;
      return this.liveIdentity();
    });
    return this.identity;
  }

  /** The started worker's identity, remembered for the next process. */
  private liveIdentity(): Promise<BanditIdentity | undefined> {
    this.live ??= this.pool.start().then((worker) => {
      const identity = identityOf(worker, this.command, this.args);
      if (identity === undefined) return undefined;
      this.cache?.remember(this.probe, identity);
      // A remembered identity that disagrees with the real one (a change its files did not show) is dropped, so
      // later scans are read and written under the real one.
      this.identity = Promise.resolve(identity);
      return identity;
    });
    return this.live;
  }

  async checkSyntax(code: string): Promise<SyntaxCheckResult> {
    const verdict = await this.parse(code);
    if (verdict.ok) return { ok: true };
    return { ok: false, message: verdict.message ?? 'does not parse', ...(verdict.line ? { line: verdict.line } : {}) };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export function createBanditEngine(options: BanditEngineOptions = {}): BanditEngine {
  return new BanditEngine(options);
}

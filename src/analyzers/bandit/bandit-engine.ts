// The Bandit analyzer: exactly Bandit's findings (as `bandit --ignore-nosec -f json`), CWE on each, from a pool of
// warm Python workers instead of a process per scan.
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { packageRoot } from '../../support/package-root.js';
import { fingerprintFindings, snippetOf } from '../fingerprint.js';
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
}

function level(value: string): Severity & Confidence {
  const lower = value.toLowerCase();
  return lower === 'high' || lower === 'medium' ? lower : 'low';
}

function toFindings(file: SourceFile, issues: readonly WorkerIssue[]): Finding[] {
  const fingerprints = fingerprintFindings(
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
  if (answer.status === 'ok') return { path: file.path, status: 'ok', findings: toFindings(file, answer.issues ?? []) };
  const error = answer.error ?? { message: 'unknown worker error' };
  return {
    path: file.path,
    status: answer.status,
    error: { message: error.message, ...(typeof error.line === 'number' ? { line: error.line } : {}) },
    findings: [],
  };
}

export class BanditEngine implements Analyzer, PythonSyntaxChecker {
  readonly name = 'bandit';
  private readonly pool: PythonWorkerPool;

  constructor(options: BanditEngineOptions = {}) {
    const python = options.python ?? resolveBanditPython();
    this.pool = new PythonWorkerPool({
      command: python,
      args: options.workerArgs ?? [path.join(packageRoot(), 'python', 'bandit-worker.py')],
      size: Math.max(1, options.concurrency ?? availableParallelism()),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    });
  }

  get stats(): PythonWorkerPool['stats'] {
    return this.pool.stats;
  }

  async version(): Promise<string> {
    return (await this.pool.start()).banditVersion;
  }

  async scan(files: readonly SourceFile[]): Promise<FileScanResult[]> {
    return Promise.all(files.map((file) => this.scanOne(file)));
  }

  async scanOne(file: SourceFile): Promise<FileScanResult> {
    const source = file.bytes ?? Buffer.from(file.text, 'utf8');
    const answer = await this.pool.request({ op: 'scan', path: file.path, source });
    return toResult(file, answer);
  }

  async checkSyntax(code: string): Promise<SyntaxCheckResult> {
    const answer = await this.pool.request({ op: 'parse', path: '<candidate>', source: Buffer.from(code, 'utf8') });
    if (answer.status === 'ok') return { ok: true };
    return {
      ok: false,
      message: answer.error?.message ?? 'does not parse',
      ...(typeof answer.error?.line === 'number' ? { line: answer.error.line } : {}),
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export function createBanditEngine(options: BanditEngineOptions = {}): BanditEngine {
  return new BanditEngine(options);
}

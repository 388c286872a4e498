// The analyzer contract. Everything else in fdsp depends on these shapes; this file imports nothing.

export type Severity = 'low' | 'medium' | 'high';
export type Confidence = 'low' | 'medium' | 'high';

export const severityOrder: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** One source file handed to an analyzer. `bytes` carries the file's exact bytes when they are not plain UTF-8 text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly bytes?: Uint8Array;
}

export interface Finding {
  readonly analyzer: string;
  readonly ruleId: string;
  readonly ruleName: string;
  /** CWE number (89 for CWE-89); null only for external engines whose rule carries none. */
  readonly cwe: number | null;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly message: string;
  readonly path: string;
  readonly line: number;
  readonly endLine: number;
  readonly snippet: string;
  /** Stable across unrelated edits above the finding: rule + normalized statement + enclosing scope. */
  readonly fingerprint: string;
  /** How to fix it, phrased for a model (builtin rules carry one). */
  readonly fixHint?: string;
  /**
   * The oracle policy's verdict (analyzers/policy): false = advisory, the finding does not keep the repair loop
   * going or a scan failing. Absent = not judged by a policy, which counts as blocking.
   */
  readonly blocking?: boolean;
}

export type FileScanStatus = 'ok' | 'syntax-error' | 'error';

export interface FileScanError {
  readonly message: string;
  readonly line?: number;
  readonly code?: string;
}

/**
 * One edit of code recovery (analyzers/recovery), lines 1-based and inclusive; every edit keeps the line count.
 * `blank` empties the lines (`outside-fence`: Markdown around a fenced block; `prose`: a sentence Python rejected),
 * `dedent` strips `columns` leading whitespace characters (`indent`), `rewrite` turns a Python 2 print statement into
 * the Python 3 call (`python2-print`).
 */
export interface RecoveryEdit {
  readonly kind: 'blank' | 'dedent' | 'rewrite';
  readonly reason: 'outside-fence' | 'prose' | 'indent' | 'python2-print';
  readonly startLine: number;
  readonly endLine: number;
  readonly columns?: number;
}

/** How the code of a file Python rejected was recovered: its findings come from the original text with these edits. */
export interface CodeRecovery {
  readonly edits: readonly RecoveryEdit[];
}

export interface FileScanResult {
  readonly path: string;
  readonly status: FileScanStatus;
  readonly error?: FileScanError;
  readonly findings: readonly Finding[];
  /** Present on a `syntax-error` file whose findings come from its recovered code (the status stays: Python rejects
   * what was given; the findings are at the lines of the original). */
  readonly recovery?: CodeRecovery;
}

export interface ScanOptions {
  readonly signal?: AbortSignal;
}

export interface Analyzer {
  readonly name: string;
  /** Scan every file; one result per input file, in input order. Never rejects for a single bad file. */
  scan(files: readonly SourceFile[], options?: ScanOptions): Promise<FileScanResult[]>;
  /** Tool version, recorded in run manifests. */
  version(): Promise<string>;
  close(): Promise<void>;
}

export interface SyntaxCheckResult {
  readonly ok: boolean;
  readonly message?: string;
  readonly line?: number;
}

/** Python's own parser verdict (through the Bandit worker's interpreter). */
export interface PythonSyntaxChecker {
  checkSyntax(code: string): Promise<SyntaxCheckResult>;
}

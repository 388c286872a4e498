// The stable JSON shape of a scan (version 1) and the decisions derived from it: summary and exit code.
import { isBlocking, type OraclePolicy } from '../analyzers/policy/index.js';
import type { FileScanResult, Finding, Severity } from '../analyzers/types.js';

export interface AnalyzerIdentity {
  readonly name: string;
  readonly version: string;
}

export interface ScanSummary {
  readonly files: number;
  readonly filesWithFindings: number;
  readonly findings: number;
  /** Findings that keep the scan failing under the policy; the rest are advisory. */
  readonly blocking: number;
  readonly advisory: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly syntaxErrors: number;
  readonly errors: number;
}

/** A finding a person silenced with `# fdsp: ignore[RULE] reason`. */
export interface SuppressedFindingReport extends Finding {
  readonly reason: string;
}

/** What a project run left aside: findings its baseline knows, and justified suppressions. */
export interface LeftAside {
  /** The baseline file used, if any, and how many known findings it left aside. */
  readonly baseline?: { readonly file: string; readonly known: number };
  readonly suppressed: readonly SuppressedFindingReport[];
  /** `# fdsp: ignore[…]` comments without a reason: reported, not honoured. */
  readonly unjustified: readonly {
    readonly path: string;
    readonly line: number;
    readonly ruleIds: readonly string[];
  }[];
}

export interface ScanReport {
  readonly version: 1;
  readonly tool: { readonly name: 'fdsp'; readonly version: string; readonly analyzers: readonly AnalyzerIdentity[] };
  /** The oracle policy that set each finding's `blocking`. */
  readonly policy: OraclePolicy;
  readonly files: readonly FileScanResult[];
  readonly summary: ScanSummary;
  /** Present when a baseline or suppressions were applied; `files` and `summary` then hold only what is new. */
  readonly leftAside?: LeftAside;
  /** With `--changed`: what the scanned files were compared with (`origin/main (merge base 1a2b3c4d5e6f)`). */
  readonly changedAgainst?: string;
}

export function summarize(files: readonly FileScanResult[]): ScanSummary {
  const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  let findings = 0;
  let blocking = 0;
  for (const file of files) {
    for (const finding of file.findings) {
      bySeverity[finding.severity] += 1;
      findings += 1;
      if (isBlocking(finding)) blocking += 1;
    }
  }
  return {
    files: files.length,
    filesWithFindings: files.filter((file) => file.findings.length > 0).length,
    findings,
    blocking,
    advisory: findings - blocking,
    bySeverity,
    syntaxErrors: files.filter((file) => file.status === 'syntax-error').length,
    errors: files.filter((file) => file.status === 'error').length,
  };
}

export function buildScanReport(
  files: readonly FileScanResult[],
  tool: { version: string; analyzers: readonly AnalyzerIdentity[] },
  policy: OraclePolicy = 'study',
): ScanReport {
  // Every finding states its verdict; one no policy judged blocks (that is `study`).
  const judged = files.map((file) => ({
    ...file,
    findings: file.findings.map((finding) => ({ ...finding, blocking: isBlocking(finding) })),
  }));
  return { version: 1, tool: { name: 'fdsp', ...tool }, policy, files: judged, summary: summarize(judged) };
}

/** 0 clean, 1 blocking findings (code that does not parse is never clean), 2 a file could not be scanned. */
export function scanExitCode(summary: ScanSummary): 0 | 1 | 2 {
  if (summary.errors > 0) return 2;
  if (summary.blocking > 0 || summary.syntaxErrors > 0) return 1;
  return 0;
}

// Several analyzers as one: every analyzer scans every file; per file the findings are merged and the status is the
// most severe one (error > syntax-error > ok), so a file one engine could not read is never reported clean.
import { PolicyAnalyzer } from './policy/policy-analyzer.js';
import { rescanRecovered } from './recovery/index.js';
import type { Analyzer, FileScanResult, FileScanStatus, ScanOptions, SourceFile } from './types.js';

const statusRank: Record<FileScanStatus, number> = { ok: 0, 'syntax-error': 1, error: 2 };
// The order localeCompare gives, from one collator: localeCompare looks its collator up on every call, which made
// this sort a tenth of an unchanged tree's cached re-scan.
const byLocale = new Intl.Collator().compare;

export function mergeFileResults(perAnalyzer: readonly FileScanResult[]): FileScanResult {
  const first = perAnalyzer[0];
  if (!first) throw new Error('mergeFileResults needs at least one result');
  let worst = first;
  for (const result of perAnalyzer) if (statusRank[result.status] > statusRank[worst.status]) worst = result;
  const findings = perAnalyzer
    .flatMap((result) => result.findings)
    .sort((a, b) => a.line - b.line || byLocale(a.analyzer, b.analyzer) || byLocale(a.ruleId, b.ruleId));
  const recovery = perAnalyzer.find((result) => result.recovery !== undefined)?.recovery;
  return {
    path: first.path,
    status: worst.status,
    ...(worst.error ? { error: worst.error } : {}),
    findings,
    ...(recovery && worst.status === 'syntax-error' ? { recovery } : {}),
  };
}

export class AnalyzerUnion implements Analyzer {
  readonly name: string;
  readonly members: readonly Analyzer[];

  constructor(members: readonly Analyzer[]) {
    if (members.length === 0) throw new Error('an analyzer union needs at least one analyzer');
    this.members = members;
    this.name = members.map((member) => member.name).join('+');
  }

  async scan(files: readonly SourceFile[], options?: ScanOptions): Promise<FileScanResult[]> {
    const scanned = await Promise.all(this.members.map((member) => member.scan(files, options)));
    // A file one member recovered (Python rejected it) is read by all from the same recovered code.
    const results = await rescanRecovered(this.members, files, scanned, options);
    return files.map((_, index) => mergeFileResults(results.map((perFile) => perFile[index]).filter(isDefined)));
  }

  async version(): Promise<string> {
    const versions = await Promise.all(this.members.map(async (member) => `${member.name} ${await member.version()}`));
    return versions.join(', ');
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((member) => member.close()));
  }
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** The engines behind an analyzer: the members of a union (under its policy, if any), or the analyzer itself. */
export function analyzerMembers(analyzer: Analyzer): readonly Analyzer[] {
  if (analyzer instanceof PolicyAnalyzer) return analyzerMembers(analyzer.inner);
  return analyzer instanceof AnalyzerUnion ? analyzer.members : [analyzer];
}

// An analyzer under an oracle policy: the wrapped engines' results, each finding carrying `blocking`. The policy sees
// one file's findings from every engine at once (a Bandit import warning is judged against the builtin analyzer's
// findings too), so it wraps the union, not each member.
import type { Analyzer, FileScanResult, ScanOptions, SourceFile } from '../types.js';
import { applyPolicy, type OraclePolicy } from './policy.js';

export class PolicyAnalyzer implements Analyzer {
  readonly name: string;

  constructor(
    readonly inner: Analyzer,
    readonly policy: OraclePolicy,
  ) {
    this.name = inner.name;
  }

  async scan(files: readonly SourceFile[], options?: ScanOptions): Promise<FileScanResult[]> {
    const results = await this.inner.scan(files, options);
    return results.map((result) => applyPolicy(this.policy, result));
  }

  version(): Promise<string> {
    return this.inner.version();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** `analyzer` judged under `policy` (re-wrapping replaces the policy, never stacks two). */
export function withPolicy(analyzer: Analyzer, policy: OraclePolicy): PolicyAnalyzer {
  return new PolicyAnalyzer(analyzer instanceof PolicyAnalyzer ? analyzer.inner : analyzer, policy);
}

/** The policy an analyzer applies; undefined for a bare analyzer (its findings carry no verdict, so all block). */
export function policyOf(analyzer: Analyzer): OraclePolicy | undefined {
  return analyzer instanceof PolicyAnalyzer ? analyzer.policy : undefined;
}

// The eval's policy dimension, pure: each analyzer's findings per file, and their union, reduced to what blocks under
// an oracle policy. The union is judged as one file's findings (a Bandit audit note is corroborated by the builtin
// analyzer's finding), exactly as `fdsp scan --analyzers bandit,builtin --policy …` judges it.
import { applyPolicy, blockingFindings, type OraclePolicy } from '../policy/index.js';
import type { Finding } from '../types.js';

export type FindingsByFile = ReadonlyMap<string, readonly Finding[]>;

function blockingByFile(policy: OraclePolicy, findings: FindingsByFile): Map<string, Finding[]> {
  const judged = new Map<string, Finding[]>();
  for (const [path, list] of findings) {
    const result = applyPolicy(policy, { path, status: 'ok', findings: list });
    judged.set(path, blockingFindings(result.findings));
  }
  return judged;
}

/** `<analyzer> (<policy>)` → blocking findings per file, for every analyzer, their union, and every policy. */
export function blockingUnderPolicies(
  perAnalyzer: ReadonlyMap<string, FindingsByFile>,
  policies: readonly OraclePolicy[],
): Map<string, Map<string, Finding[]>> {
  const union = new Map<string, Finding[]>();
  for (const findings of perAnalyzer.values()) {
    for (const [path, list] of findings) union.set(path, [...(union.get(path) ?? []), ...list]);
  }
  const analyzers = new Map([...perAnalyzer, [[...perAnalyzer.keys()].join('+'), union]]);
  const rows = new Map<string, Map<string, Finding[]>>();
  for (const [name, findings] of analyzers) {
    for (const policy of policies) rows.set(`${name} (${policy})`, blockingByFile(policy, findings));
  }
  return rows;
}

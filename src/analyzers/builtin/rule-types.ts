// The shape of a builtin rule. Rules are data (rule-definitions.ts); their matching logic sits in checks.ts, keyed by
// the same id.
import type { Confidence, Severity } from '../types.js';
import type { SinkKind } from './taint.js';

export interface RuleDefinition {
  /** Stable id, `FDSP-PY-<AREA>-<NNN>`. */
  readonly id: string;
  readonly name: string;
  readonly cwe: number;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly message: string;
  /** Phrased for the repairing model: what to change, not only what is wrong. */
  readonly fixHint: string;
  /** Flow rules: the sink kind they guard, and whether parameters of an ordinary function count as a source. */
  readonly flow?: { readonly sink: SinkKind; readonly parameterSources: boolean };
  /** Snippets that must (vulnerable) and must not (safe) produce this rule; the test suite runs them all. */
  readonly examples: { readonly vulnerable: readonly string[]; readonly safe: readonly string[] };
}

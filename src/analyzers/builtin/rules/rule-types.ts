// The shape of a builtin rule and of a rule family. A rule is data (id, CWE, message, fix hint, examples) plus matching
// logic keyed by the same id; both live in the family's file under rules/, and rules/index.ts assembles the registry.
import type { PlainNode } from '../../../python-syntax/index.js';
import type { Confidence, Severity } from '../../types.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import type { SinkKind } from '../taint.js';

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
  /** Flow rules: the sink kind they guard, whether parameters of an ordinary function count as a source, and whether
   * the command line, the environment and the terminal do (`operatorSources`, default true): for a rule whose
   * weakness is crossing a trust boundary, what the person running the program types is their own choice. */
  readonly flow?: { readonly sink: SinkKind; readonly parameterSources: boolean; readonly operatorSources?: boolean };
  /** Snippets that must (vulnerable) and must not (safe) produce this rule; the test suite runs them all. */
  readonly examples: { readonly vulnerable: readonly string[]; readonly safe: readonly string[] };
}

/** A rule's matching logic: hooks the module analysis calls as it walks the file. */
export interface RuleLogic {
  readonly call?: (site: CallSite, analysis: ModuleAnalysis) => void;
  readonly assign?: (target: PlainNode, value: PlainNode, analysis: ModuleAnalysis) => void;
  readonly returned?: (value: PlainNode, analysis: ModuleAnalysis) => void;
  readonly node?: (node: PlainNode, analysis: ModuleAnalysis) => void;
}

/** One CWE family's rules: their data and their logic, keyed by rule id. */
export interface RuleFamily {
  readonly definitions: readonly RuleDefinition[];
  readonly logic: Readonly<Record<string, RuleLogic>>;
}

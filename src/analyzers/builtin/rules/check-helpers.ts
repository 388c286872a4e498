// Helpers shared by the rule checks: argument lookup, literal values, name matching, flow reporting.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { isOperatorInput } from '../engine/sources.js';
import { reaches, type SinkKind, type Taint } from '../taint.js';
import { ruleById } from './index.js';
import { descendants } from './shared-facts.js';
import type { RuleDefinition } from './rule-types.js';

/** Whether a flow rule counts a value from this source (a finding without a taint, or of a rule without a flow, is
 * not a flow finding and always counts). Findings reported through another module's helper pass here too. */
export function acceptsSource(rule: RuleDefinition | undefined, taint: Taint | undefined): boolean {
  if (!rule?.flow || !taint) return true;
  if (taint.origin === 'parameter' && !rule.flow.parameterSources) return false;
  return rule.flow.operatorSources !== false || !isOperatorInput(taint);
}

/** Report a flow finding if the taint reaches the rule's sink kind (or `sink`, for a rule one of whose sinks is of
 * another kind) from a source the rule accepts. */
export function flow(
  analysis: ModuleAnalysis,
  ruleId: string,
  node: PlainNode,
  taint: Taint | undefined,
  sink?: SinkKind,
): boolean {
  const rule = ruleById.get(ruleId);
  if (!rule?.flow || !reaches(taint, sink ?? rule.flow.sink)) return false;
  if (!acceptsSource(rule, taint)) return false;
  analysis.report(ruleId, node, { taint, detail: `from ${taint.from}` });
  return true;
}

export function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

export function argument(site: CallSite, index: number, keyword?: string): PlainNode | undefined {
  return (keyword ? site.keywords.get(keyword) : undefined) ?? site.positional[index];
}

export function matches(name: string, patterns: readonly string[]): boolean {
  return patterns.some(
    (pattern) =>
      name === pattern || name.endsWith(`.${pattern}`) || (pattern.startsWith('.') && name.endsWith(pattern)),
  );
}

export function stringValue(analysis: ModuleAnalysis, given: PlainNode | undefined): string | undefined {
  const node = given ? (analysis.literalOf(given) ?? given) : given;
  if (node?.type !== 'string' || node.children.some((child) => child.type === 'interpolation')) return undefined;
  return analysis
    .text(node)
    .replace(/^[rbuRBU]*(['"]{3}|['"])/, '')
    .replace(/(['"]{3}|['"])$/, '');
}

export function isTrue(analysis: ModuleAnalysis, node: PlainNode | undefined): boolean {
  return node !== undefined && (node.type === 'true' || analysis.text(node) === '1');
}

export function isFalse(analysis: ModuleAnalysis, node: PlainNode | undefined): boolean {
  return node !== undefined && (node.type === 'false' || analysis.text(node) === '0');
}

/** A string built at run time (f-string with values, %, +, .format, join). */
export function isBuiltString(analysis: ModuleAnalysis, node: PlainNode): boolean {
  if (node.type === 'string') return node.children.some((child) => child.type === 'interpolation');
  if (node.type === 'binary_operator') return true;
  if (node.type === 'call')
    return /\.(format|join)$/.test(analysis.qualify(childByField(node, 'function') ?? node) ?? '');
  return false;
}

/** `name = value` assignments under `scope`, in source order; nested functions only when `nested` (a module's view). */
export function assignmentsIn(
  scope: PlainNode,
  analysis: ModuleAnalysis,
  nested = false,
): { name: string; value: PlainNode; at: number }[] {
  const found: { name: string; value: PlainNode; at: number }[] = [];
  const stack = [...scope.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (left?.type === 'identifier' && right) found.push({ name: analysis.text(left), value: right, at: node.start });
    }
    if (nested || node.type !== 'function_definition') stack.push(...node.children);
  }
  return found.sort((a, b) => a.at - b.at);
}

/** The values `name = value` assigns anywhere under `scope` (nested blocks and functions too), in no set order;
 * undefined for an annotation with no value (`name: int`). */
export function boundValues(scope: PlainNode, name: string, analysis: ModuleAnalysis): (PlainNode | undefined)[] {
  return descendants(scope)
    .filter((node) => node.type === 'assignment' && analysis.text(childByField(node, 'left') ?? node) === name)
    .map((node) => childByField(node, 'right'));
}

/** The value `name` is bound to under `scope` when it is bound exactly once there. */
export function soleBinding(scope: PlainNode, name: string, analysis: ModuleAnalysis): PlainNode | undefined {
  const values = boundValues(scope, name, analysis);
  return values.length === 1 ? values[0] : undefined;
}

/**
 * The `(key, value)` pairs of a dict literal whose keys are all literal strings, e.g. `{"Location": url}` given as a
 * response's `headers=`; undefined for anything else (a name, a call, a computed key).
 */
export function literalDictPairs(
  analysis: ModuleAnalysis,
  node: PlainNode | undefined,
): { key: string; value: PlainNode }[] | undefined {
  if (node?.type !== 'dictionary') return undefined;
  const pairs: { key: string; value: PlainNode }[] = [];
  for (const pair of namedChildren(node)) {
    const key = pair.type === 'pair' ? stringValue(analysis, childByField(pair, 'key')) : undefined;
    const value = childByField(pair, 'value');
    if (key === undefined || !value) return undefined;
    pairs.push({ key, value });
  }
  return pairs;
}

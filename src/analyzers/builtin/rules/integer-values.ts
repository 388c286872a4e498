// The integer a size or count argument stands for, by the names rules meet in repaired code: a literal, a module
// constant bound once, a parameter's default the body never rebinds, or a class attribute read through self/cls.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { descendants, enclosingFunction, ownAttribute } from './shared-facts.js';

/**
 * The integer default of the enclosing function's parameter `node` names, when the body never rebinds it: what every
 * caller that leaves the argument out gets (`def make_key(bits=1024)`), an insecure default (CWE-1188) of the size.
 */
function parameterDefault(node: PlainNode, analysis: ModuleAnalysis): string | undefined {
  const scope = enclosingFunction(node);
  const parameters = scope ? childByField(scope, 'parameters') : undefined;
  const name = analysis.text(node);
  const parameter = (parameters ? namedChildren(parameters) : []).find(
    (candidate) =>
      (candidate.type === 'default_parameter' || candidate.type === 'typed_default_parameter') &&
      analysis.text(childByField(candidate, 'name') ?? candidate) === name,
  );
  const value = parameter ? childByField(parameter, 'value') : undefined;
  if (value?.type !== 'integer' || !scope) return undefined;
  const rebound = descendants(scope).some(
    (other) =>
      (other.type === 'assignment' || other.type === 'augmented_assignment') &&
      analysis.text(childByField(other, 'left') ?? other) === name,
  );
  return rebound ? undefined : analysis.text(value);
}

export function integerText(node: PlainNode, analysis: ModuleAnalysis): string {
  if (node.type === 'identifier' && !analysis.isConstant(node))
    return parameterDefault(node, analysis) ?? analysis.text(node);
  if (node.type === 'attribute') return classAttributeInteger(node, analysis) ?? analysis.text(node);
  if (node.type !== 'identifier') return analysis.text(node);
  // identifiers are word characters only, so the name needs no escaping
  const bound = new RegExp(`^[ \\t]*${analysis.text(node)}\\s*(?::\\s*int\\s*)?=\\s*([\\d_]+)\\s*(#.*)?$`, 'gm');
  const values = [...analysis.moduleText().matchAll(bound)].map((match) => match[1] ?? '');
  return values.length === 1 ? (values[0] ?? '') : analysis.text(node);
}

/**
 * `self.ITERATIONS` / `cls.ITERATIONS` in a method whose class body binds `ITERATIONS = 1000` once and nothing in the
 * class assigns that attribute: the instance lookup falls through to the class's literal.
 */
function classAttributeInteger(node: PlainNode, analysis: ModuleAnalysis): string | undefined {
  const own = ownAttribute(node, analysis);
  if (!own) return undefined;
  const { owner, body, name } = own;
  const values = namedChildren(body)
    .flatMap((statement) => (statement.type === 'expression_statement' ? namedChildren(statement).slice(0, 1) : []))
    .filter((assignment) => assignment.type === 'assignment')
    .filter((assignment) => analysis.text(childByField(assignment, 'left') ?? assignment) === name)
    .map((assignment) => childByField(assignment, 'right'));
  const rebound = descendants(owner).some(
    (other) =>
      (other.type === 'assignment' || other.type === 'augmented_assignment') &&
      /^(self|cls)\./.test(analysis.text(childByField(other, 'left') ?? other)) &&
      analysis.text(childByField(other, 'left') ?? other).endsWith(`.${name}`),
  );
  const value = values.length === 1 ? values[0] : undefined;
  return value?.type === 'integer' && !rebound ? analysis.text(value) : undefined;
}

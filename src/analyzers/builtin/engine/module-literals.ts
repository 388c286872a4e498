// Module constants that name one literal: `QUERY = "SELECT … WHERE id = ?"`, `FILE_MODE = 0o600`, `NEWLINE = "\n"`,
// bound once at the top level and nowhere else in the file. A model that tidies code names its SQL, modes, prefixes
// and replacement characters so; the rules that read a literal argument (a chmod mode, a `replace` pair, a
// `startswith` prefix) read such a name as the literal it holds. Pure: computed once per module from the tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

const literalTypes = new Set(['string', 'concatenated_string', 'integer', 'float']);

function isLiteral(node: PlainNode): boolean {
  if (node.type === 'unary_operator') {
    const operand = childByField(node, 'argument');
    return operand?.type === 'integer' || operand?.type === 'float';
  }
  if (!literalTypes.has(node.type)) return false;
  const strings = node.type === 'concatenated_string' ? namedChildren(node) : [node];
  return strings.every((part) => !part.children.some((child) => child.type === 'interpolation'));
}

/** Identifiers a node binds: an assignment's or `for`'s targets, `as` targets, parameters, `global` names, imports,
 * definitions. Counted over the whole file: a second binding anywhere makes the name no constant. */
function boundIdentifiers(node: PlainNode): PlainNode[] {
  switch (node.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause': {
      const left = childByField(node, 'left');
      return left ? identifiersIn(left) : [];
    }
    case 'as_pattern_target':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'parameters':
    case 'lambda_parameters':
    case 'import_statement':
    case 'import_from_statement':
      return identifiersIn(node);
    case 'named_expression': {
      const name = childByField(node, 'name');
      return name ? [name] : [];
    }
    case 'function_definition':
    case 'class_definition': {
      const name = childByField(node, 'name');
      return name ? [name] : [];
    }
    default:
      return [];
  }
}

function identifiersIn(root: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'identifier') found.push(node);
    // `x.attr = …` and `x[k] = …` bind no name; a default value is no parameter name.
    else if (node.type !== 'attribute' && node.type !== 'subscript' && node.type !== 'default_parameter')
      stack.push(...node.children);
    else if (node.type === 'default_parameter') {
      const name = childByField(node, 'name');
      if (name) found.push(name);
    }
  }
  return found;
}

/** Per name, the literal node a top-level `NAME = literal` binds, for names the file binds nowhere else. */
export function moduleLiterals(
  root: PlainNode,
  nodes: readonly PlainNode[],
  text: (node: PlainNode) => string,
): Map<string, PlainNode> {
  const candidates = new Map<string, PlainNode>();
  for (const statement of namedChildren(root)) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (left?.type === 'identifier' && right && isLiteral(right)) candidates.set(text(left), right);
  }
  if (candidates.size === 0) return candidates;
  const bindings = new Map<string, number>();
  for (const node of nodes) {
    for (const identifier of boundIdentifiers(node)) {
      const name = text(identifier);
      if (candidates.has(name)) bindings.set(name, (bindings.get(name) ?? 0) + 1);
    }
  }
  for (const name of [...candidates.keys()]) if ((bindings.get(name) ?? 0) !== 1) candidates.delete(name);
  return candidates;
}

const cache = new WeakMap<PlainNode, ReadonlyMap<string, PlainNode>>();

/** The literal a module constant names, found from the identifier alone (the module's table computed once per tree):
 * for readers that hold a node but no analysis, such as a request key (`request.args.get(KEY)`). */
export function moduleLiteralOf(node: PlainNode, text: (node: PlainNode) => string): PlainNode | undefined {
  if (node.type !== 'identifier') return undefined;
  let root = node;
  while (root.parent) root = root.parent;
  let literals = cache.get(root);
  if (!literals) {
    const nodes: PlainNode[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const current = stack.pop();
      if (!current) break;
      nodes.push(current);
      stack.push(...current.children);
    }
    literals = moduleLiterals(root, nodes, text);
    cache.set(root, literals);
  }
  return literals.get(text(node));
}

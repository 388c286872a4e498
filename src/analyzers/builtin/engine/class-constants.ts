// Class-level constants read through the instance: `self.ALLOWED` in a method of a class whose body says
// `ALLOWED = ("ls", "date")`. Python looks the attribute up on the instance first, then on the class, so the read is
// the class's literal unless the class ever assigns or mutates that attribute (`self.ALLOWED = …`,
// `self.ALLOWED.add(…)`), in which case it is not treated as constant.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { constantExpression, type ConstantContext } from './constants.js';
import type { FunctionInfo } from './functions.js';

const mutators = new Set(['add', 'append', 'extend', 'update', 'insert', 'setdefault', '__setitem__']);

/** The class a function is a method of: its definition sits directly in the class body. */
function enclosingClass(method: PlainNode): PlainNode | undefined {
  const holder = method.parent?.type === 'decorated_definition' ? method.parent : method;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** Names the class body binds to constant expressions and nothing in the class rebinds or mutates. */
function constantClassAttributes(classNode: PlainNode, context: ConstantContext): Set<string> {
  const body = childByField(classNode, 'body');
  const constants = new Set<string>();
  for (const statement of body ? namedChildren(body) : []) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (left?.type === 'identifier' && right && constantExpression(right, context)) constants.add(context.text(left));
  }
  if (constants.size === 0) return constants;
  const stack = body ? [...namedChildren(body)] : [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    stack.push(...namedChildren(node));
    let touched: PlainNode | undefined;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') touched = childByField(node, 'left');
    else if (node.type === 'call') {
      const callee = childByField(node, 'function');
      const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
      if (method && mutators.has(context.text(method))) touched = childByField(callee ?? node, 'object');
    }
    const attribute = touched?.type === 'attribute' ? childByField(touched, 'attribute') : undefined;
    if (attribute) constants.delete(context.text(attribute));
  }
  return constants;
}

const cache = new WeakMap<PlainNode, Set<string>>();

/** `self.NAME` / `cls.NAME` (the method's first parameter) naming a constant class attribute. */
export function isClassConstant(method: FunctionInfo, node: PlainNode, context: ConstantContext): boolean {
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (object?.type !== 'identifier' || !attribute || context.text(object) !== method.parameters[0]) return false;
  const classNode = enclosingClass(method.node);
  if (!classNode) return false;
  let constants = cache.get(classNode);
  if (!constants) {
    constants = constantClassAttributes(classNode, context);
    cache.set(classNode, constants);
  }
  return constants.has(context.text(attribute));
}

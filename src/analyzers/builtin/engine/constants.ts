// Constant expressions: literals, and names only ever assigned literals. Iterative (explicit stack), so a deeply
// nested literal cannot overflow the call stack.
import { argumentsOf, childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

export interface ConstantContext {
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  constantName(name: string): boolean;
}

const literalTypes = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);
const compositeTypes = new Set([
  'binary_operator',
  'parenthesized_expression',
  'unary_operator',
  'tuple',
  'list',
  'set',
  'dictionary',
  'pair',
  'concatenated_string',
]);
const constantBuilders =
  /^(bytes|bytearray|str|frozenset|set|tuple|b?'.*'\.encode|.*\.encode|.*\.fromhex|binascii\.unhexlify|bytes\.fromhex)$/;

export function constantExpression(root: PlainNode, context: ConstantContext): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'comment') continue;
    if (node.type === 'string') {
      if (node.children.some((child) => child.type === 'interpolation')) return false;
      continue;
    }
    if (literalTypes.has(node.type)) continue;
    if (node.type === 'identifier') {
      if (!context.constantName(context.text(node))) return false;
      continue;
    }
    if (compositeTypes.has(node.type)) {
      stack.push(...namedChildren(node));
      continue;
    }
    if (node.type === 'call') {
      const name = context.qualify(childByField(node, 'function') ?? node) ?? '';
      if (!constantBuilders.test(name)) return false;
      // `value.encode()` is as constant as `value` (`os.urandom(8).hex().encode()` is not); `bytes.fromhex(…)` and
      // the other builders are called on a type or module, whose arguments alone decide.
      const callee = childByField(node, 'function');
      const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
      if (receiver && /\.encode$/.test(name)) stack.push(receiver);
      stack.push(...argumentsOf(node));
      continue;
    }
    if (node.type === 'attribute') {
      // `'secret'.encode()` arrives here through call; plain attributes of constants are constants.
      const object = childByField(node, 'object');
      if (!object) return false;
      if (object.type !== 'string') stack.push(object);
      continue;
    }
    return false;
  }
  return true;
}

// Syntax the control-flow builder reads off a statement: a clause's block, a conversion call, a `suppress(…)` item.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

/** Calls that raise on input they cannot convert: when the statement completes, the argument was well-formed. The
 * guards decide by the qualified name; this is only the cheap syntactic filter that gives such statements an edge. */
const convertingCallee = /(^|\.)(int|float|UUID|Decimal)$/;

export function blockOf(clause: PlainNode): PlainNode | undefined {
  return childByField(clause, 'body') ?? namedChildren(clause).find((child) => child.type === 'block');
}

/** The statement's value is a conversion call (`int(x)`, `n = float(x)`, `await …` aside). */
export function converts(statement: PlainNode, text: (node: PlainNode) => string): boolean {
  let value = namedChildren(statement)[0];
  if (value?.type === 'assignment') value = childByField(value, 'right');
  if (value?.type !== 'call') return false;
  const callee = childByField(value, 'function');
  const name = callee?.type === 'attribute' ? childByField(callee, 'attribute') : callee;
  return name?.type === 'identifier' && convertingCallee.test(text(name));
}

/** The `suppress(…)` / `contextlib.suppress(…)` call among the items. */
export function suppressCall(node: PlainNode, text: (node: PlainNode) => string): PlainNode | undefined {
  const stack = namedChildren(node).filter((child) => child.type === 'with_clause');
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    if (item.type === 'call') {
      const callee = childByField(item, 'function');
      const name = callee?.type === 'attribute' ? childByField(callee, 'attribute') : callee;
      if (name?.type === 'identifier' && text(name) === 'suppress') return item;
      continue;
    }
    if (item.type === 'with_clause' || item.type === 'with_item' || item.type === 'as_pattern')
      stack.push(...namedChildren(item));
  }
  return undefined;
}

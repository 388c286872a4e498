// Checks quantified over a generator: `all(c.isalnum() for c in x)` says every character of `x` passed, `any(bad in
// name for bad in ['..', '/'])` being false says no listed text occurs in `name`. Pure reads of the tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import {
  literalText,
  mask,
  narrowSubject,
  subjectOf,
  trustedCollection,
  type GuardContext,
  type Narrowing,
} from './guard-subjects.js';

/** `x.isdigit()` and its kin: every character is in a fixed class. */
export const characterClassChecks = new Set([
  'isdigit',
  'isalnum',
  'isnumeric',
  'isdecimal',
  'isidentifier',
  'isalpha',
]);

/** `all(c.isalnum() for c in x)`, `all(c in SAFE_CHARS for c in x)`: every element of `x` passed the check, so `x`
 * is made of checked characters. A per-character allow-list bounds characters as a full match does. */
/** `E for v in X` with one loop and no filter: its body, the loop variable's name and the iterable. */
function generatorParts(
  context: GuardContext,
  generator: PlainNode,
): { body: PlainNode; element: string; iterable: PlainNode } | undefined {
  const body = childByField(generator, 'body');
  const clauses = namedChildren(generator).filter((child) => child.type === 'for_in_clause');
  const clause = clauses.length === 1 ? clauses[0] : undefined;
  const variable = clause ? childByField(clause, 'left') : undefined;
  const iterable = clause ? childByField(clause, 'right') : undefined;
  if (!body || variable?.type !== 'identifier' || !iterable) return undefined;
  if (namedChildren(generator).some((child) => child.type === 'if_clause')) return undefined;
  return { body, element: context.text(variable), iterable };
}

/** `v in X` whose left side is the loop variable: X. */
function memberOf(context: GuardContext, body: PlainNode, element: string): PlainNode | undefined {
  if (body.type !== 'comparison_operator') return undefined;
  const [left, right] = namedChildren(body);
  const operator = body.children.filter((child) => !child.named).map((child) => child.type);
  if (operator.length !== 1 || operator[0] !== 'in' || left?.type !== 'identifier') return undefined;
  return context.text(left) === element ? right : undefined;
}

export function everyElement(context: GuardContext, generator: PlainNode): Narrowing[] {
  const parts = generatorParts(context, generator);
  if (!parts) return [];
  const { body, element, iterable } = parts;
  let cleaned = 0;
  if (body.type === 'call') {
    const callee = childByField(body, 'function');
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    const method = callee?.type === 'attribute' ? context.text(childByField(callee, 'attribute') ?? callee) : '';
    if (receiver?.type === 'identifier' && context.text(receiver) === element && characterClassChecks.has(method))
      cleaned = mask('character-class');
  } else {
    const alphabet = memberOf(context, body, element);
    if (alphabet && trustedCollection(context, alphabet)) cleaned = mask('full-match');
  }
  return cleaned === 0 ? [] : narrowSubject(subjectOf(context, iterable), cleaned, 0);
}

/** `any(bad in name for bad in ['..', '/'])` is false: no listed text occurs in `name`. Only a listed '..' narrows
 * (as `'..' not in name` does); other denylisted text says nothing. */
export function noElementFound(context: GuardContext, generator: PlainNode): Narrowing[] {
  const parts = generatorParts(context, generator);
  const iterable = parts?.iterable;
  if (!parts || (iterable?.type !== 'list' && iterable?.type !== 'tuple' && iterable?.type !== 'set')) return [];
  // `bad in name`: the loop variable is the needle, the name is the haystack.
  const haystack = memberOf(context, parts.body, parts.element);
  if (!haystack) return [];
  const listed = namedChildren(iterable).map((item) => literalText(context, item));
  if (!listed.some((text) => text?.includes('..'))) return [];
  return narrowSubject(subjectOf(context, haystack), mask('traversal-denylist'), 0);
}

// Bare-name checks: `basename(x) == x`, `Path(x).name == x`, `"/" not in x` leave x without a directory part, and a
// rejection of ".." in the same condition (guards.ts combines the two halves) makes x an entry of the directory it is
// joined to. The reasoning is the `bare-name` entry of guard-table.ts.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import {
  callArguments,
  calleeName,
  literalText,
  mask,
  narrowSubject,
  subjectOf,
  type GuardContext,
  type Narrowing,
} from './guard-subjects.js';

/** One half of a two-part check on the name `node` tests. */
export function facetOf(context: GuardContext, node: PlainNode, facet: Narrowing['facet']): Narrowing[] {
  const subject = subjectOf(context, node);
  return subject ? [{ name: subject.name, node: subject.node, mask: 0, facet }] : [];
}

/** The string literals of an inline tuple, list or set (or the one a module constant names). */
export function literalMembers(context: GuardContext, node: PlainNode): string[] {
  const collection = node.type === 'identifier' ? (context.literal(node) ?? node) : node;
  if (!['tuple', 'list', 'set'].includes(collection.type)) return [];
  return namedChildren(collection).flatMap((item) => literalText(context, item) ?? []);
}

const baseNames = /^(os\.path|posixpath)\.basename$/;
const pathClasses = /^(pathlib\.)?(Pure)?(Posix)?Path$/;
const secureFilenames = /^werkzeug\.(utils\.)?secure_filename$/;

/** `basename(x) == x` or `Path(x).name == x` holding: x has no directory part (half a guard: ".." still passes);
 * `secure_filename(x) == x`: x is a bare name that is no dot name either (a whole guard). */
export function bareNameCheck(context: GuardContext, reduced: PlainNode, value: PlainNode): Narrowing[] | undefined {
  const same = (node: PlainNode | undefined): boolean =>
    node !== undefined && context.text(node) === context.text(value);
  if (reduced.type === 'call') {
    const name = calleeName(context, reduced);
    const first = callArguments(reduced)[0];
    if (!same(first)) return undefined;
    if (secureFilenames.test(name)) return narrowSubject(subjectOf(context, value), mask('bare-name'), 0);
    return baseNames.test(name) ? facetOf(context, value, 'no-directory') : undefined;
  }
  if (reduced.type !== 'attribute' || context.text(childByField(reduced, 'attribute') ?? reduced) !== 'name')
    return undefined;
  const object = childByField(reduced, 'object');
  if (object?.type !== 'call' || !pathClasses.test(calleeName(context, object))) return undefined;
  return same(callArguments(object)[0]) ? facetOf(context, value, 'no-directory') : undefined;
}

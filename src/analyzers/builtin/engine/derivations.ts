// Names derived from another value, for guards that test the derived name: `parsed = urlparse(url)`,
// `host = parsed.netloc`, `full = os.path.realpath(os.path.join(BASE, name))`.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { callArgumentNodes } from './call-sites.js';
import type { Derivation } from './flow-state.js';

export interface DerivationContext {
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  derived(name: string): Derivation | undefined;
  tainted(name: string): boolean;
  /** The one name a keyed request read stands for (guard-subjects.ts `keyedSubject`). */
  keyedSubject?(node: PlainNode): string | undefined;
}

const caseTransforms = /^(lower|upper|casefold|strip|lstrip|rstrip)$/;

function parsedUrl(context: DerivationContext, node: PlainNode): string | undefined {
  if (node.type !== 'call') return undefined;
  const name = context.qualify(childByField(node, 'function') ?? node) ?? '';
  const first = callArgumentNodes(node)[0];
  if (!/(^|\.)url(parse|split)$/.test(name) || !first) return undefined;
  return first.type === 'identifier' || first.type === 'attribute'
    ? context.text(first)
    : context.keyedSubject?.(first);
}

/** `urlparse(u)` → parsed URL of u; `p.netloc` / `urlparse(u).hostname` → host of u; `realpath(…x…)` → normalized. */
export function derivationOf(context: DerivationContext, value: PlainNode): Derivation | undefined {
  const host = hostWithEmptyDefault(context, value);
  if (host) return host;
  if (value.type === 'call') {
    const parsed = parsedUrl(context, value);
    if (parsed !== undefined) return { base: parsed, part: 'parsed' };
    // `urlparse(u).netloc.lower()`, `host.strip()`: a case or whitespace transform of a host is still that host.
    const callee = childByField(value, 'function');
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    const method = callee?.type === 'attribute' ? context.text(childByField(callee, 'attribute') ?? callee) : '';
    if (receiver && caseTransforms.test(method) && callArgumentNodes(value).length === 0) {
      const inner =
        receiver.type === 'identifier'
          ? context.derived(context.text(receiver))
          : (hostWithEmptyDefault(context, receiver) ?? derivationOf(context, receiver));
      if (inner?.part === 'host') return inner;
    }
    const name = context.qualify(childByField(value, 'function') ?? value) ?? '';
    if (/(^|\.)(realpath|abspath|normpath|resolve|absolute)$/.test(name))
      return { base: taintedIdentifierIn(context, value) ?? '', part: 'normalized' };
    if (/(^|\.)path\.join$/.test(name)) {
      const joined = taintedIdentifierIn(context, value);
      if (joined !== undefined) return { base: joined, part: 'joined' };
    }
    const copied = transparentBase(context, value);
    return copied !== undefined ? { base: copied, part: 'copy' } : undefined;
  }
  if (value.type !== 'attribute') return undefined;
  const attribute = childByField(value, 'attribute');
  const object = childByField(value, 'object');
  if (!attribute || !object || !/^(netloc|hostname)$/.test(context.text(attribute))) return undefined;
  const base =
    object.type === 'identifier'
      ? context.derived(context.text(object))?.part === 'parsed'
        ? context.derived(context.text(object))?.base
        : undefined
      : parsedUrl(context, object);
  return base !== undefined ? { base, part: 'host' } : undefined;
}

/**
 * `p.hostname or ""`, `(urlparse(u).netloc or "")`: a URL without a host falls back to the empty string, which no
 * allow-list of hosts admits, so a check of the result speaks for the host. Only the empty default: a fallback such
 * as `or "example.com"` would admit a host-less URL (`javascript:...`) as the trusted host.
 */
function hostWithEmptyDefault(context: DerivationContext, value: PlainNode): Derivation | undefined {
  let node = value;
  while (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    if (!inner) return undefined;
    node = inner;
  }
  if (node.type !== 'boolean_operator' || context.text(childByField(node, 'operator') ?? node) !== 'or')
    return undefined;
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (!left || right?.type !== 'string' || !/^[bB]?(""|'')$/.test(context.text(right))) return undefined;
  const inner = left.type === 'identifier' ? context.derived(context.text(left)) : derivationOf(context, left);
  return inner?.part === 'host' ? inner : undefined;
}

const transparentMethods = /^(strip|lstrip|rstrip|lower|upper|casefold)$/;

/** `x.strip().lower()` → x: case and surrounding whitespace change no character class a check bounds (a check on
 * the copy speaks for the original, as a check on `x.strip()` itself does). */
function transparentBase(context: DerivationContext, value: PlainNode): string | undefined {
  let node: PlainNode | undefined = value;
  for (let hops = 0; node?.type === 'call' && hops < 8; hops++) {
    const callee = childByField(node, 'function');
    const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
    if (!method || !transparentMethods.test(context.text(method)) || callArgumentNodes(node).length > 0)
      return undefined;
    node = childByField(callee ?? node, 'object');
  }
  return node?.type === 'identifier' && context.tainted(context.text(node)) ? context.text(node) : undefined;
}

function taintedIdentifierIn(context: DerivationContext, node: PlainNode): string | undefined {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (
      current.type === 'identifier' &&
      current.field !== 'function' &&
      current.field !== 'attribute' &&
      context.tainted(context.text(current))
    )
      return context.text(current);
    for (const child of current.children) stack.push(child);
  }
  return undefined;
}

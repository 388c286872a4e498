// What a guard tests: the name (or attribute) a check is about, seen through case/whitespace transforms, `str()`, URL
// parsing and path normalization, and the narrowings that a check on it yields. Shared by the guard readers in guards.ts.
import { argumentsOf, childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { Derivation } from './flow-state.js';
import { guardMasks, type GuardKind } from './guard-table.js';

export function mask(kind: GuardKind): number {
  return guardMasks.get(kind) ?? 0;
}

export interface Narrowing {
  readonly name: string;
  readonly node: PlainNode | undefined;
  readonly mask: number;
  /** Half of a two-part check (`startswith("/")` and `not startswith("//")`; `basename(x) == x` and `x != ".."`):
   * narrows only with its other half. */
  readonly facet?: 'rooted' | 'not-protocol-relative' | 'no-directory' | 'not-parent';
}

/** A module-local validator's verdict per argument: what holds for each when the call returns truthy / falsy. */
export interface ValidatorVerdict {
  readonly arguments: readonly PlainNode[];
  readonly whenTrue: readonly number[];
  readonly whenFalse: readonly number[];
}

export interface GuardContext {
  text(node: PlainNode): string;
  /** The literal a module constant names, for a name bound nowhere else (module-literals.ts). */
  literal(node: PlainNode): PlainNode | undefined;
  qualify(node: PlainNode): string | undefined;
  isConstant(node: PlainNode): boolean;
  /** The value holds no attacker data at this point. */
  isClean(node: PlainNode): boolean;
  /** The value holds no request data: a literal, or what the operator configured (environment, command line). */
  deployerChosen(node: PlainNode): boolean;
  derivation(name: string): Derivation | undefined;
  /** The check a name holds the result of, if any. */
  condition(name: string): PlainNode | undefined;
  compiledPattern(name: string): string | undefined;
  validator(call: PlainNode): ValidatorVerdict | undefined;
  /** A form's own check (`form.validate()`, `form.is_valid()`): the field values it proves, by name, where it holds
   * (validation-sites.ts). */
  gate?(call: PlainNode): readonly { readonly name: string; readonly mask: number }[];
  /** The one name a keyed read of the request stands for (`request.args.get("k")` → `request.args["k"]`): the
   * request does not change while it is handled, so a check on one read speaks for every read of that key. */
  keyedSubject?(node: PlainNode): string | undefined;
  /** The statement never completes normally (return, raise, abort(), sys.exit(), a helper that always raises). */
  terminates(statement: PlainNode): boolean;
}

const transparentMethods = new Set(['lower', 'upper', 'strip', 'lstrip', 'rstrip', 'casefold']);
const normalizingCalls = /(^|\.)(realpath|abspath|normpath|resolve|absolute)$/;
const urlParsers = /^(urllib\.parse\.|parse\.)?url(parse|split)$/;
/** Conditions nested deeper than this narrow nothing (no real check is); the walk stays bounded. */
export const maximumDepth = 48;

export interface Subject {
  readonly name: string;
  readonly node: PlainNode | undefined;
  /** The URL whose host this value is (`urlparse(u).netloc`, or a name derived from it). */
  readonly hostOf: string | undefined;
  readonly normalized: boolean;
  /** For a normalized path derived from another name, that name (and, when that name was itself joined from one,
   * `p = join(BASE, x)`, that one too); for a case or whitespace copy, the original. */
  readonly bases: readonly string[];
}

export function literalText(context: GuardContext, given: PlainNode | undefined): string | undefined {
  if (given?.type === 'binary_operator') return foldedConcatenation(context, given);
  const node = given?.type === 'identifier' ? (context.literal(given) ?? given) : given;
  if (node?.type !== 'string' || node.children.some((child) => child.type === 'interpolation')) return undefined;
  return context
    .text(node)
    .replace(/^[rbuRBUfF]*(['"]{3}|['"])/, '')
    .replace(/(['"]{3}|['"])$/, '');
}

/** `"." + DOMAIN`: a `+` chain of literals and module constants naming literals, as one literal's text. */
function foldedConcatenation(context: GuardContext, root: PlainNode): string | undefined {
  const parts: string[] = [];
  const pending: PlainNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node) break;
    if (node.type === 'binary_operator') {
      const operator = childByField(node, 'operator');
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (operator?.type !== '+' || !left || !right || parts.length + pending.length > 16) return undefined;
      pending.push(right, left);
      continue;
    }
    const text = literalText(context, node);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  return parts.join('');
}

export function calleeName(context: GuardContext, call: PlainNode): string {
  const callee = childByField(call, 'function');
  return callee ? (context.qualify(callee) ?? '') : '';
}

export function keywordArgument(call: PlainNode, key: string, context: GuardContext): PlainNode | undefined {
  for (const argument of argumentsOf(call)) {
    const name = childByField(argument, 'name');
    if (argument.type === 'keyword_argument' && name && context.text(name) === key)
      return childByField(argument, 'value');
  }
  return undefined;
}

export function callArguments(call: PlainNode): PlainNode[] {
  return argumentsOf(call).filter((child) => child.type !== 'keyword_argument');
}

/** The name a check tests, seen through case/whitespace transforms and URL parsing. */
export function subjectOf(context: GuardContext, start: PlainNode): Subject | undefined {
  let node = start;
  for (let hops = 0; hops < maximumDepth; hops++) {
    if (node.type === 'parenthesized_expression') {
      const inner = namedChildren(node)[0];
      if (!inner) return undefined;
      node = inner;
      continue;
    }
    // `x or ""`: where x is falsy it carries no text, so a check on the whole value speaks for x.
    if (node.type === 'boolean_operator' && node.children.some((child) => child.type === 'or')) {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right || !context.isConstant(right)) return undefined;
      node = left;
      continue;
    }
    if (node.type === 'call') {
      const callee = childByField(node, 'function');
      const name = calleeName(context, node);
      const first = callArguments(node)[0];
      if (callee?.type === 'attribute' && transparentMethods.has(name.slice(name.lastIndexOf('.') + 1))) {
        const receiver = childByField(callee, 'object');
        if (!receiver) return undefined;
        node = receiver;
        continue;
      }
      if (name === 'str' && first) {
        node = first;
        continue;
      }
      if (normalizingCalls.test(name)) {
        const target =
          callee?.type === 'attribute' && !name.startsWith('os.path.') ? childByField(callee, 'object') : first;
        // `realpath(os.path.join(BASE, name))` inline: the joined name is what the containment check bounds, as for
        // `full = realpath(join(BASE, name))` (derivations.ts).
        const joined =
          target?.type === 'call' && calleeName(context, target) === 'os.path.join'
            ? callArguments(target).at(-1)
            : undefined;
        const inner = joined ? subjectOf(context, joined) : target ? subjectOf(context, target) : undefined;
        return inner ? { ...inner, normalized: true } : undefined;
      }
      const keyed = context.keyedSubject?.(node);
      return keyed ? { name: keyed, node, hostOf: undefined, normalized: false, bases: [] } : undefined;
    }
    if (node.type === 'attribute') {
      const attribute = childByField(node, 'attribute');
      const object = childByField(node, 'object');
      if (attribute && object && /^(netloc|hostname)$/.test(context.text(attribute))) {
        const url = parsedUrl(context, object);
        if (url) return { name: context.text(node), node, hostOf: url, normalized: false, bases: [] };
      }
    }
    // `argv[0]`: one fixed element of a local sequence (the program of an argv list). A check on it speaks for that
    // element only; rebinding the sequence forgets it (steps.ts).
    if (node.type === 'subscript') {
      const keyed = context.keyedSubject?.(node);
      if (keyed) return { name: keyed, node, hostOf: undefined, normalized: false, bases: [] };
      const object = childByField(node, 'value');
      const index = childByField(node, 'subscript');
      if (object?.type !== 'identifier' || index?.type !== 'integer') return undefined;
      return { name: context.text(node), node, hostOf: undefined, normalized: false, bases: [] };
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const name = context.text(node);
      const derivation = context.derivation(name);
      return {
        name,
        node,
        hostOf: derivation?.part === 'host' ? derivation.base : undefined,
        normalized: derivation?.part === 'normalized',
        bases: derivedBases(context, derivation),
      };
    }
    return undefined;
  }
  return undefined;
}

/** The names a check on a derived value speaks for: a normalized path's source (`full = realpath(p)` → p) and what
 * that source was joined from (`p = join(BASE, x)` → x, so the check bounds x as `realpath(join(BASE, x))` does). */
function derivedBases(context: GuardContext, derivation: Derivation | undefined): string[] {
  if (derivation?.part === 'copy') return [derivation.base];
  if (derivation?.part !== 'normalized') return [];
  const joined = context.derivation(derivation.base);
  return joined?.part === 'joined' ? [derivation.base, joined.base] : [derivation.base];
}

/** `urlparse(u)` or a name bound to it: the URL's name. */
export function parsedUrl(context: GuardContext, node: PlainNode): string | undefined {
  if (node.type === 'call' && urlParsers.test(calleeName(context, node))) {
    const first = callArguments(node)[0];
    if (!first) return undefined;
    return first.type === 'identifier' || first.type === 'attribute'
      ? context.text(first)
      : context.keyedSubject?.(first);
  }
  if (node.type === 'identifier') {
    const derivation = context.derivation(context.text(node));
    return derivation?.part === 'parsed' ? derivation.base : undefined;
  }
  return undefined;
}

export function narrowSubject(
  subject: Subject | undefined,
  valueMask: number,
  hostMask = mask('host-check'),
): Narrowing[] {
  if (!subject) return [];
  const found: Narrowing[] = [];
  if (subject.hostOf !== undefined) found.push({ name: subject.hostOf, node: undefined, mask: hostMask });
  if (valueMask !== 0) found.push({ name: subject.name, node: subject.node, mask: valueMask });
  if (valueMask !== 0) for (const base of subject.bases) found.push({ name: base, node: undefined, mask: valueMask });
  return found;
}

export function trustedCollection(context: GuardContext, node: PlainNode): boolean {
  if (context.isConstant(node)) return true;
  // The application's configuration (`current_app.config["ALLOWED_HOSTS"]`): what the deployer set at start-up,
  // holding no attacker data. Only upper-case keys: Flask's from_object/from_pyfile/from_prefixed_env load nothing
  // else, so a lower-case key is one the code sets at run time.
  if (node.type === 'subscript') {
    const container = childByField(node, 'value');
    const key = childByField(node, 'subscript');
    const keyText = key?.type === 'string' ? context.text(key).replace(/^[rbu]*/i, '') : '';
    return (
      container !== undefined &&
      /(^|\.)config$/.test(context.text(container)) &&
      /^['"][A-Z][A-Z0-9_]*['"]$/.test(keyText) &&
      context.isClean(node)
    );
  }
  // A module-level allow-list loaded or computed at start-up (`ALLOWED = set(config[...])`): named as a constant and
  // holding no attacker data.
  if (node.type !== 'identifier' && node.type !== 'attribute') return false;
  const text = context.text(node);
  return /^[A-Z][A-Z0-9_]*$/.test(text.slice(text.lastIndexOf('.') + 1)) && context.isClean(node);
}

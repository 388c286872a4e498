// Guards: a check that validates a value narrows it on the branch where the check holds. The table below is the one
// place that says which kind of check clears which sink kinds, with a vulnerable and a safe example for each (run by
// guards.test.ts). `narrowings` reads a branch condition and returns the names it narrows on that branch; a guard
// narrows the very variable (or attribute) it tests, never another one.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { Derivation } from './flow-state.js';
import { guardMasks, type GuardKind } from './guard-table.js';
import {
  caseSubject,
  classAlternatives,
  irrefutable,
  literalAlternatives,
  wholeSubjectCapture,
} from './match-patterns.js';

export { guardTable, type GuardEntry, type GuardKind } from './guard-table.js';

function mask(kind: GuardKind): number {
  return guardMasks.get(kind) ?? 0;
}

export interface Narrowing {
  readonly name: string;
  readonly node: PlainNode | undefined;
  readonly mask: number;
  /** Half of a two-part check (`startswith("/")`, `not startswith("//")`): narrows only with its other half. */
  readonly facet?: 'rooted' | 'not-protocol-relative';
}

/** A module-local validator's verdict per argument: what holds for each when the call returns truthy / falsy. */
export interface ValidatorVerdict {
  readonly arguments: readonly PlainNode[];
  readonly whenTrue: readonly number[];
  readonly whenFalse: readonly number[];
}

export interface GuardContext {
  text(node: PlainNode): string;
  qualify(node: PlainNode): string | undefined;
  isConstant(node: PlainNode): boolean;
  /** The value holds no attacker data at this point. */
  isClean(node: PlainNode): boolean;
  derivation(name: string): Derivation | undefined;
  /** The check a name holds the result of, if any. */
  condition(name: string): PlainNode | undefined;
  compiledPattern(name: string): string | undefined;
  validator(call: PlainNode): ValidatorVerdict | undefined;
}

const characterClassChecks = new Set(['isdigit', 'isalnum', 'isnumeric', 'isdecimal', 'isidentifier', 'isalpha']);
const transparentMethods = new Set(['lower', 'upper', 'strip', 'lstrip', 'rstrip', 'casefold']);
const normalizingCalls = /(^|\.)(realpath|abspath|normpath|resolve|absolute)$/;
const safeUrlHelpers = /(url_has_allowed_host_and_scheme|is_safe_url|is_safe_redirect|is_allowed_url)$/;
const urlParsers = /^(urllib\.parse\.|parse\.)?url(parse|split)$/;
/** Types whose instances carry no text: `isinstance(x, int)`, `case int():`. */
const textlessTypes = /\b(int|float|bool|UUID|Decimal|date|datetime)\b/;
/** Conversions that raise on anything but a number or UUID (surrounding whitespace aside). */
const conversions = /^(int|float|decimal\.Decimal|uuid\.UUID)$/;
/** Conditions nested deeper than this narrow nothing (no real check is); the walk stays bounded. */
const maximumDepth = 48;

interface Subject {
  readonly name: string;
  readonly node: PlainNode | undefined;
  /** The URL whose host this value is (`urlparse(u).netloc`, or a name derived from it). */
  readonly hostOf: string | undefined;
  readonly normalized: boolean;
  /** For a normalized path derived from another name, that name. */
  readonly base: string | undefined;
}

function literalText(context: GuardContext, node: PlainNode | undefined): string | undefined {
  if (node?.type !== 'string' || node.children.some((child) => child.type === 'interpolation')) return undefined;
  return context
    .text(node)
    .replace(/^[rbuRBUfF]*(['"]{3}|['"])/, '')
    .replace(/(['"]{3}|['"])$/, '');
}

function calleeName(context: GuardContext, call: PlainNode): string {
  const callee = childByField(call, 'function');
  return callee ? (context.qualify(callee) ?? '') : '';
}

function keywordArgument(call: PlainNode, key: string, context: GuardContext): PlainNode | undefined {
  const args = childByField(call, 'arguments');
  for (const argument of args ? namedChildren(args) : []) {
    const name = childByField(argument, 'name');
    if (argument.type === 'keyword_argument' && name && context.text(name) === key)
      return childByField(argument, 'value');
  }
  return undefined;
}

function callArguments(call: PlainNode): PlainNode[] {
  const args = childByField(call, 'arguments');
  return args ? namedChildren(args).filter((child) => child.type !== 'keyword_argument') : [];
}

/** The name a check tests, seen through case/whitespace transforms and URL parsing. */
function subjectOf(context: GuardContext, start: PlainNode): Subject | undefined {
  let node = start;
  for (let hops = 0; hops < maximumDepth; hops++) {
    if (node.type === 'parenthesized_expression') {
      const inner = namedChildren(node)[0];
      if (!inner) return undefined;
      node = inner;
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
        const inner = target ? subjectOf(context, target) : undefined;
        return inner ? { ...inner, normalized: true } : undefined;
      }
      return undefined;
    }
    if (node.type === 'attribute') {
      const attribute = childByField(node, 'attribute');
      const object = childByField(node, 'object');
      if (attribute && object && /^(netloc|hostname)$/.test(context.text(attribute))) {
        const url = parsedUrl(context, object);
        if (url) return { name: context.text(node), node, hostOf: url, normalized: false, base: undefined };
      }
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const name = context.text(node);
      const derivation = context.derivation(name);
      return {
        name,
        node,
        hostOf: derivation?.part === 'host' ? derivation.base : undefined,
        normalized: derivation?.part === 'normalized',
        base: derivation?.part === 'normalized' ? derivation.base : undefined,
      };
    }
    return undefined;
  }
  return undefined;
}

/** `urlparse(u)` or a name bound to it: the URL's name. */
function parsedUrl(context: GuardContext, node: PlainNode): string | undefined {
  if (node.type === 'call' && urlParsers.test(calleeName(context, node))) {
    const first = callArguments(node)[0];
    return first && (first.type === 'identifier' || first.type === 'attribute') ? context.text(first) : undefined;
  }
  if (node.type === 'identifier') {
    const derivation = context.derivation(context.text(node));
    return derivation?.part === 'parsed' ? derivation.base : undefined;
  }
  return undefined;
}

function narrowSubject(subject: Subject | undefined, valueMask: number, hostMask = mask('host-check')): Narrowing[] {
  if (!subject) return [];
  const found: Narrowing[] = [];
  if (subject.hostOf !== undefined) found.push({ name: subject.hostOf, node: undefined, mask: hostMask });
  if (valueMask !== 0) found.push({ name: subject.name, node: subject.node, mask: valueMask });
  if (subject.base !== undefined && valueMask !== 0)
    found.push({ name: subject.base, node: undefined, mask: valueMask });
  return found;
}

function trustedCollection(context: GuardContext, node: PlainNode): boolean {
  if (context.isConstant(node)) return true;
  // A module-level allow-list loaded or computed at start-up (`ALLOWED = set(config[...])`): named as a constant and
  // holding no attacker data.
  if (node.type !== 'identifier' && node.type !== 'attribute') return false;
  const text = context.text(node);
  return /^[A-Z][A-Z0-9_]*$/.test(text.slice(text.lastIndexOf('.') + 1)) && context.isClean(node);
}

function comparison(context: GuardContext, node: PlainNode, holds: boolean): Narrowing[] {
  const operators = node.children.filter((child) => !child.named).map((child) => child.type);
  const operands = namedChildren(node);
  const [left, right] = operands;
  // `0 < int(x) < 100`: the conversion ran before either branch, so on both `x` spelled a number.
  const converted = operands.flatMap((operand) => conversionOf(context, operand));
  if (converted.length > 0) return converted;
  if (operators.length !== 1 || !left || !right) return [];
  const operator = operators[0] ?? '';
  // `set(x) <= SAFE_CHARS`: every character of x is one the program allows.
  if (operator === '<=' && holds && trustedCollection(context, right)) {
    const characters = setOf(context, left);
    if (characters) return narrowSubject(subjectOf(context, characters), mask('full-match'), 0);
  }
  // `re.fullmatch(p, x) is None` fails where the match holds; so does `m is None` for `m = re.fullmatch(p, x)` and the
  // walrus `(m := re.fullmatch(p, x)) is None`.
  if ((operator === 'is' || operator === 'is not') && right.type === 'none') {
    const checked = storedCall(context, left);
    return checked ? callCheck(context, checked, (operator === 'is not') === holds) : [];
  }
  if (operator === 'in' || operator === 'not in') {
    const inside = (operator === 'in') === holds;
    const literal = literalText(context, left);
    if (literal !== undefined) {
      // `'..' in name` is false on this branch: no parent-directory step.
      if (!inside && literal.includes('..'))
        return narrowSubject(subjectOf(context, right), mask('traversal-denylist'), 0);
      return [];
    }
    if (!inside || !trustedCollection(context, right)) return [];
    return narrowSubject(subjectOf(context, left), mask('allow-list'));
  }
  if (operator === '==' || operator === '!=') {
    const equal = (operator === '==') === holds;
    if (!equal) return [];
    for (const [value, other] of [
      [left, right],
      [right, left],
    ] as const) {
      if (value.type === 'call' && /^os\.path\.common(path|prefix)$/.test(calleeName(context, value))) {
        const list = callArguments(value)[0];
        if (list?.type === 'list' || list?.type === 'tuple')
          // commonpath is lexical ("/srv/../etc" shares "/srv"): only a normalized path is contained.
          return namedChildren(list).flatMap((item) => {
            const subject = subjectOf(context, item);
            return subject?.normalized ? narrowSubject(subject, mask('containment'), 0) : [];
          });
      }
      if (context.isConstant(other) || (other.type !== 'string' && context.isClean(other) && other.type !== 'none')) {
        const subject = subjectOf(context, value);
        if (subject) return narrowSubject(subject, mask('allow-list'));
      }
    }
  }
  return [];
}

/** The call a value is: itself, through parentheses and a walrus, or the call a name was assigned. */
function storedCall(context: GuardContext, start: PlainNode): PlainNode | undefined {
  let node: PlainNode | undefined = start;
  for (let hops = 0; node && hops < 4; hops++) {
    if (node.type === 'call') return node;
    if (node.type === 'parenthesized_expression') node = namedChildren(node)[0];
    else if (node.type === 'named_expression') node = childByField(node, 'value');
    else if (node.type === 'identifier') node = context.condition(context.text(node));
    else return undefined;
  }
  return undefined;
}

function anchoredPattern(pattern: string | undefined, startAnchored: boolean): boolean {
  if (pattern === undefined) return false;
  const starts = startAnchored || pattern.startsWith('^') || pattern.startsWith('\\A');
  const ends = /(\$|\\Z|\\z)$/.test(pattern) && !/\\\$$/.test(pattern);
  // `.*` / `.+` let any text through: no validation.
  return starts && ends && !/(^|[^\\])\.[*+]/.test(pattern);
}

function callCheck(context: GuardContext, node: PlainNode, holds: boolean): Narrowing[] {
  const verdict = context.validator(node);
  if (verdict) {
    return verdict.arguments.flatMap((argument, index) => {
      const cleaned = (holds ? verdict.whenTrue : verdict.whenFalse)[index] ?? 0;
      return cleaned === 0 ? [] : narrowSubject(subjectOf(context, argument), cleaned, 0);
    });
  }
  const callee = childByField(node, 'function');
  const name = calleeName(context, node);
  const method = name.slice(name.lastIndexOf('.') + 1);
  const args = callArguments(node);
  const first = args[0];
  const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
  if (method === 'startswith' && receiver && first) {
    const prefix = literalText(context, first);
    const subject = subjectOf(context, receiver);
    if (subject && holds && prefix === '/')
      return [{ name: subject.name, node: subject.node, mask: 0, facet: 'rooted' }];
    if (subject && !holds && (prefix === '//' || /^\(\s*['"]\/\/['"]\s*,/.test(context.text(first))))
      return [{ name: subject.name, node: subject.node, mask: 0, facet: 'not-protocol-relative' }];
  }
  // `re.search(r"[^a-z0-9]", x)` finds no character outside the class: x is made of the class's characters.
  if (!holds && (method === 'search' || method === 'findall')) {
    const fromModule = name === `re.${method}` || name === `regex.${method}`;
    const pattern = fromModule ? literalText(context, first) : undefined;
    const subjectNode = fromModule ? args[1] : undefined;
    if (subjectNode && pattern !== undefined && /^\[\^(?:[^\]\\]|\\.)+\][+*]?$/.test(pattern))
      return narrowSubject(subjectOf(context, subjectNode), mask('full-match'), 0);
  }
  if (!holds && name === 'any' && childByField(node, 'arguments')?.type === 'generator_expression')
    return noElementFound(context, childByField(node, 'arguments') ?? node);
  if (!holds) return [];
  if (method === 'issubset' && receiver && first && trustedCollection(context, first)) {
    const characters = setOf(context, receiver);
    if (characters) return narrowSubject(subjectOf(context, characters), mask('full-match'), 0);
  }
  if (method === 'startswith' && receiver) {
    const subject = subjectOf(context, receiver);
    const prefixes = first?.type === 'tuple' ? namedChildren(first) : first ? [first] : [];
    const texts = prefixes.map((prefix) => literalText(context, prefix));
    const pinsHost =
      texts.length > 0 && texts.every((text) => text !== undefined && /^(https?:)?\/\/[^/]+\.[^/]+\//i.test(text));
    const found = pinsHost ? narrowSubject(subject, mask('host-prefix'), 0) : [];
    if (subject?.normalized) found.push(...narrowSubject(subject, mask('containment'), 0));
    if (pinsHost && subject) found.push({ name: subject.name, node: subject.node, mask: mask('host-prefix') });
    return found;
  }
  // `is_relative_to` is lexical too: `Path("/srv/../etc").is_relative_to("/srv")` holds.
  if (method === 'is_relative_to' && receiver) {
    const subject = subjectOf(context, receiver);
    return subject?.normalized ? narrowSubject(subject, mask('containment'), 0) : [];
  }
  if (characterClassChecks.has(method) && receiver)
    return narrowSubject(subjectOf(context, receiver), mask('character-class'));
  if (name === 'isinstance' && first) {
    const types = args[1] ? context.text(args[1]) : '';
    return textlessTypes.test(types) && !/\bstr\b/.test(types)
      ? narrowSubject(subjectOf(context, first), mask('type-check'))
      : [];
  }
  // `all(c.isalnum() for c in x)`: the generator is the call's whole argument list.
  const generator = childByField(node, 'arguments');
  if (name === 'all' && generator?.type === 'generator_expression') return everyElement(context, generator);
  const urlArgument = first ?? keywordArgument(node, 'url', context);
  if (safeUrlHelpers.test(name) && urlArgument)
    return narrowSubject(subjectOf(context, urlArgument), mask('safe-url-helper'));
  if (method === 'fullmatch' || method === 'match' || method === 'search') {
    const fromModule = name === `re.${method}` || name === `regex.${method}`;
    const subjectNode = fromModule ? args[1] : first;
    let pattern: string | undefined;
    if (fromModule) pattern = literalText(context, first);
    else if (receiver?.type === 'identifier') pattern = context.compiledPattern(context.text(receiver));
    else if (receiver?.type === 'call' && /^(re|regex)\.compile$/.test(calleeName(context, receiver)))
      pattern = literalText(context, callArguments(receiver)[0]);
    // `re.match(r"^/[^/]", u)`: a same-site path.
    if (method !== 'fullmatch' && pattern !== undefined && /^\^?\/\[\^[^\]]*\/[^\]]*\]/.test(pattern) && subjectNode)
      return narrowSubject(subjectOf(context, subjectNode), mask('relative-path'), 0);
    const full =
      method === 'fullmatch'
        ? pattern === undefined || !/(^|[^\\])\.[*+]/.test(pattern)
        : anchoredPattern(pattern, method === 'match');
    if (!full || !subjectNode) return [];
    return narrowSubject(subjectOf(context, subjectNode), mask('full-match'), 0);
  }
  return [];
}

/** `all(c.isalnum() for c in x)`, `all(c in SAFE_CHARS for c in x)`: every element of `x` passed the check, so `x`
 * is made of checked characters. A per-character allow-list bounds characters as a full match does. */
function everyElement(context: GuardContext, generator: PlainNode): Narrowing[] {
  const body = childByField(generator, 'body');
  const clauses = namedChildren(generator).filter((child) => child.type === 'for_in_clause');
  const clause = clauses.length === 1 ? clauses[0] : undefined;
  const variable = clause ? childByField(clause, 'left') : undefined;
  const iterable = clause ? childByField(clause, 'right') : undefined;
  if (!body || variable?.type !== 'identifier' || !iterable) return [];
  if (namedChildren(generator).some((child) => child.type === 'if_clause')) return [];
  const element = context.text(variable);
  let cleaned = 0;
  if (body.type === 'call') {
    const callee = childByField(body, 'function');
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    const method = callee?.type === 'attribute' ? context.text(childByField(callee, 'attribute') ?? callee) : '';
    if (receiver?.type === 'identifier' && context.text(receiver) === element && characterClassChecks.has(method))
      cleaned = mask('character-class');
  } else if (body.type === 'comparison_operator') {
    const [left, right] = namedChildren(body);
    const operator = body.children.filter((child) => !child.named).map((child) => child.type);
    if (
      operator.length === 1 &&
      operator[0] === 'in' &&
      left?.type === 'identifier' &&
      context.text(left) === element &&
      right &&
      trustedCollection(context, right)
    )
      cleaned = mask('full-match');
  }
  return cleaned === 0 ? [] : narrowSubject(subjectOf(context, iterable), cleaned, 0);
}

/** `any(bad in name for bad in ['..', '/'])` is false: no listed text occurs in `name`. Only a listed '..' narrows
 * (as `'..' not in name` does); other denylisted text says nothing. */
function noElementFound(context: GuardContext, generator: PlainNode): Narrowing[] {
  const body = childByField(generator, 'body');
  const clauses = namedChildren(generator).filter((child) => child.type === 'for_in_clause');
  const clause = clauses.length === 1 ? clauses[0] : undefined;
  const variable = clause ? childByField(clause, 'left') : undefined;
  const iterable = clause ? childByField(clause, 'right') : undefined;
  if (body?.type !== 'comparison_operator' || variable?.type !== 'identifier' || !iterable) return [];
  if (iterable.type !== 'list' && iterable.type !== 'tuple' && iterable.type !== 'set') return [];
  const [left, right] = namedChildren(body);
  const operator = body.children.filter((child) => !child.named).map((child) => child.type);
  if (operator.length !== 1 || operator[0] !== 'in' || !left || !right) return [];
  if (left.type !== 'identifier' || context.text(left) !== context.text(variable)) return [];
  const listed = namedChildren(iterable).map((item) => literalText(context, item));
  if (!listed.some((text) => text?.includes('..'))) return [];
  return narrowSubject(subjectOf(context, right), mask('traversal-denylist'), 0);
}

/** A case clause: where it matched (`holds`), its literal or class pattern narrows the subject and its guard holds;
 * where a case whose pattern always matches was not taken, its guard failed. A bare capture (`case x if x in A:`)
 * aliases the subject, so what the guard says about `x` holds for the subject too. */
function caseNarrowings(
  context: GuardContext,
  clause: PlainNode,
  holds: boolean,
  depth: number,
  budget: { left: number; hopped: boolean },
): Narrowing[] {
  const subjectNode = caseSubject(clause);
  const subject = subjectNode ? subjectOf(context, subjectNode) : undefined;
  const guardClause = childByField(clause, 'guard');
  const guard = guardClause ? namedChildren(guardClause)[0] : undefined;
  const capture = wholeSubjectCapture(clause);
  const aliased = (found: Narrowing[]): Narrowing[] => {
    if (!capture || !subject) return found;
    const name = context.text(capture);
    const extra = found
      .filter((item) => item.name === name && item.mask !== 0)
      .map((item) => ({ name: subject.name, node: subject.node, mask: item.mask }));
    return [...found, ...extra];
  };
  if (!holds) {
    if (!guard || !irrefutable(clause, true)) return [];
    return aliased(narrowingsWithin(context, guard, false, depth + 1, budget));
  }
  const found: Narrowing[] = [];
  if (literalAlternatives(clause)) found.push(...narrowSubject(subject, mask('allow-list')));
  const classes = classAlternatives(clause, (node) => context.text(node));
  if (classes && classes.every((name) => textlessTypes.test(name) && name !== 'str'))
    found.push(...narrowSubject(subject, mask('type-check')));
  if (guard) found.push(...aliased(narrowingsWithin(context, guard, true, depth + 1, budget)));
  return combineFacets(found);
}

/** A statement that completed: `n = int(x)` did not raise, so `x` spelled a number. */
function completedConversion(context: GuardContext, statement: PlainNode): Narrowing[] {
  let value = namedChildren(statement)[0];
  if (value?.type === 'assignment') value = childByField(value, 'right');
  return value ? conversionOf(context, value) : [];
}

/** `int(x)` (and the other raising conversions): narrows `x` wherever control got past the call. */
function conversionOf(context: GuardContext, value: PlainNode): Narrowing[] {
  if (value.type !== 'call' || !conversions.test(calleeName(context, value))) return [];
  const first = callArguments(value)[0];
  return first ? narrowSubject(subjectOf(context, first), mask('conversion'), 0) : [];
}

/** `set(x)` / `frozenset(x)`: the x whose characters (elements) the set holds. */
function setOf(context: GuardContext, node: PlainNode): PlainNode | undefined {
  if (node.type !== 'call' || !/^(set|frozenset)$/.test(calleeName(context, node))) return undefined;
  const args = callArguments(node);
  return args.length === 1 ? args[0] : undefined;
}

function intersect(a: readonly Narrowing[], b: readonly Narrowing[]): Narrowing[] {
  const found: Narrowing[] = [];
  for (const left of a) {
    let both = 0;
    for (const right of b) if (right.name === left.name) both |= right.mask;
    if ((left.mask & both) !== 0) found.push({ ...left, mask: left.mask & both });
  }
  return found;
}

/** Both halves of a same-site path check on one name make a relative-path guard. */
function combineFacets(found: Narrowing[]): Narrowing[] {
  const rooted = new Set(found.filter((item) => item.facet === 'rooted').map((item) => item.name));
  for (const item of found.filter((entry) => entry.facet === 'not-protocol-relative')) {
    if (rooted.has(item.name)) found.push({ name: item.name, node: item.node, mask: mask('relative-path') });
  }
  return found;
}

/** What `condition` narrows on the branch where it evaluates to `holds`. */
export function narrowings(context: GuardContext, condition: PlainNode, holds: boolean): Narrowing[] {
  return narrowingsWithin(context, condition, holds, 0, { left: maximumVisits, hopped: false });
}

/** Conditions are small; a bound on the nodes one condition may visit keeps names that hold other checks'
 * results (`ok = a and b; fine = ok or c`) from multiplying the work. */
const maximumVisits = 64;

function narrowingsWithin(
  context: GuardContext,
  condition: PlainNode,
  holds: boolean,
  depth: number,
  budget: { left: number; hopped: boolean },
): Narrowing[] {
  if (depth > maximumDepth || budget.left-- <= 0) return [];
  switch (condition.type) {
    case 'parenthesized_expression': {
      const inner = namedChildren(condition)[0];
      return inner ? narrowingsWithin(context, inner, holds, depth + 1, budget) : [];
    }
    case 'not_operator': {
      const argument = childByField(condition, 'argument') ?? namedChildren(condition)[0];
      return argument ? narrowingsWithin(context, argument, !holds, depth + 1, budget) : [];
    }
    case 'boolean_operator': {
      const left = childByField(condition, 'left');
      const right = childByField(condition, 'right');
      if (!left || !right) return [];
      const operator = condition.children.find((child) => !child.named)?.type;
      const a = narrowingsWithin(context, left, holds, depth + 1, budget);
      const b = narrowingsWithin(context, right, holds, depth + 1, budget);
      // `a and b` holds: both hold. `a or b` fails: both fail. Otherwise only what either side alone implies.
      return (operator === 'and') === holds ? combineFacets([...a, ...b]) : intersect(a, b);
    }
    case 'named_expression': {
      const value = childByField(condition, 'value');
      return value ? narrowingsWithin(context, value, holds, depth + 1, budget) : [];
    }
    case 'comparison_operator':
      return comparison(context, condition, holds);
    case 'case_clause':
      return caseNarrowings(context, condition, holds, depth, budget);
    case 'expression_statement':
      return holds ? completedConversion(context, condition) : [];
    case 'call': {
      // `bool(check)` is the check.
      if (calleeName(context, condition) === 'bool') {
        const inner = callArguments(condition)[0];
        return inner ? narrowingsWithin(context, inner, holds, depth + 1, budget) : [];
      }
      return callCheck(context, condition, holds);
    }
    case 'attribute':
    case 'identifier': {
      // One hop only: a stored check that itself names a stored check is not followed.
      const stored =
        condition.type === 'identifier' && !budget.hopped ? context.condition(context.text(condition)) : undefined;
      if (stored) {
        budget.hopped = true;
        return narrowingsWithin(context, stored, holds, depth + 1, budget);
      }
      // `if not parsed.netloc:` — no host: a relative URL.
      if (holds) return [];
      const subject = subjectOf(context, condition);
      return subject?.hostOf !== undefined ? [{ name: subject.hostOf, node: undefined, mask: mask('host-check') }] : [];
    }
    default:
      return [];
  }
}

// Guards: a check that validates a value narrows it on the branch where the check holds. guard-table.ts is the one
// place that says which kind of check clears which sink kinds, with a vulnerable and a safe example for each (run by
// tables.test.ts). `narrowings` reads a branch condition (an `if`/`while`/`assert` test, a `case` clause, or a statement
// that completed without raising) and returns the names it narrows on that branch; a guard narrows the very variable
// (or attribute) it tests — or the `match` subject a capture aliases — never another one.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { sinkMask } from '../taint.js';
import {
  callArguments,
  calleeName,
  keywordArgument,
  literalText,
  mask,
  maximumDepth,
  narrowSubject,
  subjectOf,
  trustedCollection,
  type GuardContext,
  type Narrowing,
} from './guard-subjects.js';
import { bareNameCheck, facetOf, literalMembers } from './bare-names.js';
import { characterClassChecks, everyElement, noElementFound } from './guard-generators.js';
import { pinsUrlHost } from './host-patterns.js';
import { admitsAnyText, admitsTraversal, anchoredPattern, patternLiteral } from './regex-patterns.js';
import {
  caseSubject,
  classAlternatives,
  irrefutable,
  literalAlternatives,
  wholeSubjectCapture,
} from './match-patterns.js';

export { guardTable, type GuardEntry, type GuardKind } from './guard-table.js';
export type { GuardContext, Narrowing, ValidatorVerdict } from './guard-subjects.js';

const safeUrlHelpers = /(url_has_allowed_host_and_scheme|is_safe_url|is_safe_redirect|is_allowed_url)$/;
/** Types whose instances carry no text: `isinstance(x, int)`, `case int():`. */
const textlessTypes = /\b(int|float|bool|UUID|Decimal|date|datetime)\b/;
/** Conversions that raise on anything but a number or UUID (surrounding whitespace aside). */
const conversions = /^(int|float|decimal\.Decimal|uuid\.UUID)$/;

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
    const found = checked ? callCheck(context, checked, (operator === 'is not') === holds) : [];
    // Where `x is None` holds, x is None: no text at all.
    if ((operator === 'is') === holds && (left.type === 'identifier' || left.type === 'attribute'))
      found.push(...narrowSubject(subjectOf(context, left), mask('falsy'), 0));
    return found;
  }
  if (operator === 'in' || operator === 'not in') {
    const inside = (operator === 'in') === holds;
    const literal = literalText(context, left);
    if (literal !== undefined) {
      // `'..' in name` is false on this branch: no parent-directory step.
      if (!inside && literal.includes('..'))
        return narrowSubject(subjectOf(context, right), mask('traversal-denylist'), 0);
      if (!inside && literal === '/') return facetOf(context, right, 'no-directory');
      return [];
    }
    if (!inside && context.qualify(left) === 'os.sep') return facetOf(context, right, 'no-directory');
    // `name not in (".", "..")`: whatever else it is, it is not the parent directory.
    if (!inside && literalMembers(context, right).includes('..')) return facetOf(context, left, 'not-parent');
    if (inside && right.type === 'call' && calleeName(context, right) === 'os.listdir')
      return narrowSubject(subjectOf(context, left), mask('directory-entry'), 0);
    if (!inside || !trustedCollection(context, right)) return [];
    return narrowSubject(subjectOf(context, left), mask('allow-list'));
  }
  if (operator === '==' || operator === '!=') {
    const equal = (operator === '==') === holds;
    if (!equal) {
      const [value, other] = literalText(context, right) === undefined ? [right, left] : [left, right];
      return literalText(context, other) === '..' ? facetOf(context, value, 'not-parent') : [];
    }
    for (const [value, other] of [
      [left, right],
      [right, left],
    ] as const) {
      const bare = bareNameCheck(context, value, other);
      if (bare) return bare;
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

function callCheck(context: GuardContext, node: PlainNode, holds: boolean): Narrowing[] {
  const gated = holds ? context.gate?.(node) : undefined;
  if (gated && gated.length > 0) return gated.map((field) => ({ name: field.name, node: undefined, mask: field.mask }));
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
    // Not starting with "." (or ".."): not the parent directory.
    if (subject && !holds && (prefix === '.' || prefix === '..')) return facetOf(context, receiver, 'not-parent');
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
  if (/^(hmac|secrets)\.compare_digest$/.test(name)) return args.flatMap((side) => authenticatedMessage(context, side));
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
  // `host.endswith(".example.com")` on a URL's netloc/hostname: a subdomain of a fixed domain, a pinned host (the
  // leading "." keeps "evilexample.com" out; without it the suffix pins nothing).
  if (method === 'endswith' && receiver && first) {
    const suffix = literalText(context, first);
    const subject = subjectOf(context, receiver);
    if (subject?.hostOf !== undefined && suffix !== undefined && /^\.[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(suffix))
      return narrowSubject(subject, 0);
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
    if (textlessTypes.test(types) && !/\bstr\b/.test(types))
      return narrowSubject(subjectOf(context, first), mask('type-check'));
    // Only `str` (not `(str, dict)`): a string is no query-operator object.
    return /^(str|\(\s*str\s*,?\s*\))$/.test(types)
      ? narrowSubject(subjectOf(context, first), mask('string-type'))
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
    if (fromModule) pattern = patternLiteral(context, first);
    else if (receiver?.type === 'identifier') pattern = context.compiledPattern(context.text(receiver));
    // `cls.PATTERN.match(u)`, `self.PATTERN…`, `Validator.PATTERN…`: a pattern compiled in the class body.
    else if (
      receiver?.type === 'attribute' &&
      /^(self|cls|[A-Z]\w*)$/.test(context.text(childByField(receiver, 'object') ?? receiver))
    )
      pattern =
        context.compiledPattern(context.text(receiver)) ??
        context.compiledPattern(context.text(childByField(receiver, 'attribute') ?? receiver));
    else if (receiver?.type === 'call' && /^(re|regex)\.compile$/.test(calleeName(context, receiver)))
      pattern = patternLiteral(context, callArguments(receiver)[0]);
    const cleaned = patternCheckMask(pattern, method);
    if (cleaned === 0 || !subjectNode) return [];
    return narrowSubject(subjectOf(context, subjectNode), cleaned, 0);
  }
  return [];
}

/** A leading "/" followed by a word character, a group whose alternatives start with one, or a class of them. */
const sameSitePath = /^(\^|\\A)?\/(\w|\((\?:)?\w+(\|\w+)*\)|\[(?!\^)(\\[wd]|\\[-._~]|[-\w.~])+\])/;

/**
 * What a match of `pattern` (undefined: a compiled pattern the module does not show) proves about the text it held
 * for, by the way it is applied: `fullmatch`, `match` (anchored at the start) or `search`. Shared with checks that
 * live elsewhere (validation-sites.ts: a model field's pattern), so they count exactly as the inline call would.
 */
export function patternCheckMask(pattern: string | undefined, method: 'fullmatch' | 'match' | 'search'): number {
  // `re.match(r"^/[^/]", u)`: a same-site path.
  if (method !== 'fullmatch' && pattern !== undefined && /^\^?\/\[\^[^\]]*\/[^\]]*\]/.test(pattern))
    return mask('relative-path');
  // `^/[a-z0-9_-]+…`, `^/(cart|orders)…`: one slash, then a character that is neither "/" nor "\" — a path on this
  // site, never `//host` or `/\host`, whatever follows.
  const startAnchored = method !== 'search' || /^(\^|\\A)/.test(pattern ?? '');
  if (startAnchored && pattern !== undefined && sameSitePath.test(pattern)) return mask('relative-path');
  const full =
    method === 'fullmatch'
      ? pattern === undefined || !admitsAnyText(pattern)
      : anchoredPattern(pattern, method === 'match');
  // A URL pattern that spells scheme and host pins the destination, as a hostname allow-list does; its path part
  // may be `.*`, so this holds where the character bound (`full`) does not.
  const pinned = pattern !== undefined && pinsUrlHost(pattern, method !== 'search', method === 'fullmatch');
  // A language that can spell "../" keeps a path free to climb out of its directory.
  const climbs = pattern !== undefined && admitsTraversal(pattern) ? sinkMask(['path']) : 0;
  return ((full ? mask('full-match') : 0) & ~climbs) | (pinned ? mask('host-check') : 0);
}

/** One side of a holding `compare_digest`: when it is a MAC of `msg` under a key free of attacker data
 * (`hmac.new(KEY, msg, …).digest()`, `.hexdigest()`, `hmac.digest(KEY, msg, …)`), `msg` is authenticated. */
function authenticatedMessage(context: GuardContext, side: PlainNode): Narrowing[] {
  let call = storedCall(context, side);
  const name = call ? calleeName(context, call) : '';
  const callee = call ? childByField(call, 'function') : undefined;
  const method = callee?.type === 'attribute' ? context.text(childByField(callee, 'attribute') ?? callee) : '';
  if (call && (method === 'digest' || method === 'hexdigest') && name !== 'hmac.digest') {
    const receiver = callee ? childByField(callee, 'object') : undefined;
    call = receiver ? storedCall(context, receiver) : undefined;
    if (call && calleeName(context, call) !== 'hmac.new') return [];
  } else if (name !== 'hmac.digest') return [];
  const [first, second] = call ? callArguments(call) : [];
  const key = first ?? (call ? keywordArgument(call, 'key', context) : undefined);
  const msg = second ?? (call ? keywordArgument(call, 'msg', context) : undefined);
  if (!key || !msg || !context.deployerChosen(key)) return [];
  return narrowSubject(subjectOf(context, msg), mask('authenticated'), 0);
}

/** A case clause: where it matched (`holds`), its literal or class pattern narrows the subject and its guard holds;
 * where a case whose pattern always matches was not taken, its guard failed. A bare capture (`case x if x in A:`)
 * aliases the subject, so what the guard says about `x` holds for the subject too. */
function caseNarrowings(
  context: GuardContext,
  clause: PlainNode,
  holds: boolean,
  depth: number,
  budget: { left: number; hops: number },
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
  if (literalAlternatives(clause)) {
    found.push(...narrowSubject(subject, mask('allow-list')));
    // The alias of `case "a" | "b" as name:` holds one of the literals too.
    if (capture) found.push({ name: context.text(capture), node: capture, mask: mask('allow-list') });
  }
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

/** Both halves of a same-site path check on one name make a relative-path guard; both halves of a bare-name check
 * (no directory part, not "..") make a bare-name guard. */
function combineFacets(found: Narrowing[]): Narrowing[] {
  const halves: readonly (readonly [Narrowing['facet'], Narrowing['facet'], number])[] = [
    ['rooted', 'not-protocol-relative', mask('relative-path')],
    ['no-directory', 'not-parent', mask('bare-name')],
  ];
  for (const [first, second, cleaned] of halves) {
    const named = new Set(found.filter((item) => item.facet === first).map((item) => item.name));
    for (const item of found.filter((entry) => entry.facet === second))
      if (named.has(item.name)) found.push({ name: item.name, node: item.node, mask: cleaned });
  }
  return found;
}

/** `for v in (a, b): if not ok(v): abort(400)` ran out of items: each listed name passed every check, since a failing
 * one left the function. Only a body of such exiting checks counts (a `continue` or `break` skips the rest). */
function everyMemberChecked(
  context: GuardContext,
  loop: PlainNode,
  depth: number,
  budget: { left: number; hops: number },
): Narrowing[] {
  const variable = childByField(loop, 'left');
  const iterable = childByField(loop, 'right');
  if (variable?.type !== 'identifier' || !iterable || !['tuple', 'list', 'set'].includes(iterable.type)) return [];
  const members = namedChildren(iterable);
  if (members.length === 0 || members.some((member) => member.type !== 'identifier' && member.type !== 'attribute'))
    return [];
  const name = context.text(variable);
  const body = childByField(loop, 'body');
  const statements = body ? namedChildren(body).filter((child) => child.type !== 'comment') : [];
  let cleaned = 0;
  for (const statement of statements) {
    const test = childByField(statement, 'condition');
    const consequence = childByField(statement, 'consequence');
    const last = consequence
      ? namedChildren(consequence)
          .filter((child) => child.type !== 'comment')
          .pop()
      : undefined;
    if (statement.type !== 'if_statement' || childByField(statement, 'alternative') || !test || !last) return [];
    if (last.type !== 'return_statement' && last.type !== 'raise_statement' && !context.terminates(last)) return [];
    for (const found of narrowingsWithin(context, test, false, depth + 1, budget))
      if (found.name === name) cleaned |= found.mask;
  }
  return cleaned === 0 ? [] : members.flatMap((member) => narrowSubject(subjectOf(context, member), cleaned, 0));
}

/** What `condition` narrows on the branch where it evaluates to `holds`. */
export function narrowings(context: GuardContext, condition: PlainNode, holds: boolean): Narrowing[] {
  return narrowingsWithin(context, condition, holds, 0, { left: maximumVisits, hops: 0 });
}

/** Conditions are small; a bound on the nodes one condition may visit keeps names that hold other checks'
 * results (`ok = a and b; fine = ok or c`) from multiplying the work. */
const maximumVisits = 64;

const maximumConditionHops = 3;

function narrowingsWithin(
  context: GuardContext,
  condition: PlainNode,
  holds: boolean,
  depth: number,
  budget: { left: number; hops: number },
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
    case 'for_statement':
      return holds ? everyMemberChecked(context, condition, depth, budget) : [];
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
      // A stored check may name another (`m = re.match(...)`, `ok = bool(m)`, `if not ok:`); a few hops cover the
      // chains people write, and the bound keeps a pathological chain from costing more.
      // Where the test fails the value itself is falsy ("", None, 0, empty): it carries no text at all.
      const subject = subjectOf(context, condition);
      const falsy =
        !holds && subject ? narrowSubject({ ...subject, hostOf: undefined, bases: [] }, mask('falsy'), 0) : [];
      const stored =
        condition.type === 'identifier' && budget.hops < maximumConditionHops
          ? context.condition(context.text(condition))
          : undefined;
      if (stored) {
        budget.hops++;
        return [...narrowingsWithin(context, stored, holds, depth + 1, budget), ...falsy];
      }
      // `if not parsed.netloc:` — no host: a relative URL.
      return subject?.hostOf !== undefined && !holds
        ? [{ name: subject.hostOf, node: undefined, mask: mask('host-check') }, ...falsy]
        : falsy;
    }
    default:
      return [];
  }
}

// Guards: a check that validates a value narrows it on the branch where the check holds. The table below is the one
// place that says which kind of check clears which sink kinds, with a vulnerable and a safe example for each (run by
// guards.test.ts). `narrowings` reads a branch condition and returns the names it narrows on that branch; a guard
// narrows the very variable (or attribute) it tests, never another one.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { allSinks, sinkMask, type SinkKind } from '../taint.js';
import type { Derivation } from './flow-state.js';

export type GuardKind =
  | 'allow-list'
  | 'character-class'
  | 'type-check'
  | 'full-match'
  | 'host-check'
  | 'host-prefix'
  | 'containment'
  | 'traversal-denylist'
  | 'safe-url-helper'
  | 'relative-path';

export interface GuardEntry {
  readonly kind: GuardKind;
  readonly shapes: string;
  readonly cleans: readonly SinkKind[] | 'all';
  readonly why: string;
  readonly example: { readonly rule: string; readonly vulnerable: string; readonly safe: string };
}

const handler = (body: string, imports = ''): string =>
  `from flask import Flask, request, abort, redirect\n${imports}app = Flask(__name__)\n\n@app.route('/x')\ndef view():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;

export const guardTable: readonly GuardEntry[] = [
  {
    kind: 'allow-list',
    shapes: '`x in ALLOWED`, `x not in ALLOWED` (constant collection), `x == "literal"`, through .lower()/.strip()/str()',
    cleans: 'all',
    why: 'The value is one of the program’s own literals.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler("tool = request.args['t']\nif tool in BLOCKED:\n    abort(400)\nos.system(tool)\nreturn 'ok'", "import os\nBLOCKED = {'rm'}\n"),
      safe: handler("tool = request.args['t']\nif tool not in ALLOWED:\n    abort(400)\nos.system(tool)\nreturn 'ok'", "import os\nALLOWED = {'ls', 'df'}\n"),
    },
  },
  {
    kind: 'character-class',
    shapes: '`x.isdigit()`, `isalnum`, `isnumeric`, `isdecimal`, `isidentifier`, `isalpha`',
    cleans: 'all',
    why: 'Letters and digits only: no metacharacter of any sink survives.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler("n = request.args['n']\nif n.isdigit():\n    pass\nos.system('seq ' + n)\nreturn 'ok'", 'import os\n'),
      safe: handler("n = request.args['n']\nif not n.isdigit():\n    return 'bad', 400\nos.system('seq ' + n)\nreturn 'ok'", 'import os\n'),
    },
  },
  {
    kind: 'type-check',
    shapes: '`isinstance(x, int)` (int, float, bool, UUID)',
    cleans: 'all',
    why: 'A number carries no text. `isinstance(x, str)` narrows nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler("n = request.json['n']\nif isinstance(n, str):\n    os.system('seq ' + n)\nreturn 'ok'", 'import os\n'),
      safe: handler("n = request.json['n']\nif isinstance(n, int):\n    os.system('seq ' + str(n))\nreturn 'ok'", 'import os\n'),
    },
  },
  {
    kind: 'full-match',
    shapes: '`re.fullmatch(p, x)`, `re.match(r"^…$", x)`, a compiled anchored pattern’s `.fullmatch`/`.match`',
    cleans: ['sql', 'shell', 'code', 'path', 'html', 'ldap', 'xpath', 'regex', 'log', 'header', 'nosql', 'template', 'address', 'xml', 'deserialize'],
    why: 'The whole value is in a character language the program chose; it bounds characters, not a URL’s host. An unanchored `re.search` or a pattern with `.*` narrows nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler("name = request.args['n']\nif re.search(r'[a-z]+', name):\n    os.system('id ' + name)\nreturn 'ok'", 'import os, re\n'),
      safe: handler("name = request.args['n']\nif re.fullmatch(r'[a-z]+', name):\n    os.system('id ' + name)\nreturn 'ok'", 'import os, re\n'),
    },
  },
  {
    kind: 'host-check',
    shapes: '`urlparse(u).netloc in ALLOWED`, `p.hostname == HOST`, `host = p.netloc; if host not in ALLOWED: abort()`, `if not p.netloc:`',
    cleans: ['redirect', 'url'],
    why: 'The destination host is pinned (or absent: a relative URL). It says nothing about the path or other sinks.',
    example: {
      rule: 'FDSP-PY-REDIRECT-001',
      vulnerable: handler("url = request.args['next']\nif urlparse(url).scheme not in ('http', 'https'):\n    abort(400)\nreturn redirect(url)", 'from urllib.parse import urlparse\n'),
      safe: handler("url = request.args['next']\nif urlparse(url).netloc not in ALLOWED_HOSTS:\n    abort(400)\nreturn redirect(url)", "from urllib.parse import urlparse\nALLOWED_HOSTS = {'example.com'}\n"),
    },
  },
  {
    kind: 'host-prefix',
    shapes: '`u.startswith("https://example.com/")`',
    cleans: ['redirect', 'url'],
    why: 'A prefix naming scheme, host and the slash ending the authority pins the destination; "http" or "/" does not ("//evil.com").',
    example: {
      rule: 'FDSP-PY-REDIRECT-001',
      vulnerable: handler("url = request.args['next']\nif url.startswith('/'):\n    return redirect(url)\nreturn 'no'"),
      safe: handler("url = request.args['next']\nif url.startswith('https://example.com/'):\n    return redirect(url)\nreturn 'no'"),
    },
  },
  {
    kind: 'containment',
    shapes: '`realpath(p).startswith(BASE)`, `full = os.path.abspath(…); if not full.startswith(BASE): abort()`, `commonpath([BASE, p]) == BASE`, `p.is_relative_to(BASE)`',
    cleans: ['path'],
    why: 'A normalized path under the base cannot escape it. `startswith` on an unnormalized path is no containment ("/srv/../etc").',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: handler("path = os.path.join(BASE, request.args['f'])\nif not path.startswith(BASE):\n    abort(403)\nreturn open(path).read()", "import os\nBASE = '/srv/files'\n"),
      safe: handler("path = os.path.realpath(os.path.join(BASE, request.args['f']))\nif not path.startswith(BASE):\n    abort(403)\nreturn open(path).read()", "import os\nBASE = '/srv/files'\n"),
    },
  },
  {
    kind: 'traversal-denylist',
    shapes: '`if ".." in name: abort()`',
    cleans: ['path'],
    why: 'Decision: climbing out needs "..", so rejecting it is accepted for path sinks (an absolute name is a separate check the path rules make). Denylists of other characters (";" in a command) narrow nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler("cmd = request.args['c']\nif ';' in cmd:\n    abort(400)\nos.system(cmd)\nreturn 'ok'", 'import os\n'),
      safe: handler("cmd = request.args['c']\nif not cmd.isalnum():\n    abort(400)\nos.system(cmd)\nreturn 'ok'", 'import os\n'),
    },
  },
  {
    kind: 'safe-url-helper',
    shapes: '`url_has_allowed_host_and_scheme(u, …)`, `is_safe_url(u)`',
    cleans: ['redirect', 'url'],
    why: 'Django’s (and common) helpers that check scheme and host against an allow-list.',
    example: {
      rule: 'FDSP-PY-REDIRECT-001',
      vulnerable: handler("url = request.args['next']\nreturn redirect(url)"),
      safe: handler("url = request.args['next']\nif not url_has_allowed_host_and_scheme(url, {'example.com'}):\n    abort(400)\nreturn redirect(url)", 'from django.utils.http import url_has_allowed_host_and_scheme\n'),
    },
  },
  {
    kind: 'relative-path',
    shapes: '`u.startswith("/") and not u.startswith("//")`, `re.match(r"^/[^/]", u)`',
    cleans: ['redirect'],
    why: 'A path on the same site: one leading slash, not two ("//evil.com" is another host). Decision: a backslash after the slash ("/\\evil.com", which some browsers read as "//") is not modelled; the redirect stays on-site by the URL grammar.',
    example: {
      rule: 'FDSP-PY-REDIRECT-001',
      vulnerable: handler("url = request.args['next']\nif url.startswith('/'):\n    return redirect(url)\nreturn 'no'"),
      safe: handler("url = request.args['next']\nif url.startswith('/') and not url.startswith('//'):\n    return redirect(url)\nreturn 'no'"),
    },
  },
];

export const guardMasks: ReadonlyMap<GuardKind, number> = new Map(
  guardTable.map((entry): [GuardKind, number] => [entry.kind, entry.cleans === 'all' ? allSinks : sinkMask(entry.cleans)]),
);

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
    if (argument.type === 'keyword_argument' && name && context.text(name) === key) return childByField(argument, 'value');
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
        const target = callee?.type === 'attribute' && !name.startsWith('os.path.') ? childByField(callee, 'object') : first;
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
  if (subject.base !== undefined && valueMask !== 0) found.push({ name: subject.base, node: undefined, mask: valueMask });
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
  if (operators.length !== 1 || !left || !right) return [];
  const operator = operators[0] ?? '';
  // `re.fullmatch(p, x) is None` fails where the match holds.
  if ((operator === 'is' || operator === 'is not') && right.type === 'none' && left.type === 'call')
    return callCheck(context, left, (operator === 'is not') === holds);
  if (operator === 'in' || operator === 'not in') {
    const inside = (operator === 'in') === holds;
    const literal = literalText(context, left);
    if (literal !== undefined) {
      // `'..' in name` is false on this branch: no parent-directory step.
      if (!inside && literal.includes('..')) return narrowSubject(subjectOf(context, right), mask('traversal-denylist'), 0);
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
          return namedChildren(list).flatMap((item) => narrowSubject(subjectOf(context, item), mask('containment'), 0));
      }
      if (context.isConstant(other) || (other.type !== 'string' && context.isClean(other) && other.type !== 'none')) {
        const subject = subjectOf(context, value);
        if (subject) return narrowSubject(subject, mask('allow-list'));
      }
    }
  }
  return [];
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
    if (subject && holds && prefix === '/') return [{ name: subject.name, node: subject.node, mask: 0, facet: 'rooted' }];
    if (subject && !holds && (prefix === '//' || /^\(\s*['"]\/\/['"]\s*,/.test(context.text(first))))
      return [{ name: subject.name, node: subject.node, mask: 0, facet: 'not-protocol-relative' }];
  }
  if (!holds) return [];
  if (method === 'startswith' && receiver) {
    const subject = subjectOf(context, receiver);
    const prefixes = first?.type === 'tuple' ? namedChildren(first) : first ? [first] : [];
    const texts = prefixes.map((prefix) => literalText(context, prefix));
    const pinsHost = texts.length > 0 && texts.every((text) => text !== undefined && /^(https?:)?\/\/[^/]+\.[^/]+\//i.test(text));
    const found = pinsHost ? narrowSubject(subject, mask('host-prefix'), 0) : [];
    if (subject?.normalized) found.push(...narrowSubject(subject, mask('containment'), 0));
    if (pinsHost && subject) found.push({ name: subject.name, node: subject.node, mask: mask('host-prefix') });
    return found;
  }
  if (method === 'is_relative_to' && receiver) return narrowSubject(subjectOf(context, receiver), mask('containment'), 0);
  if (characterClassChecks.has(method) && receiver) return narrowSubject(subjectOf(context, receiver), mask('character-class'));
  if (name === 'isinstance' && first) {
    const types = args[1] ? context.text(args[1]) : '';
    return /\b(int|float|bool|UUID|Decimal|date|datetime)\b/.test(types) && !/\bstr\b/.test(types)
      ? narrowSubject(subjectOf(context, first), mask('type-check'))
      : [];
  }
  const urlArgument = first ?? keywordArgument(node, 'url', context);
  if (safeUrlHelpers.test(name) && urlArgument) return narrowSubject(subjectOf(context, urlArgument), mask('safe-url-helper'));
  if (method === 'fullmatch' || method === 'match' || method === 'search') {
    const fromModule = name === `re.${method}` || name === `regex.${method}`;
    const subjectNode = fromModule ? args[1] : first;
    let pattern: string | undefined;
    if (fromModule) pattern = literalText(context, first);
    else if (receiver?.type === 'identifier') pattern = context.compiledPattern(context.text(receiver));
    // `re.match(r"^/[^/]", u)`: a same-site path.
    if (method !== 'fullmatch' && pattern !== undefined && /^\^?\/\[\^[^\]]*\/[^\]]*\]/.test(pattern) && subjectNode)
      return narrowSubject(subjectOf(context, subjectNode), mask('relative-path'), 0);
    const full = method === 'fullmatch' ? pattern === undefined || !/(^|[^\\])\.[*+]/.test(pattern) : anchoredPattern(pattern, method === 'match');
    if (!full || !subjectNode) return [];
    return narrowSubject(subjectOf(context, subjectNode), mask('full-match'), 0);
  }
  return [];
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

function narrowingsWithin(context: GuardContext, condition: PlainNode, holds: boolean, depth: number, budget: { left: number; hopped: boolean }): Narrowing[] {
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
      const stored = condition.type === 'identifier' && !budget.hopped ? context.condition(context.text(condition)) : undefined;
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

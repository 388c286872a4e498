// Code-quality weaknesses with security impact (CWE-462, CWE-595, CWE-477, CWE-252, CWE-20 for permissive regex ranges).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { argument, stringValue } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { codeText, descendants, enclosingFunction, escapeRegExp } from './shared-facts.js';

const freshTypes = new Set([
  'string',
  'integer',
  'float',
  'concatenated_string',
  'tuple',
  'list',
  'dictionary',
  'set',
  'list_comprehension',
  'dictionary_comprehension',
  'set_comprehension',
]);

function freshValue(node: PlainNode, analysis: ModuleAnalysis): boolean {
  if (freshTypes.has(node.type)) return node.type !== 'tuple' || namedChildren(node).length > 0;
  if (node.type === 'unary_operator') return namedChildren(node).some((child) => freshValue(child, analysis));
  if (node.type === 'binary_operator') return namedChildren(node).some((child) => child.type === 'string');
  if (node.type === 'call') {
    const callee = childByField(node, 'function');
    const name = callee ? analysis.text(callee) : '';
    return /^(str|int|float|bytes|bytearray|list|dict|set|tuple|format|repr)$|\.(format|join|lower|upper|strip|encode|decode)$/.test(
      name,
    );
  }
  return false;
}

function insideLoop(node: PlainNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') return true;
    if (current.type === 'function_definition') return false;
  }
  return false;
}

const keyLike = /key|name|(^|_)id$|basename|path|file/i;

/** An in-module function called by bare name: module-level or nested, not a method (`next()` is not `Foo.next`). */
function plainFunction(name: string, analysis: ModuleAnalysis): PlainNode | undefined {
  const info = analysis.functionNamed(name);
  if (!info) return undefined;
  for (let current = info.node.parent; current; current = current.parent)
    if (current.type === 'class_definition') return undefined;
  return info.node;
}

function isPair(item: PlainNode, scope: PlainNode, analysis: ModuleAnalysis): boolean {
  if (item.type === 'tuple') return namedChildren(item).length === 2;
  // `data.append(helper())`, inline or through `pair = helper()`, where the in-module helper returns two values.
  if (item.type === 'call') return returnsPair(item, analysis);
  if (item.type !== 'identifier') return false;
  const name = analysis.text(item);
  for (const node of descendants(scope)) {
    if (node.type !== 'assignment' || analysis.text(childByField(node, 'left') ?? node) !== name) continue;
    const right = childByField(node, 'right');
    if (right?.type === 'call' && plainHelper(right, analysis)) return returnsPair(right, analysis);
  }
  return false;
}

function plainHelper(call: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  const callee = childByField(call, 'function');
  return callee?.type === 'identifier' ? plainFunction(analysis.text(callee), analysis) : undefined;
}

function returnsPair(call: PlainNode, analysis: ModuleAnalysis): boolean {
  const helper = plainHelper(call, analysis);
  const returns = helper ? descendants(helper).filter((child) => child.type === 'return_statement') : [];
  return returns.some((statement) => {
    const value = namedChildren(statement)[0];
    return (value?.type === 'expression_list' || value?.type === 'tuple') && namedChildren(value).length === 2;
  });
}

function mayReturnNone(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const returns = descendants(fn).filter(
    (child) => child.type === 'return_statement' && enclosingFunction(child) === fn,
  );
  const none = returns.some((statement) => {
    const value = namedChildren(statement)[0];
    return !value || value.type === 'none';
  });
  const valued = returns.some((statement) => {
    const value = namedChildren(statement)[0];
    return value !== undefined && value.type !== 'none';
  });
  // Generators and functions that only ever return None are not "sometimes None".
  return none && valued && !/\byield\b/.test(codeText(fn, analysis));
}

/** Python string escapes that matter inside a regex written without r'': \\ → \, \xNN, \uNNNN. */
function unescapePython(text: string): string {
  return text.replace(
    /\\\\|\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g,
    (match: string, hex?: string, unicode?: string) => {
      if (hex) return String.fromCharCode(parseInt(hex, 16));
      if (unicode) return String.fromCharCode(parseInt(unicode, 16));
      return match === '\\\\' ? '\\' : match;
    },
  );
}

/** A character-class range that mixes character kinds (A-z, $-_, 0-z): it admits far more than it looks like. Ranges
 * inside one kind (a-z, 0-9, A-F), all of printable ASCII, or only punctuation are fine. */
function overlyLargeRange(pattern: string): string | undefined {
  let index = 0;
  while (index < pattern.length) {
    const char = pattern[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char !== '[') {
      index++;
      continue;
    }
    index++;
    if (pattern[index] === '^') index++;
    const members: number[] = [];
    const raw: string[] = [];
    let first = true;
    while (index < pattern.length && (pattern[index] !== ']' || first)) {
      first = false;
      const [code, width, literal] = classMember(pattern, index);
      members.push(code);
      raw.push(literal);
      index += width;
    }
    index++;
    for (let member = 1; member + 1 < raw.length; member++) {
      if (raw[member] !== '-' || member === 0) continue;
      const low = members[member - 1];
      const high = members[member + 1];
      if (low === undefined || high === undefined || low < 0 || high < 0 || low > high) continue;
      if (suspiciousRange(low, high)) return `${raw[member - 1] ?? ''}-${raw[member + 1] ?? ''}`;
      member++;
    }
  }
  return undefined;
}

/** One member of a character class: [code (-1 for a class escape like \\w), width in the pattern, its text]. */
function classMember(pattern: string, index: number): [number, number, string] {
  const char = pattern[index] ?? '';
  if (char !== '\\') return [char.charCodeAt(0), 1, char];
  const next = pattern[index + 1] ?? '';
  const hex = /^x([0-9a-fA-F]{2})/.exec(pattern.slice(index + 1));
  if (hex?.[1]) return [parseInt(hex[1], 16), 4, pattern.slice(index, index + 4)];
  if (/[wWdDsSbB]/.test(next)) return [-1, 2, `\\${next}`];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
  return [escapes[next] ?? next.charCodeAt(0), 2, `\\${next}`];
}

function suspiciousRange(low: number, high: number): boolean {
  if (high > 0x7f) return false;
  const kinds = [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ] as const;
  if (kinds.some(([from, to]) => low >= from && high <= to)) return false;
  // All of printable (or all of) ASCII is written on purpose.
  if (low <= 0x21 && high >= 0x7e) return false;
  const alphanumeric = (code: number): boolean => kinds.some(([from, to]) => code >= from && code <= to);
  let letters = 0;
  let others = 0;
  for (let code = low; code <= high; code++) {
    if (alphanumeric(code)) letters++;
    else others++;
  }
  return letters > 0 && others > 0;
}

// Builtins whose single argument must be a sized or iterable value: None makes them raise TypeError.
const noneRejecting = /^(len|iter|sorted|sum|max|min|list|tuple|set|frozenset|enumerate|reversed|any|all)$/;

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-DICT-001',
    name: 'duplicate-dictionary-key',
    cwe: 462,
    severity: 'low',
    confidence: 'high',
    message: 'A dictionary is built with a repeated key; the earlier value is silently discarded',
    fixHint: 'Remove or rename the duplicated key so every entry is kept.',
    examples: {
      vulnerable: [
        'roles = {"admin": 1, "user": 2, "admin": 3}\n',
        'LIMITS = dict([("upload", 10), ("download", 50), ("upload", 1000)])\n',
      ],
      safe: ['roles = {"admin": 1, "user": 2}\n', 'LIMITS = dict([("upload", 10), ("download", 50)])\n'],
    },
  },
  {
    id: 'FDSP-PY-ALIST-001',
    name: 'association-list-without-duplicate-check',
    cwe: 462,
    severity: 'low',
    confidence: 'low',
    message:
      'Key/value pairs are collected into a list that is then used as a mapping, and nothing checks for a repeated key',
    fixHint:
      'Use a dict keyed by the key (decide explicitly whether a repeated key overwrites, is merged, or is rejected), or check `if key in seen` before appending the pair.',
    examples: {
      vulnerable: [
        'def load(rows):\n    entries = []\n    for row in rows:\n        entries.append((row.name, row.value))\n    return dict(entries)\n',
        'def read_headers(lines):\n    headers = []\n    for line in lines:\n        k, v = line.split(":", 1)\n        headers.append((k.strip(), v))\n    headers.sort(key=lambda kv: kv[0])\n    return headers\n',
        // the pair straight from a helper that returns two values, no variable between
        'def entry(line):\n    return line.split("=")[0], line\ndef collect(lines):\n    pairs = []\n    for line in lines:\n        pairs.append(entry(line))\n    return dict(pairs)\n',
      ],
      safe: [
        'def load(rows):\n    entries = []\n    seen = set()\n    for row in rows:\n        if row.name in seen:\n            raise ValueError(row.name)\n        seen.add(row.name)\n        entries.append((row.name, row.value))\n    return dict(entries)\n',
        'def squares(n):\n    out = []\n    for i in range(n):\n        out.append((i, i * i))\n    return out\n',
        'def rank(items):\n    scored = []\n    for item in items:\n        scored.append((item.score, item))\n    scored.sort()\n    return scored\n',
        'def entry(line):\n    return line.strip()\ndef collect(lines):\n    names = []\n    for line in lines:\n        names.append(entry(line))\n    return dict.fromkeys(names)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-IS-001',
    name: 'identity-comparison-with-literal',
    cwe: 595,
    severity: 'low',
    confidence: 'high',
    message:
      'A value is compared with "is" to a freshly built value (a literal, display or str()/int() result), which compares object identity, not content',
    fixHint: 'Use == / != to compare values; keep "is" for None, True, False, sentinels, classes and enum members.',
    examples: {
      vulnerable: [
        'def f(x):\n    return x is "admin"\n',
        'def same(a, b):\n    return str(a) is not str(b)\n',
        'def empty(items):\n    return items is []\n',
        'def neg(n):\n    return n is -1\n',
      ],
      safe: [
        'def f(x):\n    return x is None\n',
        '_MISSING = object()\ndef get(d, k, default=_MISSING):\n    return d.get(k) if default is _MISSING else default\n',
        'def kind(t):\n    return t is int or t is True\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-DEPRECATED-001',
    name: 'deprecated-api',
    cwe: 477,
    severity: 'low',
    confidence: 'high',
    message: 'A deprecated or removed API is used',
    fixHint:
      'Replace it with the maintained API: time.perf_counter()/process_time() for time.clock(), tempfile.mkstemp() for mktemp(), html.escape() for cgi.escape(), importlib for imp, ssl.create_default_context() for ssl.wrap_socket().',
    examples: {
      vulnerable: ['import time\nt = time.clock()\n', 'import cgi\ns = cgi.escape(x)\n'],
      safe: ['import time\nt = time.process_time()\n'],
    },
  },
  {
    id: 'FDSP-PY-NONE-001',
    name: 'unchecked-none-return',
    cwe: 252,
    severity: 'low',
    confidence: 'medium',
    message: 'The result of a function that can return None is used without checking for None',
    fixHint:
      'Check the result before using it (`if result is None: ...`), or make the function raise an exception instead of returning None on failure.',
    examples: {
      vulnerable: [
        'def find_user(users, name):\n    for u in users:\n        if u.name == name:\n            return u\n    return None\n\ndef greet(users, name):\n    user = find_user(users, name)\n    return "hi " + user.display_name\n',
        'def lookup(table, key):\n    if key not in table:\n        return\n    return table[key]\n\ndef size(table, key):\n    return len(lookup(table, key)[0])\n',
        "def parse(data):\n    if data is None:\n        return None\n    return data.split(',')\n\ndef getRecord(request):\n    return len(parse(request.form['data']))\n",
        'def rows(db):\n    if not db.ready:\n        return None\n    return db.fetch()\n\ndef dump(db):\n    for row in rows(db):\n        print(row)\n',
      ],
      safe: [
        'def find_user(users, name):\n    for u in users:\n        if u.name == name:\n            return u\n    return None\n\ndef greet(users, name):\n    user = find_user(users, name)\n    if user is None:\n        return "who?"\n    return "hi " + user.display_name\n',
        // a default for the None case, and a builtin that accepts None
        "def parse(data):\n    if data is None:\n        return None\n    return data.split(',')\n\ndef count(raw):\n    return len(parse(raw) or [])\n\ndef show(raw):\n    return str(parse(raw))\n",
      ],
    },
  },
  {
    id: 'FDSP-PY-REGEX-002',
    name: 'overly-large-regex-range',
    cwe: 20,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A character-class range mixes character kinds (for example A-z or $-_) and admits far more characters than intended',
    fixHint:
      'Write each range inside one kind (a-z, A-Z, 0-9) and list punctuation explicitly and escaped, e.g. [A-Za-z0-9._~-] instead of [A-z] or [$-_].',
    examples: {
      vulnerable: [
        'import re\ndef valid_name(n):\n    return re.fullmatch(r"[A-z0-9_]+", n) is not None\n',
        'import re\nSLUG = re.compile("^[0-z-]+$")\n',
      ],
      safe: [
        'import re\ndef valid_name(n):\n    return re.fullmatch(r"[A-Za-z0-9_]+", n) is not None\n',
        'import re\nPRINTABLE = re.compile(r"^[ -~]*$")\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-DICT-001': {
    node(node, analysis) {
      if (node.type === 'call') {
        // dict([("a", 1), ("a", 2)]): the later pair silently replaces the earlier one, as in a literal.
        const callee = childByField(node, 'function');
        const args = childByField(node, 'arguments');
        const items = args ? namedChildren(args)[0] : undefined;
        if (callee?.type !== 'identifier' || analysis.text(callee) !== 'dict') return;
        if (items?.type !== 'list' && items?.type !== 'tuple') return;
        const seen = new Set<string>();
        for (const item of namedChildren(items)) {
          const key = item.type === 'tuple' || item.type === 'list' ? namedChildren(item)[0] : undefined;
          if (!key || !(key.type === 'string' || key.type === 'integer') || !analysis.isConstant(key)) continue;
          const text = stringValue(analysis, key) ?? analysis.text(key);
          if (seen.has(text)) analysis.report('FDSP-PY-DICT-001', item, { detail: `key ${text}` });
          seen.add(text);
        }
        return;
      }
      if (node.type !== 'dictionary') return;
      const seen = new Set<string>();
      for (const pair of node.children) {
        if (pair.type !== 'pair') continue;
        const key = childByField(pair, 'key');
        if (!key || !(analysis.isConstant(key) && (key.type === 'string' || key.type === 'integer'))) continue;
        const text = stringValue(analysis, key) ?? analysis.text(key);
        if (seen.has(text)) analysis.report('FDSP-PY-DICT-001', pair, { detail: `key ${text}` });
        seen.add(text);
      }
    },
  },
  'FDSP-PY-ALIST-001': {
    node(node, analysis) {
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute' || analysis.text(childByField(callee, 'attribute') ?? callee) !== 'append')
        return;
      const list = childByField(callee, 'object');
      const args = childByField(node, 'arguments');
      const item = args ? namedChildren(args)[0] : undefined;
      if (list?.type !== 'identifier' || !item || !insideLoop(node)) return;
      const scope = enclosingFunction(node) ?? analysis.root;
      if (!isPair(item, scope, analysis)) return;
      const name = escapeRegExp(analysis.text(list));
      const code = codeText(scope, analysis);
      // Used as an associative list: turned into a dict, ordered by its first element, or ordered as a whole when that
      // first element is a name/key (a list of (score, item) pairs sorted by score is a ranking, not a mapping).
      const keyed = item.type === 'tuple' ? keyLike.test(analysis.text(namedChildren(item)[0] ?? item)) : true;
      const usedAsMap =
        new RegExp(`dict\\(\\s*${name}\\b|\\b${name}\\.sort\\([^)]*\\[0\\]|sorted\\(\\s*${name}\\b[^)]*\\[0\\]`).test(
          code,
        ) ||
        (keyed && new RegExp(`\\b${name}\\.sort\\(\\s*\\)|sorted\\(\\s*${name}\\s*\\)`).test(code));
      // A duplicate check: a condition mentioning the list, or a set/dict of seen keys.
      const checked =
        new RegExp(`\\b(if|elif|while)\\b[^\\n]*\\b${name}\\b|any\\([^\\n]*\\b${name}\\b`).test(code) ||
        /\bseen\b|\bset\(\)|\bnot\s+in\b/.test(code);
      if (usedAsMap && !checked)
        analysis.report('FDSP-PY-ALIST-001', node, { detail: `${analysis.text(list)} gets key/value pairs` });
    },
  },
  'FDSP-PY-IS-001': {
    node(node, analysis) {
      if (
        node.type !== 'comparison_operator' ||
        !node.children.some((child) => child.type === 'is' || child.type === 'is not')
      )
        return;
      // `is` is only meaningful for singletons (None, True, False, Ellipsis, NotImplemented), sentinels, classes and
      // enum members; a freshly built value (literal, display, str()/int() result) has no stable identity.
      if (namedChildren(node).some((operand) => freshValue(operand, analysis))) analysis.report('FDSP-PY-IS-001', node);
    },
  },
  'FDSP-PY-DEPRECATED-001': {
    call(site, analysis) {
      if (
        [
          'time.clock',
          'cgi.escape',
          'os.popen2',
          'os.popen3',
          'platform.linux_distribution',
          'platform.dist',
          'imp.load_source',
          'imp.find_module',
          'asyncio.async',
          'inspect.getargspec',
          'base64.encodestring',
          'base64.decodestring',
        ].includes(site.name)
      ) {
        analysis.report('FDSP-PY-DEPRECATED-001', site.node);
      }
    },
  },
  'FDSP-PY-NONE-001': {
    node(node, analysis) {
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'identifier') return;
      const helper = plainFunction(analysis.text(callee), analysis);
      if (!helper || !mayReturnNone(helper, analysis)) return;
      const parent = node.parent;
      // Used directly: f(x).attr, f(x)[i], len(f(x)).
      // Or handed straight to a builtin that raises TypeError on None, or iterated: len(f(x)), for y in f(x).
      const consumer = parent?.type === 'argument_list' ? parent.parent : undefined;
      const consumed =
        (consumer?.type === 'call' &&
          noneRejecting.test(analysis.text(childByField(consumer, 'function') ?? consumer)) &&
          namedChildren(parent ?? node).length === 1) ||
        (parent?.type === 'for_statement' && childByField(parent, 'right') === node);
      if (parent?.type === 'attribute' || parent?.type === 'subscript' || consumed) {
        analysis.report('FDSP-PY-NONE-001', node, { detail: `${analysis.text(callee)}() can return None` });
        return;
      }
      if (parent?.type !== 'assignment' || childByField(parent, 'right') !== node) return;
      const target = childByField(parent, 'left');
      if (target?.type !== 'identifier') return;
      const name = escapeRegExp(analysis.text(target));
      const fn = enclosingFunction(node) ?? analysis.root;
      const after = codeText(fn, analysis).slice(parent.end - fn.start);
      const checked = new RegExp(
        `\\b${name}\\s+is\\s+(not\\s+)?None|\\b(if|elif|while|and|or|assert)\\s+(not\\s+)?${name}\\b|${name}\\s*(==|!=)\\s*None|\\b${name}\\s+(or|and)\\b|isinstance\\(\\s*${name}\\b|\\btry\\s*:`,
      ).test(after);
      const dereferenced = new RegExp(
        `\\blen\\(\\s*${name}\\s*\\)|\\b${name}\\s*\\[|\\b${name}\\.\\w+|\\bin\\s+${name}\\b`,
      ).test(after);
      if (dereferenced && !checked)
        analysis.report('FDSP-PY-NONE-001', node, { detail: `${analysis.text(callee)}() can return None` });
    },
  },
  'FDSP-PY-REGEX-002': {
    call(site, analysis) {
      if (!/^(re|regex)\.(compile|match|search|fullmatch|findall|finditer|sub|subn|split)$/.test(site.name)) return;
      const pattern = stringValue(analysis, argument(site, 0, 'pattern'));
      if (pattern === undefined) return;
      const raw = /^[rR]|^[bB][rR]|^[rR][bB]/.test(analysis.text(argument(site, 0, 'pattern') ?? site.node));
      const range = overlyLargeRange(raw ? pattern : unescapePython(pattern));
      if (range) analysis.report('FDSP-PY-REGEX-002', site.node, { detail: `range ${range}` });
    },
  },
};

export const codeQualityRules: RuleFamily = { definitions, logic };

// Resource use and denial of service (CWE-730/1333, CWE-835, CWE-406): catastrophic regexes, endless loops, amplification.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { argument, flow, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import { backtrackingCost } from './regex-complexity.js';
import { pythonStringValue } from '../engine/line-break-removal.js';
import { ambiguousRepetition } from './regex-ambiguity.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { codeText, descendants } from './shared-facts.js';

/**
 * `if sent < MAX: sock.sendto(…); sent += 1` inside the serving loop: the replies are capped by a counter the loop
 * advances, so the traffic the service can reflect is bounded — the volume control CWE-406 asks for, whatever the
 * counter is called. A bound that nothing counts towards caps nothing.
 */
function isCountedReply(call: PlainNode, analysis: ModuleAnalysis): boolean {
  let loop: PlainNode | undefined;
  const counters: string[] = [];
  let child: PlainNode = call;
  for (let current = call.parent; current && !loop; child = current, current = current.parent) {
    if (current.type === 'while_statement' || current.type === 'for_statement') loop = current;
    counters.push(...skipGuardCounters(current, analysis));
    if (current.type !== 'if_statement' && current.type !== 'elif_clause') continue;
    // the reply runs where the test held (its body) or failed (the else branch)
    const holds = child.field === 'consequence' ? true : child.type === 'else_clause' ? false : undefined;
    const counter =
      holds === undefined ? undefined : boundedCounter(childByField(current, 'condition'), holds, analysis);
    if (counter) counters.push(counter);
  }
  if (!loop || counters.length === 0) return false;
  return descendants(loop).some((node) => {
    if (node.type === 'augmented_assignment') {
      const target = childByField(node, 'left');
      return target !== undefined && counters.includes(analysis.text(target)) && /\+=/.test(analysis.text(node));
    }
    // a per-client history the loop appends to: `recent.append(now)`, `seen[ip].append(t)`
    if (node.type !== 'call') return false;
    const site = analysis.callAt(node);
    return ['append', 'add'].includes(site.method) && site.receiver !== undefined
      ? counters.includes(analysis.text(site.receiver).replace(/\[.*\]$/, ''))
      : false;
  });
}

const negated: Readonly<Record<string, string>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/**
 * The counted name that `condition` keeps below a bound where it evaluates to `holds`: `sent < MAX` and `MAX > sent`
 * where they hold, `len(h) >= CAP` where it fails, `not len(h) >= CAP` where it holds — one test however it is spelled.
 */
function boundedCounter(
  condition: PlainNode | undefined,
  holds: boolean,
  analysis: ModuleAnalysis,
): string | undefined {
  let node = condition;
  let polarity = holds;
  while (node?.type === 'not_operator' || node?.type === 'parenthesized_expression') {
    if (node.type === 'not_operator') polarity = !polarity;
    node = node.type === 'not_operator' ? childByField(node, 'argument') : namedChildren(node)[0];
  }
  if (node?.type !== 'comparison_operator') return undefined;
  const operators = node.children.filter((child) => !child.named).map((child) => child.type);
  const written = operators.length === 1 ? operators[0] : undefined;
  const operator = written === undefined ? undefined : polarity ? written : negated[written];
  const [left, right] = namedChildren(node);
  if (operator === '<' || operator === '<=') return countedName(left, analysis);
  if (operator === '>' || operator === '>=') return countedName(right, analysis);
  return undefined;
}

/** `sent` or `len(history)` / `len(history[ip])`: the name whose growth a bound compares. */
function countedName(node: PlainNode | undefined, analysis: ModuleAnalysis): string | undefined {
  if (node?.type === 'identifier') return analysis.text(node);
  if (node?.type !== 'call' || analysis.text(childByField(node, 'function') ?? node) !== 'len') return undefined;
  const argument = namedChildren(childByField(node, 'arguments') ?? node)[0];
  if (argument?.type === 'identifier') return analysis.text(argument);
  const value = argument?.type === 'subscript' ? childByField(argument, 'value') : undefined;
  return value?.type === 'identifier' ? analysis.text(value) : undefined;
}

/**
 * The guard written the other way round, before the reply in the same block: `if len(recent) >= MAX: continue`
 * skips the reply once the bound is reached, which caps the replies exactly as `if sent < MAX: reply` does.
 */
function skipGuardCounters(statement: PlainNode, analysis: ModuleAnalysis): string[] {
  const block = statement.parent;
  if (block?.type !== 'block') return [];
  const siblings = namedChildren(block);
  return siblings.slice(0, siblings.indexOf(statement)).flatMap((sibling) => {
    if (sibling.type !== 'if_statement' || childByField(sibling, 'alternative')) return [];
    const condition = childByField(sibling, 'condition');
    const last = namedChildren(childByField(sibling, 'consequence') ?? sibling).at(-1);
    if (!last || !['continue_statement', 'return_statement', 'break_statement'].includes(last.type)) return [];
    const counter = boundedCounter(condition, false, analysis);
    return counter ? [counter] : [];
  });
}

function hasLoopExit(body: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack = [...body.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (['return_statement', 'raise_statement', 'break_statement'].includes(node.type)) return true;
    if (node.type === 'call' && /^(sys\.exit|exit|quit|os\._exit)\b/.test(analysis.text(node))) return true;
    // A break inside a nested loop exits only that loop; nested functions do not return from this one.
    if (['for_statement', 'while_statement', 'function_definition', 'class_definition', 'lambda'].includes(node.type)) {
      if (node.type === 'for_statement' || node.type === 'while_statement') stack.push(...findReturns(node));
      continue;
    }
    stack.push(...node.children);
  }
  return false;
}

function findReturns(node: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'return_statement' || current.type === 'raise_statement') found.push(current);
    if (current.type !== 'function_definition' && current.type !== 'lambda') stack.push(...current.children);
  }
  return found;
}

const addressName =
  /addr|address|(^|_)ip($|_)|ip_?addr|requestip|(^|_)host($|_)|client|peer|sender|source|remote|dest/i;

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-REGEX-001',
    name: 'regex-injection',
    cwe: 730,
    severity: 'medium',
    confidence: 'medium',
    message: 'Untrusted data is used as a regular expression (ReDoS / pattern injection)',
    fixHint:
      'Escape user text with re.escape() before putting it into a pattern, or use plain substring operations (in, str.find) when no pattern is needed.',
    flow: { sink: 'regex', parameterSources: true },
    examples: {
      vulnerable: [
        'import re\nEMAIL = re.compile(r"^([a-zA-Z0-9]+)*@example\\.com$")\ndef ok(value):\n    return bool(EMAIL.match(value))\n',
        `${flaskPrelude}import re\n@app.route('/s')\ndef s():\n    return str(re.search(request.args['p'], request.args['t']))\n`,
        'import re\ndef has(word, text):\n    return re.compile(word).search(text) is not None\n',
        `${flaskPrelude}import regex\n@app.route('/s')\ndef s():\n    return str(regex.search(request.args['p'], request.args['t'], timeout=None))\n`,
        'import re\nNAME = re.compile(r"^(?P<part>[a-z]+\\s?)*$")\ndef ok(value):\n    return NAME.match(value) is not None\n',
        'import re\nTAGS = re.compile(r"^(?:\\w|\\d)+:$")\ndef tagged(line):\n    return TAGS.match(line) is not None\n',
        'import re\ndef years(text):\n    return re.findall(r"(?:[0-9]|[0-9][0-9])*x", text)\n',
        'import re\nDIGITS = "^(\\\\d|\\\\d\\\\d)+$"\ndef digits(text):\n    return re.match(DIGITS, text) is not None\n',
      ],
      safe: [
        'import re\nEMAIL = re.compile(r"^[a-zA-Z0-9]+@example\\.com$")\ndef ok(value):\n    return bool(EMAIL.match(value))\n',
        // a repeated group whose literal delimiter leaves one way to match each input
        'import re\nHOST = re.compile(r"^([a-z0-9-]+\\.)*[a-z]{2,}$")\ndef ok(value):\n    return HOST.match(value) is not None\n',
        'import re\ndef ok(value):\n    return re.fullmatch(r"[\\w.+-]+@([\\w-]+\\.)+\\w+", value) is not None\n',
        'import re\ndef has(word, text):\n    return re.search(re.escape(word), text) is not None\n',
        `${flaskPrelude}import regex\n@app.route('/s')\ndef s():\n    return str(regex.fullmatch(request.args['p'], request.args['t'], timeout=0.2))\n`,
        'import re\nTAGS = re.compile(r"^(?:\\w|-)+:$")\ndef tagged(line):\n    return TAGS.match(line) is not None\n',
        'import re\ndef pets(text):\n    return re.findall(r"(cat|dog|a|ab)+s", text)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOOP-001',
    name: 'unbounded-loop',
    cwe: 835,
    severity: 'low',
    confidence: 'low',
    message: 'A while-True loop has no reachable exit (break, return or raise)',
    fixHint:
      'Give the loop an exit condition (a break/return on a terminating condition, a maximum iteration count or a timeout).',
    examples: {
      vulnerable: ['def spin(items):\n    while True:\n        items.sort()\n'],
      safe: [
        'import time\ndef poll_forever(check):\n    while True:\n        check()\n        time.sleep(60)\n',
        'def spin(q):\n    while True:\n        x = q.get()\n        if x is None:\n            break\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-AMPLIFY-001',
    name: 'udp-reflection',
    cwe: 406,
    severity: 'medium',
    confidence: 'low',
    message:
      "A UDP service answers to the datagram's source address with no size or rate limit; source addresses are spoofable, so the service can be used to amplify traffic at a victim",
    fixHint:
      'Never send a reply larger than the request to an unverified UDP source, rate-limit replies per source address, and drop requests that fail validation; prefer TCP or a handshake (cookie) for large answers.',
    examples: {
      vulnerable: [
        'import socket\ndef serve(port):\n    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n    s.bind(("127.0.0.1", port))\n    while True:\n        query, client = s.recvfrom(512)\n        s.sendto(build_answer(query) * 10, client)\n',
        'import socket\ndef loop(sock):\n    while True:\n        payload, peer = sock.recvfrom(2048)\n        reply(payload, peer[0])\n',
        // a bound nothing counts towards caps nothing
        'import socket\nMAX = 100\ndef serve(s, answers):\n    while True:\n        query, client = s.recvfrom(512)\n        if answers < MAX:\n            s.sendto(lookup(query) * 8, client)\n',
        // a skip guard over a history nothing appends to caps nothing
        'import socket\nCAP = 5\ndef serve(s, history):\n    while True:\n        query, client = s.recvfrom(512)\n        if len(history) >= CAP:\n            continue\n        s.sendto(lookup(query) * 8, client)\n',
        // the reply where the bound is exceeded: the test's wrong side
        'import socket\nQUOTA = 500\ndef serve(s):\n    sent = 0\n    while True:\n        query, client = s.recvfrom(512)\n        if sent >= QUOTA:\n            s.sendto(lookup(query) * 8, client)\n        sent += 1\n',
        'import socket\nQUOTA = 500\ndef serve(s):\n    sent = 0\n    while True:\n        query, client = s.recvfrom(512)\n        if sent < QUOTA:\n            sent += 1\n        else:\n            s.sendto(lookup(query) * 8, client)\n',
      ],
      safe: [
        'import socket\ndef serve(s):\n    while True:\n        data, addr = s.recvfrom(512)\n        if data == b"ping":\n            s.sendto(b"pong", addr)\n',
        // the bound as a skip before the reply, over a per-client history the loop appends to
        'import socket, time\nCAP = 5\ndef serve(s, history):\n    while True:\n        query, client = s.recvfrom(512)\n        if len(history[client[0]]) >= CAP:\n            continue\n        history[client[0]].append(time.time())\n        s.sendto(lookup(query) * 8, client)\n',
        'import socket\ndef serve(s, limiter):\n    while True:\n        query, client = s.recvfrom(512)\n        if limiter.allow(client[0]):\n            s.sendto(b"ok", client)\n',
        'import socket\ndef ping(s, host):\n    s.sendto(b"ping", (host, 9))\n',
        'import socket\nQUOTA = 500\ndef serve(s):\n    sent = 0\n    while True:\n        query, client = s.recvfrom(512)\n        if sent < QUOTA:\n            s.sendto(lookup(query) * 8, client)\n            sent += 1\n',
        // the same bound negated, reversed, or with the reply in the else branch
        'import socket\nQUOTA = 500\ndef serve(s):\n    sent = 0\n    while True:\n        query, client = s.recvfrom(512)\n        if not sent >= QUOTA:\n            s.sendto(lookup(query) * 8, client)\n            sent += 1\n',
        'import socket\nQUOTA = 500\ndef serve(s):\n    sent = 0\n    while True:\n        query, client = s.recvfrom(512)\n        if QUOTA > sent:\n            s.sendto(lookup(query) * 8, client)\n            sent += 1\n',
        'import socket, time\nCAP = 5\ndef serve(s, history):\n    while True:\n        query, client = s.recvfrom(512)\n        if len(history[client[0]]) >= CAP:\n            continue\n        else:\n            history[client[0]].append(time.time())\n            s.sendto(lookup(query) * 8, client)\n',
      ],
    },
  },
];

/** Where each `re` function takes its flags positionally. */
const flagsPosition: Readonly<Record<string, number>> = {
  compile: 1,
  match: 2,
  search: 2,
  fullmatch: 2,
  findall: 2,
  finditer: 2,
  split: 3,
  sub: 4,
  subn: 4,
};

/** A quantified group that itself holds a quantifier: `(a+)*`, `([a-z]+)+`. */
const nestedQuantifier = /\((?:\?:)?(?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]/;
/** Per scope (a function or the module), each name's assigned values: the literal's text, or undefined for any
 * other value. Computed once per scope, so a module with many pattern calls is walked once. */
const scopeBindings = new WeakMap<PlainNode, Map<string, Set<string | undefined>>>();

function bindingsOf(scope: PlainNode, analysis: ModuleAnalysis): Map<string, Set<string | undefined>> {
  const known = scopeBindings.get(scope);
  if (known) return known;
  const bindings = new Map<string, Set<string | undefined>>();
  for (const node of descendants(scope)) {
    if (node.type !== 'assignment') continue;
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (left?.type !== 'identifier') continue;
    const values = bindings.get(analysis.text(left)) ?? new Set<string | undefined>();
    values.add(right?.type === 'string' ? pythonStringValue(analysis.text(right)) : undefined);
    bindings.set(analysis.text(left), values);
  }
  scopeBindings.set(scope, bindings);
  return bindings;
}

/** The text of a fixed pattern: a literal (its value, escapes read), or a name whose every binding in this function
 * and at module level is that one literal (`NUMBER = r"…"` then `re.match(NUMBER, s)`). */
function patternText(pattern: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (pattern.type === 'string') return pythonStringValue(analysis.text(pattern));
  if (pattern.type !== 'identifier' || !analysis.isConstant(pattern)) return undefined;
  const name = analysis.text(pattern);
  const scopes = [analysis.function?.node, analysis.root].filter((scope): scope is PlainNode => scope !== undefined);
  const values = new Set<string | undefined>();
  for (const scope of scopes) for (const value of bindingsOf(scope, analysis).get(name) ?? []) values.add(value);
  return values.size === 1 ? [...values][0] : undefined;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-REGEX-001': {
    call(site, analysis) {
      if (
        !/^re\.(compile|match|search|fullmatch|sub|subn|split|findall|finditer)$/.test(site.name) &&
        !/^regex\./.test(site.name)
      )
        return;
      const pattern = argument(site, 0, 'pattern');
      if (!pattern) return;
      // The `regex` module stops a match that runs past `timeout` seconds (TimeoutError): the cost a pattern can
      // impose is bounded, which is what CWE-730/1333 ask for.
      if (site.name.startsWith('regex.') && ![undefined, 'none'].includes(site.keywords.get('timeout')?.type)) return;
      // A fixed pattern with a quantified group that itself repeats, `(a+)*` or `([a-z]+)+`, can backtrack
      // exponentially on a near-miss input (ReDoS, CWE-1333) — unless each input has one way to match, as where a
      // literal delimiter ends the group (`^([a-z0-9-]+\.)*[a-z]+$`). recheck decides; a pattern it cannot read is
      // reported.
      // A repeated alternation whose branches overlap, `(\d|\d\d)+`, is the other shape (regex-ambiguity.ts).
      const fixed = patternText(pattern, analysis);
      const shape =
        fixed === undefined
          ? undefined
          : nestedQuantifier.test(fixed)
            ? 'nested quantifier'
            : ambiguousRepetition(fixed)
              ? 'repeated alternation with overlapping branches'
              : undefined;
      if (fixed !== undefined && shape !== undefined) {
        const method = site.name.slice(site.name.lastIndexOf('.') + 1);
        const mode = method === 'match' || method === 'fullmatch' ? method : 'search';
        const flags = argument(site, flagsPosition[method] ?? 1, 'flags');
        const cost = backtrackingCost(fixed, mode, flags ? analysis.text(flags) : '');
        if (cost === 'exponential' || cost === 'unknown') analysis.report('FDSP-PY-REGEX-001', site.node, { detail: shape });
        return;
      }
      flow(analysis, 'FDSP-PY-REGEX-001', site.node, analysis.taint(pattern));
    },
  },
  'FDSP-PY-LOOP-001': {
    node(node, analysis) {
      if (node.type !== 'while_statement') return;
      const condition = childByField(node, 'condition');
      if (!condition || !['True', '1'].includes(analysis.text(condition))) return;
      const body = childByField(node, 'body');
      // A service loop that blocks for the next event (sleep, accept, recv, a queue get, input) is meant to run
      // forever and idles between iterations; CWE-835 is the loop that spins with no way out.
      const waits =
        body &&
        /\b(time\.sleep|sleep|accept|recv\w*|input|select|poll|wait\w*|serve_forever|handle_request|get|join|readline)\(/.test(
          analysis.text(body),
        );
      if (body && !waits && !hasLoopExit(body, analysis)) analysis.report('FDSP-PY-LOOP-001', condition);
    },
  },
  'FDSP-PY-AMPLIFY-001': {
    call(site, analysis) {
      if (
        !/^(sendto|send_?response|send_?reply|reply|respond|answer|send_?answer|send_?record|forward)$/i.test(
          site.method,
        )
      )
        return;
      const fromDatagram = [...site.positional, ...site.keywords.values()].some((value) => {
        const taint = analysis.taint(value);
        return taint?.from === 'socket .recvfrom()' && addressName.test(analysis.text(value));
      });
      if (!fromDatagram) return;
      // A short fixed reply (b"pong") is no larger than the request, so it amplifies nothing.
      const payload = site.method === 'sendto' ? site.positional[0] : undefined;
      if (payload?.type === 'string' && (stringValue(analysis, payload)?.length ?? Infinity) <= 64) return;
      if (/rate|limit|throttle|bucket|cooldown|max_responses/i.test(codeText(analysis.root, analysis))) return;
      if (isCountedReply(site.node, analysis)) return;
      analysis.report('FDSP-PY-AMPLIFY-001', site.node);
    },
  },
};

export const resourceRules: RuleFamily = { definitions, logic };

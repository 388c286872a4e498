// Checks for design-level weaknesses: missing authentication/authorization, trust state, workflow, locking,
// ownership, unchecked results, network amplification, HTML filtering and URL validation by pattern. Each is written
// from the CWE's definition and the APIs' semantics; the rule data and examples are in rule-definitions-design.ts.
import { childByField, namedChildren, type PlainNode } from '../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from './analysis.js';
import { argument, stringValue, type RuleLogic } from './check-helpers.js';

// ---------------------------------------------------------------- shared facts

function enclosingFunction(node: PlainNode): PlainNode | undefined {
  for (let current = node.parent; current; current = current.parent)
    if (current.type === 'function_definition') return current;
  return undefined;
}

function decoratorText(fn: PlainNode, analysis: ModuleAnalysis): string {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return '';
  return parent.children
    .filter((child) => child.type === 'decorator')
    .map((child) => analysis.text(child))
    .join('\n');
}

const codeTextCache = new WeakMap<PlainNode, string>();

/** The node's source with string literals and comments blanked, so docstrings ("does authentication") never count as
 * code. Offsets are kept, so positions still line up. */
function codeText(node: PlainNode, analysis: ModuleAnalysis): string {
  const cached = codeTextCache.get(node);
  if (cached !== undefined) return cached;
  const text = analysis.text(node);
  const chars = text.split('');
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'string' || current.type === 'comment') {
      // Keep the interpolated expressions of f-strings: they are code.
      const keep = current.children.filter((child) => child.type === 'interpolation');
      for (let index = current.start; index < current.end; index++) {
        if (keep.some((part) => index >= part.start && index < part.end)) continue;
        const offset = index - node.start;
        if (chars[offset] !== '\n') chars[offset] = ' ';
      }
      continue;
    }
    stack.push(...current.children);
  }
  const result = chars.join('');
  codeTextCache.set(node, result);
  return result;
}

function descendants(node: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = [...node.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    found.push(current);
    stack.push(...current.children);
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function insideLoop(node: PlainNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'for_statement' || current.type === 'while_statement') return true;
    if (current.type === 'function_definition') return false;
  }
  return false;
}

// Authentication or authorization evidence: a guarding decorator, or a check of the caller's identity in the body.
const authDecorator =
  /login_required|auth|permission|jwt_required|roles?_required|requires?_|admin_required|logged_in|token_required|protected|staff_member_required|user_passes_test|verify|check_/i;
const authCode =
  /current_user|request\.user|\bg\.user|is_authenticated|session\s*\[|session\.get\(|check_auth|authenticate|authori[sz]|has_perm|is_admin|is_staff|is_superuser|abort\(\s*40[13]|verify_token|verify_jwt|jwt_required|get_jwt_identity|PermissionDenied|Unauthorized|Forbidden|login_user|\.owner\b|owner_id|WWW-Authenticate|request\.authorization|api_key|X-API-Key|check_password|checkpw|compare_digest|password['"]?\)?\]?\s*(==|!=)/i;

function hasAuthCheck(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  if (authDecorator.test(decoratorText(fn, analysis))) return true;
  if (authCode.test(codeText(fn, analysis))) return true;
  // A class-based view guarded by a mixin, or an application-wide hook that checks every request.
  for (let current = fn.parent; current; current = current.parent) {
    if (current.type === 'class_definition') {
      const superclasses = childByField(current, 'superclasses');
      if (
        superclasses &&
        /LoginRequired|PermissionRequired|UserPassesTest|IsAuthenticated/.test(analysis.text(superclasses))
      )
        return true;
    }
  }
  return /before_request[\s\S]{0,400}?(session|current_user|authori[sz]|token|login)/i.test(
    codeText(analysis.root, analysis),
  );
}

const addressName =
  /addr|address|(^|_)ip($|_)|ip_?addr|requestip|(^|_)host($|_)|client|peer|sender|source|remote|dest/i;

// ---------------------------------------------------------------- rules

export const designLogic: Record<string, RuleLogic> = {
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
  'FDSP-PY-HTMLFILTER-001': {
    call(site, analysis) {
      if (!/^(re|regex)\.(sub|subn|compile|search|match|findall|finditer)$/.test(site.name)) return;
      const pattern = stringValue(analysis, argument(site, 0, 'pattern'));
      if (pattern === undefined) return;
      const activeTag =
        /<\s*(\\?\/)?\s*(\(\?\w+\))?\s*(script|iframe|object|embed|style|svg|frame|applet|meta|link|img|body)/i;
      const anyTag = /<\s*(\\?\/)?\??\s*(\[\^>\]|\.\*|\.\+|\\w|\[a-z|\[A-Z|\[\^<)/;
      const active = activeTag.test(pattern) || /javascript:|\bon\w*\s*=|\\bon\\w/i.test(pattern);
      let context = analysis.function?.name ?? '';
      for (let current = site.node.parent; current; current = current.parent) {
        if (current.type === 'assignment') {
          const left = childByField(current, 'left');
          // A module-level compiled pattern is judged by the functions that apply it, not by its own name (TAG_RE
          // used to count words is not a filter).
          if (site.method === 'compile' && !analysis.function && left)
            context += ` ${functionsApplying(left, analysis)}`;
          else context += ` ${analysis.text(left ?? current)}`;
        }
        if (current.type.endsWith('statement')) break;
      }
      const htmlContext = /html|tag|saniti|clean|strip|xss|script|escape|filter/i.test(context);
      // A generic tag pattern is a filter only when it rewrites text (tokenizers such as html.parser match tags too).
      const substitutes =
        site.method.startsWith('sub') || (site.method === 'compile' && compiledUsedForSub(site.node, analysis));
      if (active || (anyTag.test(pattern) && htmlContext && substitutes))
        analysis.report('FDSP-PY-HTMLFILTER-001', site.node);
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
  'FDSP-PY-URLCHECK-001': {
    node(node, analysis) {
      if (node.type === 'comparison_operator') {
        const operators = node.children.filter((child) => !child.named).map((child) => child.type);
        const [left, right] = namedChildren(node);
        if (!left || !right || !(operators.includes('in') || operators.includes('not in'))) return;
        const host = stringValue(analysis, left);
        if (host === undefined || !hostLike.test(host)) return;
        const subject = lastIdentifier(analysis.text(right));
        if (urlName.test(subject) && !/s$|list|set|allow|white|valid|trusted|domains|hosts/i.test(subject))
          analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `substring check for "${host}"` });
        return;
      }
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute') return;
      const method = analysis.text(childByField(callee, 'attribute') ?? callee);
      const receiver = childByField(callee, 'object');
      const args = childByField(node, 'arguments');
      const literal = stringValue(analysis, args ? namedChildren(args)[0] : undefined);
      if (!receiver || literal === undefined) return;
      const subject = lastIdentifier(analysis.text(receiver));
      if (method === 'startswith' && /^https?:\/\/[^/]+$/i.test(literal))
        analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `prefix "${literal}" without a trailing "/"` });
      else if (method === 'endswith' && hostLike.test(literal) && !literal.startsWith('.') && urlName.test(subject))
        analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `suffix "${literal}" without a leading "."` });
    },
    call(site, analysis) {
      if (!/^re\.(match|search)$/.test(site.name) && !/\.compile\(\)\.(match|search)$/.test(site.name)) return;
      const pattern = stringValue(analysis, argument(site, 0, 'pattern'));
      // A URL validator spells the scheme; `[^/:]+://` merely asks whether there is a scheme at all.
      if (pattern === undefined || !/^\^?(\((\?:)?)?https?/i.test(pattern) || !usedAsCheck(site.node, analysis)) return;
      const anchored = /(\$|\\Z|\\z)\)*$/.test(pattern);
      const hostPart = /:\/\/([^/]*)/.exec(pattern)?.[1] ?? '';
      const unescapedDot = /(^|[^\\])\.[a-z]/i.test(hostPart.replace(/\[[^\]]*\]/g, ''));
      if (!anchored || unescapedDot)
        analysis.report('FDSP-PY-URLCHECK-001', site.node, {
          detail: anchored ? 'unescaped "." in the host' : 'the pattern is not anchored at the end',
        });
    },
  },
  'FDSP-PY-OWNER-001': {
    call(site, analysis) {
      const signals =
        ['os.kill', 'os.killpg'].includes(site.name) ||
        /psutil\.Process\(\)\.(kill|terminate|send_signal|suspend|resume)$/.test(site.name);
      if (!signals) return;
      const pid = site.name.startsWith('os.') ? site.positional[0] : site.node;
      const target = site.name.startsWith('os.') ? pid : processArgument(site, analysis);
      if (!target || analysis.isConstant(target) || /getpid|getppid|\.pid\b/.test(analysis.text(target))) return;
      // Signal 0 only probes whether the process exists.
      if (site.name.startsWith('os.') && site.positional[1] && analysis.text(site.positional[1]) === '0') return;
      // The PID comes from outside this function (a parameter or input), not from a process it started itself.
      const parameters = new Set(analysis.function?.parameters ?? []);
      const external = [target, ...descendants(target)].some(
        (part) =>
          part.type === 'identifier' && (parameters.has(analysis.text(part)) || analysis.taint(part) !== undefined),
      );
      // In a request handler a PID the handler did not start itself is the client's choice, even after int().
      if (!external && !analysis.function?.handler) return;
      const fn = enclosingFunction(site.node) ?? analysis.root;
      if (/st_uid|getuid|geteuid|\.uids\(|\.username\(|getpwuid|owner|same_user/i.test(codeText(fn, analysis))) return;
      analysis.report('FDSP-PY-OWNER-001', site.node);
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
      analysis.report('FDSP-PY-AMPLIFY-001', site.node);
    },
  },
  'FDSP-PY-TRUST-001': {
    assign(target, value, analysis) {
      const name =
        target.type === 'subscript'
          ? (stringValue(analysis, childByField(target, 'subscript')) ?? '')
          : lastIdentifier(analysis.text(target));
      if (!trustFlag.test(name)) return;
      // Trust decided by the client: the value comes straight from request data (a cookie, header or parameter).
      const fromClient = clientClaim(value, analysis);
      if (fromClient) {
        analysis.report('FDSP-PY-TRUST-001', target, { detail: `${name} set from client data` });
        return;
      }
      // Trust kept in a process-wide global by a request handler: it then holds for every later user.
      const fn = enclosingFunction(target);
      const info = analysis.function;
      if (!fn || !info || target.type !== 'identifier') return;
      const handlesRequest = info.handler || info.parameters.includes('request');
      const declaredGlobal = new RegExp(`\\bglobal\\b[^\\n]*\\b${escapeRegExp(name)}\\b`).test(codeText(fn, analysis));
      if (handlesRequest && declaredGlobal)
        analysis.report('FDSP-PY-TRUST-001', target, { detail: `${name} is process-wide state` });
    },
  },
  'FDSP-PY-PWSTORE-001': {
    node(node, analysis) {
      if (node.type !== 'comparison_operator') return;
      if (!node.children.some((child) => child.type === '==' || child.type === '!=')) return;
      const operands = namedChildren(node);
      if (operands.length !== 2) return;
      const [left, right] = operands;
      if (!left || !right) return;
      for (const [supplied, stored] of [
        [left, right],
        [right, left],
      ] as const) {
        // The supplied password: a variable, or the request field itself (`request.form["password"]`).
        const suppliedField =
          (supplied.type === 'subscript' || supplied.type === 'call') &&
          analysis.taint(supplied)?.origin === 'remote' &&
          passwordName.test(analysis.text(supplied));
        if (!suppliedField && (supplied.type !== 'identifier' || !passwordName.test(analysis.text(supplied)))) continue;
        if (!['identifier', 'subscript', 'attribute'].includes(stored.type) || analysis.isConstant(stored)) continue;
        const text = analysis.text(stored);
        if (/hash|digest|hmac|crypt|sig|salt|confirm|repeat|again|new_|old_|verify|retype|second/i.test(text)) continue;
        if (!storedName.test(text)) continue;
        analysis.report('FDSP-PY-PWSTORE-001', node);
        return;
      }
    },
    call(site, analysis) {
      // A received password written as-is into a password column: `INSERT INTO users (.., password) VALUES (?, ?)`
      // with the raw value among the parameters. Hashing on the way (bcrypt, hashlib) ends the taint.
      if (!['execute', 'executemany'].includes(site.method)) return;
      const query = stringValue(analysis, site.positional[0]) ?? '';
      if (!/\b(INSERT|UPDATE)\b/i.test(query) || !/\bpass(word|wd)?\b/i.test(query)) return;
      const parameters = site.positional[1];
      if (!parameters || !['tuple', 'list'].includes(parameters.type)) return;
      for (const value of namedChildren(parameters)) {
        const taint = analysis.taint(value);
        if (taint && passwordName.test(analysis.text(value)) && !/hash|digest|crypt/i.test(analysis.text(value))) {
          analysis.report('FDSP-PY-PWSTORE-001', site.node, { detail: 'stored as received' });
          return;
        }
      }
    },
  },
  'FDSP-PY-PWSTORE-002': {
    call(site, analysis) {
      if (
        !/^(base64\.(b64encode|b64decode|encodebytes|decodebytes|b32encode|b32decode|b16encode|b16decode|urlsafe_b64encode|urlsafe_b64decode|encodestring|decodestring)|codecs\.(encode|decode)|binascii\.(hexlify|unhexlify|b2a_base64|a2b_base64))$/.test(
          site.name,
        )
      )
        return;
      const value = site.positional[0];
      if (!value) return;
      const text = analysis.text(value);
      if (!passwordName.test(text) || /hash|digest|salt/i.test(text)) return;
      // HTTP Basic authentication encodes "user:password" by protocol; that is transport, not storage.
      const statement = statementOf(site.node);
      if (/:|user|Authorization|Basic\b/i.test(text) || /auth|header|basic|cred/i.test(analysis.text(statement)))
        return;
      analysis.report('FDSP-PY-PWSTORE-002', site.node);
    },
  },
  'FDSP-PY-LOCK-001': {
    call(site, analysis) {
      if (site.method !== 'acquire' || !site.receiver || !isLock(site, analysis)) return;
      if (site.keywords.has('blocking') || site.keywords.has('timeout') || site.positional.length > 0) return;
      const statement = statementOf(site.node);
      if (statement.type !== 'expression_statement') return;
      // Lock wrappers (acquire(), __enter__, lock()) acquire on behalf of their caller, who releases.
      const fn = enclosingFunction(site.node);
      if (fn && /acquire|lock|enter/i.test(analysis.text(childByField(fn, 'name') ?? fn))) return;
      const receiver = escapeRegExp(analysis.text(site.receiver));
      const releasedInFinally = (tryNode: PlainNode | undefined): boolean =>
        tryNode?.type === 'try_statement' &&
        tryNode.children.some(
          (child) =>
            child.type === 'finally_clause' && new RegExp(`${receiver}\\.release\\(`).test(analysis.text(child)),
        );
      // `lock.acquire()` then `try: ... finally: lock.release()`, or the acquire inside that try.
      const siblings = statement.parent?.children.filter((child) => child.named && child.type !== 'comment') ?? [];
      const next = siblings[siblings.indexOf(statement) + 1];
      if (releasedInFinally(next)) return;
      for (let current = statement.parent; current; current = current.parent) {
        if (releasedInFinally(current)) return;
        if (current.type === 'function_definition') break;
      }
      analysis.report('FDSP-PY-LOCK-001', site.node);
    },
  },
  'FDSP-PY-LOCK-002': {
    call(site, analysis) {
      if (site.method !== 'acquire' || !site.receiver || !isLock(site, analysis)) return;
      const blocking = site.keywords.get('blocking') ?? site.positional[0];
      const nonBlocking =
        (blocking && ['False', '0'].includes(analysis.text(blocking))) ||
        site.keywords.has('timeout') ||
        site.positional.length > 1;
      // The result says whether the lock is held; discarding it means going on without the lock.
      if (
        nonBlocking &&
        statementOf(site.node).type === 'expression_statement' &&
        site.node.parent?.type === 'expression_statement'
      )
        analysis.report('FDSP-PY-LOCK-002', site.node);
    },
  },
  'FDSP-PY-WORKFLOW-001': {
    node(node, analysis) {
      if (node.type !== 'if_statement') return;
      const branches = [node, ...node.children.filter((child) => child.type === 'elif_clause')];
      let subject: string | undefined;
      const literals: string[] = [];
      for (const branch of branches) {
        const condition = childByField(branch, 'condition');
        if (condition?.type !== 'comparison_operator' || !condition.children.some((child) => child.type === '=='))
          return;
        const [left, right] = namedChildren(condition);
        const literal = stringValue(analysis, right);
        if (!left || literal === undefined) return;
        if (subject !== undefined && subject !== analysis.text(left)) return;
        subject = analysis.text(left);
        literals.push(literal);
      }
      const loginStep = literals.some((literal) => /^(log_?in|sign_?in|auth(enticate)?)$/i.test(literal));
      if (!loginStep || literals.length < 2) return;
      // Other commands must check that the login step succeeded (a session, token or authenticated flag).
      const fn = enclosingFunction(node) ?? analysis.root;
      const code = codeText(fn, analysis);
      if (
        /authenticat|is_logged|logged_?in|session|token|verify|check_?(auth|login|user)|permission|authori[sz]|is_valid_user/i.test(
          code,
        )
      )
        return;
      analysis.report('FDSP-PY-WORKFLOW-001', node, { detail: `commands ${literals.join(', ')}` });
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
      if (parent?.type === 'attribute' || parent?.type === 'subscript') {
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
  'FDSP-PY-AUTHZ-001': {
    call(site, analysis) {
      const info = analysis.function;
      if (!info?.handler) return;
      const serves =
        /^(flask\.)?(send_file|send_from_directory)$|FileResponse$|static_file$/.test(site.name) ||
        (['open', 'io.open'].includes(site.name) &&
          !/[wax+]/.test(stringValue(analysis, site.positional[1] ?? site.keywords.get('mode')) ?? 'r'));
      if (!serves) return;
      const path = site.name.endsWith('send_from_directory')
        ? (site.positional[1] ?? site.keywords.get('path'))
        : argument(site, 0, 'file');
      const taint = path ? analysis.taint(path) : undefined;
      // An uploader's own file name is not a request for someone else's file.
      if (taint?.origin !== 'remote' || /^request\.(files|FILES)/.test(taint.from)) return;
      // open() only serves when the handler sends something back as a response.
      if (
        !/send_file|send_from_directory|FileResponse|static_file/.test(site.name) &&
        !/Response\(|make_response\(|send_file\(|return\s+\w*(data|content|file|body)\w*\b/i.test(
          analysis.text(info.node),
        )
      )
        return;
      if (hasAuthCheck(info.node, analysis)) return;
      // send_from_directory is the sanctioned way to publish a directory by file name; it only bypasses access control
      // in an application that has users at all (some other code authenticates).
      if (site.name.endsWith('send_from_directory') && !authCode.test(codeText(analysis.root, analysis))) return;
      analysis.report('FDSP-PY-AUTHZ-001', site.node, { detail: `file chosen by ${taint.from}` });
    },
  },
  'FDSP-PY-AUTH-001': {
    node(node, analysis) {
      if (node.type !== 'function_definition') return;
      const decorators = decoratorText(node, analysis);
      if (!/\.(route|get|post|put|patch|delete|api_route)\s*\(/.test(decorators)) return;
      const name = analysis.text(childByField(node, 'name') ?? node);
      const routeAndName = `${name} ${decorators}`;
      if (/log_?in|log_?out|sign_?(in|up|out)|register|index|health|static|public|reset_request|forgot/i.test(name))
        return;
      const code = codeText(node, analysis);
      // CWE-306 is about critical functions: privileged operations by name, or destroying files, processes or whole
      // tables. Ordinary record writes (INSERT/UPDATE, ORM save/commit/delete of one row) and running a tool are what
      // every CRUD or utility endpoint does, so they alone do not make a function critical.
      const sensitiveName =
        /admin|shutdown|restart|reboot|transfer|withdraw|payment|grant|revoke|purge|drop_|create_user|add_user|delete_user|change_password|set_role|make_admin|promote/i.test(
          routeAndName,
        );
      const sensitiveAction =
        /os\.(remove|unlink|rmdir|kill)|shutil\.rmtree|\b(DROP|ALTER|GRANT|TRUNCATE)\b|\bDELETE\s+FROM\s+\w+\s*["';)]|\.delete_many\(/.test(
          analysis.text(node),
        ) || /\.objects\.all\(\)\.delete\(\)/.test(code);
      if (!sensitiveName && !sensitiveAction) return;
      if (hasAuthCheck(node, analysis)) return;
      analysis.report('FDSP-PY-AUTH-001', childByField(node, 'name') ?? node, { detail: `${name}()` });
    },
  },
};

// ---------------------------------------------------------------- helpers for the rules above

const keyLike = /key|name|(^|_)id$|basename|path|file/i;
const hostLike = /^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?\/?$/i;
const urlName =
  /url|uri|host|domain|netloc|origin|referr?er|link|target|next|redirect|location|href|site|email|mail|server/i;
const trustFlag =
  /^((is|has)_?)?(admin|superuser|staff|root|privileged|trusted|authenticated|authori[sz]ed|logged_?in|verified)(_?(access|user|mode|rights|flag))?$/i;
const passwordName = /pass(word|wd|phrase)?|(^|_)pwd$|(^|_)pw$/i;
const storedName =
  /db|stored|saved|registered|record|row|user|account|expected|real|actual|correct|decoded|decrypted|plain|result|fetch|\[/i;

function lastIdentifier(text: string): string {
  const parts = text.split(/[^\w]+/).filter(Boolean);
  return parts[parts.length - 1] ?? text;
}

/** The value is the client's own claim: request data, or a comparison/boolean of it, reached only through accessors
 * (`.get()`, `.lower()`); a verification call such as `users.check(request.form[...])` is not a claim. */
function clientClaim(node: PlainNode, analysis: ModuleAnalysis): boolean {
  switch (node.type) {
    case 'comparison_operator':
    case 'boolean_operator':
    case 'not_operator':
    case 'parenthesized_expression':
      return namedChildren(node).some((child) => clientClaim(child, analysis));
    case 'call': {
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute') return false;
      const method = analysis.text(childByField(callee, 'attribute') ?? callee);
      if (!/^(get|getlist|lower|upper|strip|casefold)$/.test(method)) return false;
      const object = childByField(callee, 'object');
      return object !== undefined && clientClaim(object, analysis);
    }
    case 'identifier':
    case 'attribute':
    case 'subscript':
      return /^request/.test(analysis.taint(node)?.from ?? '');
    default:
      return false;
  }
}

function statementOf(node: PlainNode): PlainNode {
  let current = node;
  while (
    current.parent &&
    !current.type.endsWith('statement') &&
    current.parent.type !== 'block' &&
    current.parent.type !== 'module'
  )
    current = current.parent;
  return current;
}

function isLock(site: CallSite, analysis: ModuleAnalysis): boolean {
  return (
    /threading\.(Lock|RLock|Semaphore|BoundedSemaphore|Condition)\(\)|multiprocessing\.(Lock|RLock)\(\)|asyncio\.Lock\(\)/.test(
      site.name,
    ) || /lock|mutex|sem(aphore)?$|cond/i.test(analysis.text(site.receiver ?? site.node))
  );
}

function processArgument(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  // psutil.Process(pid).kill(): the pid is the constructor's argument.
  const callee = childByField(site.node, 'function');
  const object = callee ? childByField(callee, 'object') : undefined;
  if (object?.type === 'call') {
    const args = childByField(object, 'arguments');
    return args ? namedChildren(args)[0] : undefined;
  }
  return object && object.type === 'identifier' && analysis.taint(object) ? object : undefined;
}

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
  if (item.type !== 'identifier') return false;
  const name = analysis.text(item);
  // `pair = helper()` where the in-module helper returns two values.
  for (const node of descendants(scope)) {
    if (node.type !== 'assignment' || analysis.text(childByField(node, 'left') ?? node) !== name) continue;
    const right = childByField(node, 'right');
    const callee = right?.type === 'call' ? childByField(right, 'function') : undefined;
    const helper = callee?.type === 'identifier' ? plainFunction(analysis.text(callee), analysis) : undefined;
    if (!helper) continue;
    const returns = descendants(helper).filter((child) => child.type === 'return_statement');
    return returns.some((statement) => {
      const value = namedChildren(statement)[0];
      return (value?.type === 'expression_list' || value?.type === 'tuple') && namedChildren(value).length === 2;
    });
  }
  return false;
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

function compiledUsedForSub(call: PlainNode, analysis: ModuleAnalysis): boolean {
  const assignment = call.parent?.type === 'assignment' ? call.parent : undefined;
  const target = assignment ? childByField(assignment, 'left') : undefined;
  if (!target) return false;
  const name = escapeRegExp(analysis.text(target));
  return new RegExp(`\\b${name}\\.subn?\\(|\\bsubn?\\(\\s*${name}\\b`).test(codeText(analysis.root, analysis));
}

function functionsApplying(target: PlainNode, analysis: ModuleAnalysis): string {
  const use = new RegExp(`\\b${escapeRegExp(analysis.text(target))}\\.subn?\\(`);
  return analysis.nodes
    .filter((node) => node.type === 'function_definition' && use.test(analysis.text(node)))
    .map((node) => analysis.text(childByField(node, 'name') ?? node))
    .join(' ');
}

function usedAsCheck(call: PlainNode, analysis: ModuleAnalysis): boolean {
  for (let current: PlainNode | undefined = call; current; current = current.parent) {
    if (current.field === 'condition') return true;
    if (current.type === 'assignment') {
      const target = childByField(current, 'left');
      if (target?.type !== 'identifier') return false;
      const fn = enclosingFunction(current) ?? analysis.root;
      const name = escapeRegExp(analysis.text(target));
      return new RegExp(`\\b(if|elif|while|and|or|not)\\b[^\\n]*\\b${name}\\b`).test(codeText(fn, analysis));
    }
    if (current.type.endsWith('statement')) return current.type === 'return_statement';
  }
  return false;
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

// Trust decided by the client (CWE-454: a trust flag from request data or process-wide state) and workflows whose
// later steps do not check the login step (CWE-841).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { caseSubject, literalAlternatives } from '../engine/match-patterns.js';
import { stringValue } from './check-helpers.js';
import { flaskFilesPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { codeText, descendants, enclosingFunction, escapeRegExp, lastIdentifier } from './shared-facts.js';

const trustFlag =
  /^((is|has)_?)?(admin|superuser|staff|root|privileged|trusted|authenticated|authori[sz]ed|logged_?in|verified)(_?(access|user|mode|rights|flag))?(_?\d+)?$/i;

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

/** The key a request container is read with: `request.cookies.get("is_admin")`, `request.args["admin"]`. */
function claimedKey(node: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (node.type === 'subscript') {
    const container = childByField(node, 'value');
    return container && /^request/.test(analysis.taint(container)?.from ?? '')
      ? stringValue(analysis, childByField(node, 'subscript'))
      : undefined;
  }
  const callee = node.type === 'call' ? childByField(node, 'function') : undefined;
  const container = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
  if (!callee || !container || !/^(get|getlist)$/.test(analysis.text(childByField(callee, 'attribute') ?? callee)))
    return undefined;
  if (!/^request/.test(analysis.taint(container)?.from ?? '')) return undefined;
  const args = childByField(node, 'arguments');
  return stringValue(analysis, args ? namedChildren(args)[0] : undefined);
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-TRUST-001',
    name: 'externally-initialized-trust-flag',
    cwe: 454,
    severity: 'high',
    confidence: 'medium',
    message:
      'A trust flag (admin / authenticated / verified) is taken from client-controlled data or kept in process-wide state set by one request',
    fixHint:
      "Derive privileges on the server for every request from the authenticated identity (e.g. the user's role in the database), keep them in the per-user session, and never read them from cookies, headers, parameters or module-level globals.",
    examples: {
      vulnerable: [
        `${flaskFilesPrelude}@app.route('/panel')\ndef panel():\n    is_admin = request.cookies.get('role') == 'admin'\n    return 'ok' if is_admin else 'no'\n`,
        'AUTHENTICATED = False\ndef on_login(request, users):\n    global AUTHENTICATED\n    AUTHENTICATED = users.check(request.form["u"], request.form["p"])\n',
        // a numbered name (`is_admin_2`, as a renaming tool writes it) is the same flag
        `${flaskFilesPrelude}@app.route('/panel')\ndef panel():\n    is_admin_2 = request.args.get('admin') == 'yes'\n    return 'ok' if is_admin_2 else 'no'\n`,
        // tested where it is read, no flag variable
        `${flaskFilesPrelude}@app.route('/panel')\ndef panel():\n    if request.headers.get('X-Is-Admin', '') == '1':\n        return 'all users'\n    return 'no'\n`,
      ],
      safe: [
        `${flaskFilesPrelude}from flask_login import current_user\n@app.route('/panel')\ndef panel():\n    is_admin = current_user.role == 'admin'\n    return 'ok' if is_admin else 'no'\n`,
        'def on_login(request, users, session):\n    session["authenticated"] = users.check(request.form["u"], request.form["p"])\n',
        // a client value that names no trust decision, tested where it is read
        `${flaskFilesPrelude}@app.route('/panel')\ndef panel():\n    if request.args.get('verbose') == '1':\n        return 'details'\n    return 'summary'\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-WORKFLOW-001',
    name: 'workflow-step-not-enforced',
    cwe: 841,
    severity: 'medium',
    confidence: 'low',
    message:
      'A command dispatcher has a login step, but the other commands run without checking that the login step succeeded',
    fixHint:
      'Keep per-session state (e.g. session["authenticated"] set only by a successful login) and refuse every non-login command until that state says the user is authenticated.',
    examples: {
      vulnerable: [
        'def handle(action, conn, payload):\n    if action == "signin":\n        do_signin(conn, payload)\n    elif action == "download":\n        send_blob(conn, payload)\n',
        // the same dispatch written as a run of returning ifs
        'def run(op, peer, body):\n    if op == "authenticate":\n        return start(peer, body)\n    if op == "purge":\n        return purge_all(peer)\n    if op == "export":\n        return export_rows(peer, body)\n    return None\n',
        // the same decision as nested negated tests, and as a match statement
        'def run(op, peer, body):\n    if op != "login":\n        if not op == "purge":\n            raise ValueError(op)\n        else:\n            return purge_all(peer)\n    else:\n        return start(peer, body)\n',
        'def run(op, peer, body):\n    match op:\n        case "signin":\n            return start(peer, body)\n        case "delete" | "purge":\n            return purge_all(peer)\n        case _:\n            raise ValueError(op)\n',
      ],
      safe: [
        'def handle(action, conn, payload, session):\n    if action == "signin":\n        do_signin(conn, payload, session)\n    elif not session.get("authenticated"):\n        conn.close()\n    elif action == "download":\n        send_blob(conn, payload)\n',
        'def route(kind, item):\n    if kind == "a":\n        one(item)\n    elif kind == "b":\n        two(item)\n',
        'def run(op, peer, body):\n    if op == "authenticate":\n        return start(peer, body)\n    if not peer.authenticated:\n        raise PermissionError(op)\n    if op == "purge":\n        return purge_all(peer)\n    return None\n',
        'def run(op, peer, body):\n    match op:\n        case "signin":\n            return start(peer, body)\n        case "purge" if peer.authenticated:\n            return purge_all(peer)\n        case _:\n            raise PermissionError(op)\n',
        // returning ifs on different subjects are no dispatch
        'def pick(mode, user):\n    if mode == "login":\n        return 1\n    if user == "export":\n        return 2\n    return 0\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-TRUST-001': {
    // the same claim tested where it is read, no flag variable between: `if request.cookies.get("is_admin") == "1":`
    node(node, analysis) {
      if (node.type !== 'if_statement' && node.type !== 'elif_clause') return;
      const condition = childByField(node, 'condition');
      if (!condition || !clientClaim(condition, analysis)) return;
      const key = [condition, ...descendants(condition)]
        .map((part) => claimedKey(part, analysis))
        // a header spells the flag `X-Is-Admin`
        .find((found) => found !== undefined && trustFlag.test(found.replace(/^x-/i, '').replace(/-/g, '_')));
      if (key) analysis.report('FDSP-PY-TRUST-001', condition, { detail: `${key} tested as read from client data` });
    },
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
  'FDSP-PY-WORKFLOW-001': {
    node(node, analysis) {
      if (node.type !== 'function_definition' && node.type !== 'module') return;
      for (const dispatch of dispatchesIn(node, analysis)) {
        const loginStep = dispatch.literals.some((literal) => /^(log_?in|sign_?in|auth(enticate)?)$/i.test(literal));
        if (!loginStep || dispatch.literals.length < 2) continue;
        // Other commands must check that the login step succeeded (a session, token or authenticated flag).
        if (
          /authenticat|is_logged|logged_?in|session|token|verify|check_?(auth|login|user)|permission|authori[sz]|is_valid_user/i.test(
            codeText(node, analysis),
          )
        )
          return;
        analysis.report('FDSP-PY-WORKFLOW-001', dispatch.first, { detail: `commands ${dispatch.literals.join(', ')}` });
      }
    },
  },
};

export const trustAndWorkflowRules: RuleFamily = { definitions, logic };

/** One subject compared with literals across a body: the commands it dispatches and the statement that tests first. */
interface Dispatch {
  readonly literals: string[];
  readonly first: PlainNode;
}

/** `x == "a"`, `"a" == x`, `x != "a"`, `not x == "a"`: the subject's text and the literal. */
function equalityTest(
  condition: PlainNode | undefined,
  analysis: ModuleAnalysis,
): { subject: string; literal: string } | undefined {
  let node = condition;
  while (node?.type === 'not_operator' || node?.type === 'parenthesized_expression')
    node = node.type === 'not_operator' ? childByField(node, 'argument') : namedChildren(node)[0];
  if (node?.type !== 'comparison_operator') return undefined;
  const operators = node.children.filter((child) => !child.named).map((child) => child.type);
  if (operators.length !== 1 || (operators[0] !== '==' && operators[0] !== '!=')) return undefined;
  const [left, right] = namedChildren(node);
  if (!left || !right) return undefined;
  const rightLiteral = stringValue(analysis, right);
  if (rightLiteral !== undefined && left.type !== 'string')
    return { subject: analysis.text(left), literal: rightLiteral };
  const leftLiteral = stringValue(analysis, left);
  return leftLiteral !== undefined && right.type !== 'string'
    ? { subject: analysis.text(right), literal: leftLiteral }
    : undefined;
}

/**
 * The dispatches of a body (not of the functions nested in it): per subject, every literal it is compared with in an
 * `if`/`elif` test or matched against by a `case`. One decision, however it is spelled: an if/elif chain, a run of
 * returning ifs, nested `if not x == "a": … else:` tests, or a `match` statement.
 */
function dispatchesIn(scope: PlainNode, analysis: ModuleAnalysis): Dispatch[] {
  const bySubject = new Map<string, { literals: string[]; first: PlainNode }>();
  const add = (subject: string, literal: string, statement: PlainNode): void => {
    const found = bySubject.get(subject) ?? { literals: [], first: statement };
    if (statement.start < found.first.start) found.first = statement;
    if (!found.literals.includes(literal)) found.literals.push(literal);
    bySubject.set(subject, found);
  };
  const stack = [...scope.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.type === 'function_definition' || node.type === 'class_definition') continue;
    stack.push(...node.children);
    if (node.type === 'if_statement' || node.type === 'elif_clause') {
      const test = equalityTest(childByField(node, 'condition'), analysis);
      const statement = node.type === 'elif_clause' ? (node.parent ?? node) : node;
      if (test) add(test.subject, test.literal, statement);
    } else if (node.type === 'case_clause') {
      const subject = caseSubject(node);
      const statement = node.parent?.parent;
      if (!subject || !statement || !literalAlternatives(node)) continue;
      for (const literal of descendants(node.children.find((child) => child.type === 'case_pattern') ?? node))
        if (literal.type === 'string') {
          const text = stringValue(analysis, literal);
          if (text !== undefined) add(analysis.text(subject), text, statement);
        }
    }
  }
  return [...bySubject.values()];
}

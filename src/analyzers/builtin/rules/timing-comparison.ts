// Comparing a secret with == or != (CWE-385, CWE-208): the comparison returns at the first differing byte, so its time
// tells an attacker how much of a guess is right. Secrets are told by the words of the compared names.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const secretWords = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pw',
  'token',
  'secret',
  'signature',
  'digest',
  'hmac',
  'mac',
  'otp',
  'hash',
  'hashed',
  'apikey',
]);

/** The words of an identifier or key: `expected_token` → expected, token; `typedPw` → typed, pw; `X-Api-Key` → x,
 * api, key. A trailing plural `s` is dropped (`tokens`). */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase().replace(/(?<=..)s$/, ''));
}

/** Words of values that identify public data: a certificate's fingerprint, a file's checksum, an ETag. Their digests
 * are published, so how long a comparison takes tells nothing worth guessing. */
const publicWords = new Set(['fingerprint', 'thumbprint', 'checksum', 'etag', 'cert', 'certificate']);

export function namesSecret(name: string): boolean {
  const words = nameWords(name);
  return words.some((word, index) => secretWords.has(word) || (word === 'api' && words[index + 1] === 'key'));
}

/** A digest is secret only when what it digests is: these words alone say nothing of that. */
const digestWords = new Set(['digest', 'hash', 'hashed']);

function namesPublic(name: string): boolean {
  return nameWords(name).some((word) => publicWords.has(word));
}

/** Named a secret by more than a digest word: `cert_password`, `signature`, `token`. */
function namesSecretItself(name: string): boolean {
  return namesSecret(nameWords(name).filter((word) => !digestWords.has(word)).join('_'));
}

/** The name a compared operand goes by: a variable, the last attribute (`settings.SECRET`, not the module of
 * `token.NAME`), a subscript's literal key (`data["password"]`), a lookup's literal key (`headers.get("X-Token")`). */
function operandName(operand: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (operand.type === 'identifier') return analysis.text(operand);
  if (operand.type === 'attribute') return analysis.text(childByField(operand, 'attribute') ?? operand);
  const key = (node: PlainNode | undefined): string | undefined =>
    node?.type === 'string' ? analysis.text(node).replace(/^[rbuRBU]*['"]+|['"]+$/g, '') : undefined;
  if (operand.type === 'subscript') {
    const subscript = childByField(operand, 'subscript');
    return key(subscript) ?? operandName(childByField(operand, 'value') ?? operand, analysis);
  }
  if (operand.type === 'call') {
    const list = childByField(operand, 'arguments');
    return key(list ? namedChildren(list)[0] : undefined);
  }
  return undefined;
}

/**
 * `select(User).where(User.password_hash == digest)`, `query.filter(and_(Token.value == t, ...))`: in a query
 * builder's condition `==` makes an SQL expression the database evaluates (an indexed lookup); Python compares no
 * secret there, so there is no comparison whose timing leaks.
 */
function queryCondition(node: PlainNode, analysis: ModuleAnalysis): boolean {
  const list = node.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  if (call?.type !== 'call') return false;
  const callee = childByField(call, 'function');
  return callee?.type === 'attribute'
    ? /^(where|filter|having)$/.test(analysis.text(childByField(callee, 'attribute') ?? callee))
    : /^(and_|or_|not_)$/.test(analysis.text(callee ?? call));
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-TIMING-001',
    name: 'non-constant-time-comparison',
    cwe: 385,
    severity: 'low',
    confidence: 'medium',
    message: 'A secret (password, token, hash, signature) is compared with ==, which leaks timing information',
    fixHint:
      'Compare secrets with hmac.compare_digest(a, b) (on bytes or ASCII strings), and compare password hashes, not plaintext passwords.',
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\nTOKEN = os.environ["API_TOKEN"]\n@app.route("/hook")\ndef hook():\n    if request.headers.get("X-Token") != TOKEN:\n        return "no", 401\n    return "ok"\n',
        'def check(actual_pw, typed_pw):\n    return actual_pw == typed_pw\n',
        'def ok(token, expected_token):\n    if token != expected_token:\n        return False\n    return True\n',
        'def verify(headers, settings):\n    return headers["X-Signature"] == settings.webhook_secret\n',
        'def check(typedPw, storedPw):\n    return typedPw == storedPw\n',
        // a certificate's password is a secret like any other
        'def unlock(given, cert_password):\n    return given == cert_password\n',
        // a row fetched by the query, then compared in Python: the comparison is the application's own
        'def login(session, User, name, presented_password_hash):\n    row = session.query(User).filter(User.name == name).one()\n    return row.password_hash == presented_password_hash\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/register", methods=["POST"])\ndef register():\n    password = request.form["password"]\n    confirm_password = request.form["confirm_password"]\n    if password != confirm_password:\n        return "mismatch", 400\n    return "ok"\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport hmac, os\nTOKEN = os.environ["API_TOKEN"]\n@app.route("/hook")\ndef hook():\n    if not hmac.compare_digest(request.headers.get("X-Token", ""), TOKEN):\n        return "no", 401\n    return "ok"\n',
        'import hmac\ndef check(a, b):\n    return hmac.compare_digest(a, b)\n',
        'def check(password):\n    return password is None\n',
        // a token of a tokenizer, a module's token-type constant, a name that only contains the letters
        'import token\ndef is_name(node):\n    return node.type == token.NAME\n',
        'def scan(ttype, tokenize):\n    return ttype == tokenize.NEWLINE\n',
        'def at_point(leftdigits, dotplace):\n    return leftdigits == dotplace\n',
        // public data: a certificate's pinned fingerprint, a download's published checksum
        'import hashlib\ndef pinned(der, pinned_fingerprint):\n    cert_digest = hashlib.sha256(der).hexdigest()\n    return cert_digest == pinned_fingerprint\n',
        'def intact(file_hash, expected_checksum):\n    return file_hash == expected_checksum\n',
        // a query builder's condition: the database compares, through an index
        'from sqlalchemy import and_\ndef find(session, ApiKey, presented_token):\n    return session.query(ApiKey).filter(and_(ApiKey.token == presented_token, ApiKey.active)).first()\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-TIMING-001': {
    node(node, analysis) {
      if (
        node.type !== 'comparison_operator' ||
        !node.children.some((child) => child.type === '==' || child.type === '!=')
      )
        return;
      if (queryCondition(node, analysis)) return;
      const operands = namedChildren(node);
      // A lookup (`request.headers.get("X-Token")`, `data.get("sig")`) returns the presented value itself; other calls
      // (len(), hash()) derive something else.
      const lookup = (operand: PlainNode): boolean =>
        operand.type === 'call' && /\.get$/.test(analysis.text(childByField(operand, 'function') ?? operand));
      if (
        operands.length !== 2 ||
        operands.some((operand) => analysis.isConstant(operand) || (operand.type === 'call' && !lookup(operand)))
      )
        return;
      // Both sides presented by the client (`password != confirm_password`): nothing secret to leak.
      if (operands.every((operand) => analysis.taint(operand)?.from.startsWith('request') === true)) return;
      if (
        operands.every(
          (operand) =>
            operand.type === 'identifier' ||
            operand.type === 'attribute' ||
            operand.type === 'subscript' ||
            lookup(operand),
        ) &&
        operands.some((operand) => namesSecret(operandName(operand, analysis) ?? '')) &&
        // a digest of a certificate or a file compared with its published value (`cert_digest == fingerprint`)
        !(
          operands.some((operand) => namesPublic(operandName(operand, analysis) ?? '')) &&
          !operands.some((operand) => namesSecretItself(operandName(operand, analysis) ?? ''))
        )
      ) {
        analysis.report('FDSP-PY-TIMING-001', node);
      }
    },
  },
};

export const timingComparisonRules: RuleFamily = { definitions, logic };

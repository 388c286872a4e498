// Hand-rolled secret handling (issue 10, insufficient fixes): a repair replaces the library call that makes a secret
// safe with code of its own that only looks equivalent. A character loop that returns at the first mismatch instead of
// hmac.compare_digest (the time taken tells an attacker how many leading characters were right: CWE-208); a random
// byte reduced with `%` instead of secrets.choice / secrets.randbelow (256 values folded onto n symbols favour the first
// 256 mod n: CWE-330); and a hard-coded credential moved into a getter that returns the literal, or kept as the
// fallback of an environment lookup ("read from the environment", but still in the source: CWE-798). Each rule is
// written from the API it stands in for.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { functionStatements } from '../engine/re-raise.js';
import { stringValue } from './check-helpers.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction } from './shared-facts.js';

// Names of values whose comparison time must not depend on where they first differ.
const secretValue =
  /passw|passphrase|pwd|(^|_)pw(_|$)|token|secret|signature|(^|_)sig(_|$)|digest|hmac|(^|_)mac(_|$)|otp|api_?key|nonce/i;

function identifiersIn(node: PlainNode, analysis: ModuleAnalysis): string[] {
  const found = node.type === 'identifier' ? [node] : descendants(node).filter((part) => part.type === 'identifier');
  return found.map((part) => analysis.text(part));
}

/** The loop's targets (`a, b` in `for a, b in zip(x, y)`; `i` in `for i in range(len(x))`). */
function loopTargets(loop: PlainNode, analysis: ModuleAnalysis): Set<string> {
  const left = childByField(loop, 'left');
  return new Set(left ? identifiersIn(left, analysis) : []);
}

/** `if x != y: return False` (or `break`) inside the loop body, not inside a nested function. */
function earlyExitOnMismatch(
  body: PlainNode,
  analysis: ModuleAnalysis,
  compared: (side: PlainNode) => boolean,
): boolean {
  const stack = [...body.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') continue;
    if (node.type === 'if_statement') {
      // the branch taken on a mismatch, in either form: `if a != b: return False`, `if a == b: … else: return False`,
      // `if not a != b: … else: return False`
      let condition = childByField(node, 'condition');
      let negated = false;
      while (condition?.type === 'not_operator' || condition?.type === 'parenthesized_expression') {
        if (condition.type === 'not_operator') negated = !negated;
        condition = childByField(condition, 'argument') ?? namedChildren(condition)[0];
      }
      const comparison = condition?.type === 'comparison_operator' ? condition : undefined;
      const operator = comparison?.children.find((child) => ['!=', 'is not', '==', 'is'].includes(child.type))?.type;
      const differs = operator === '!=' || operator === 'is not';
      const alternative = node.children.find((child) => child.type === 'else_clause');
      const branch =
        differs !== negated ? childByField(node, 'consequence') : alternative && childByField(alternative, 'body');
      const operands = comparison ? namedChildren(comparison) : [];
      const exits =
        operator !== undefined &&
        branch !== undefined &&
        namedChildren(branch).some(
          (statement) =>
            statement.type === 'break_statement' ||
            (statement.type === 'return_statement' && /^return\s+(False|0|None)?\s*$/.test(analysis.text(statement))),
        );
      if (exits && operands.length === 2 && operands.every(compared)) return true;
    }
    stack.push(...node.children);
  }
  return false;
}

/** The secret names a loop or comprehension iterates (`zip(stored_password, typed)`). */
function iteratedSecrets(iterable: PlainNode, analysis: ModuleAnalysis): string[] {
  const iterated = identifiersIn(iterable, analysis).filter(
    (name) => !['range', 'len', 'zip', 'enumerate'].includes(name),
  );
  // A plural name (`tokens`, `signatures`) is a sequence of values, not the characters of one secret.
  return iterated.filter((name) => secretValue.test(name) && !/[^s]s$/.test(name));
}

/** Each side is a loop target (`a` from zip) or an element indexed by a loop target (`pw[i]`, `given[i]`). */
function comparesElements(targets: Set<string>, analysis: ModuleAnalysis): (side: PlainNode) => boolean {
  return (side) => {
    if (side.type === 'identifier') return targets.has(analysis.text(side));
    if (side.type !== 'subscript') return false;
    const value = childByField(side, 'value');
    const index = childByField(side, 'subscript');
    return (
      value?.type === 'identifier' &&
      index !== undefined &&
      identifiersIn(index, analysis).some((name) => targets.has(name))
    );
  };
}

function earlyExitComparison(loop: PlainNode, analysis: ModuleAnalysis): string | undefined {
  const iterable = childByField(loop, 'right');
  const body = childByField(loop, 'body');
  if (!iterable || !body) return undefined;
  const secrets = iteratedSecrets(iterable, analysis);
  if (secrets.length === 0) return undefined;
  const compared = comparesElements(loopTargets(loop, analysis), analysis);
  return earlyExitOnMismatch(body, analysis, compared) ? secrets.join(', ') : undefined;
}

/**
 * `all(a == b for a, b in zip(stored_pw, typed))` and `any(a != b for …)`: all() stops at the first mismatch and any()
 * at the first difference, the same early exit as the loop's `return False`.
 */
function shortCircuitComparison(call: PlainNode, analysis: ModuleAnalysis): string | undefined {
  const callee = childByField(call, 'function');
  const name = callee ? analysis.text(callee) : '';
  if (name !== 'all' && name !== 'any') return undefined;
  const args = childByField(call, 'arguments');
  const generator =
    args?.type === 'generator_expression'
      ? args
      : args
        ? namedChildren(args).find((a) => a.type === 'generator_expression')
        : undefined;
  const body = generator ? childByField(generator, 'body') : undefined;
  const clause = generator ? namedChildren(generator).find((part) => part.type === 'for_in_clause') : undefined;
  const iterable = clause ? childByField(clause, 'right') : undefined;
  if (!clause || !iterable || body?.type !== 'comparison_operator') return undefined;
  const operator = name === 'all' ? '==' : '!=';
  const sides = namedChildren(body);
  if (sides.length !== 2 || !body.children.some((child) => child.type === operator)) return undefined;
  const secrets = iteratedSecrets(iterable, analysis);
  const compared = comparesElements(loopTargets(clause, analysis), analysis);
  return secrets.length > 0 && sides.every(compared) ? secrets.join(', ') : undefined;
}

// Calls that return raw random bytes from the operating system's CSPRNG.
const randomBytes =
  /^(os\.urandom|secrets\.token_bytes|Crypto\.Random\.get_random_bytes|Cryptodome\.Random\.get_random_bytes)$/;

function isRandomBytesCall(node: PlainNode | undefined, analysis: ModuleAnalysis): boolean {
  if (node?.type !== 'call') return false;
  const callee = childByField(node, 'function');
  return callee !== undefined && randomBytes.test(analysis.qualify(callee) ?? '');
}

/** Names bound in the function to random bytes (`raw = os.urandom(16)`) or to one of their members (`for b in raw`). */
function randomByteNames(
  fn: PlainNode | undefined,
  analysis: ModuleAnalysis,
): { buffers: Set<string>; bytes: Set<string> } {
  const buffers = new Set<string>();
  const bytes = new Set<string>();
  if (!fn) return { buffers, bytes };
  const nodes = descendants(fn).sort((a, b) => a.start - b.start);
  for (const node of nodes) {
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      if (left?.type === 'identifier' && isRandomBytesCall(childByField(node, 'right'), analysis))
        buffers.add(analysis.text(left));
    }
    if (node.type === 'for_statement' || node.type === 'for_in_clause') {
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      const overBytes =
        isRandomBytesCall(right, analysis) || (right?.type === 'identifier' && buffers.has(analysis.text(right)));
      if (left?.type === 'identifier' && overBytes) bytes.add(analysis.text(left));
    }
  }
  return { buffers, bytes };
}

/** A single random byte: `ord(os.urandom(1))`, `os.urandom(n)[i]`, `raw[i]`, or a member of a random buffer. */
function isRandomByte(node: PlainNode, analysis: ModuleAnalysis, names: ReturnType<typeof randomByteNames>): boolean {
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    return inner !== undefined && isRandomByte(inner, analysis, names);
  }
  if (node.type === 'identifier') return names.bytes.has(analysis.text(node));
  if (node.type === 'subscript') {
    const value = childByField(node, 'value');
    return (
      isRandomBytesCall(value, analysis) || (value?.type === 'identifier' && names.buffers.has(analysis.text(value)))
    );
  }
  if (node.type === 'call' && analysis.text(childByField(node, 'function') ?? node) === 'ord') {
    const argument = namedChildren(childByField(node, 'arguments') ?? node)[0];
    return isRandomBytesCall(argument, analysis);
  }
  return false;
}

/** A divisor that is a power of two at most 256 divides the 256 byte values evenly. */
function dividesEvenly(node: PlainNode, analysis: ModuleAnalysis): boolean {
  if (node.type !== 'integer') return false;
  const value = Number(analysis.text(node));
  return Number.isInteger(value) && value > 0 && value <= 256 && (value & (value - 1)) === 0;
}

const credentialGetter =
  /^\w*?(password|passwd|passphrase|secret|secret_?key|api_?key|apikey|access_?key|private_?key|auth_?token|access_?token|token|credentials?)$/i;

function isPlaceholder(value: string): boolean {
  return /your|here|[<>{}[\]$]|x{3,}|\*{3,}|example|dummy|placeholder|redacted|changeit/i.test(value);
}

/** The literal a function returns as its whole body (after an optional docstring), when it is the only statement. */
function onlyReturnedLiteral(fn: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  const statements = functionStatements(fn, (node) => analysis.text(node));
  const first = statements[0];
  const rest =
    first?.type === 'expression_statement' && namedChildren(first)[0]?.type === 'string'
      ? statements.slice(1)
      : statements;
  const only = rest.length === 1 ? rest[0] : undefined;
  if (only?.type !== 'return_statement') return undefined;
  const value = namedChildren(only)[0];
  if (value?.type !== 'string' || value.children.some((child) => child.type === 'interpolation')) return undefined;
  const text = stringValue(analysis, value);
  return text !== undefined && text.trim().length >= 4 && !/\s/.test(text.trim()) && !isPlaceholder(text)
    ? value
    : undefined;
}

// `os.getenv(NAME, default)` / `os.environ.get(NAME, default)` / `os.environ.setdefault(NAME, default)`.
const environmentLookups = /^(os\.getenv|os\.environ\.get|os\.environ\.setdefault)$/;

/** The literal fallback of an environment lookup of a credential, when the variable's name names one. */
function environmentFallback(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  if (!environmentLookups.test(site.name)) return undefined;
  const variable = stringValue(analysis, site.positional[0]);
  const fallback = site.positional[1] ?? site.keywords.get('default');
  if (!variable || fallback?.type !== 'string' || fallback.children.some((child) => child.type === 'interpolation'))
    return undefined;
  if (!credentialVariable.test(variable)) return undefined;
  const text = stringValue(analysis, fallback);
  return text !== undefined && text.trim().length >= 4 && !/\s/.test(text.trim()) && !isPlaceholder(text)
    ? fallback
    : undefined;
}

const credentialVariable =
  /(^|_)(PASSWORD|PASSWD|PASS|PWD|PASSPHRASE|SECRET|SECRET_KEY|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|TOKEN|AUTH_TOKEN|ACCESS_TOKEN|CREDENTIALS?)$/i;

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-EARLYEXIT-001',
    name: 'early-exit-secret-comparison',
    cwe: 208,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A secret is compared character by character and the loop returns at the first mismatch, so the time taken reveals how many leading characters were right',
    fixHint:
      'Compare secrets in constant time with hmac.compare_digest(expected.encode(), supplied.encode()) (or secrets.compare_digest); for passwords, compare salted hashes (hashlib.scrypt or argon2) with compare_digest. A sleep does not hide the difference.',
    examples: {
      vulnerable: [
        'def check_token(expected_token, given_token):\n    if len(expected_token) != len(given_token):\n        return False\n    for i in range(len(expected_token)):\n        if expected_token[i] != given_token[i]:\n            return False\n    return True\n',
        'import time\ndef verify(stored_signature, signature):\n    ok = True\n    for left, right in zip(stored_signature, signature):\n        if left != right:\n            ok = False\n            break\n        time.sleep(0.01)\n    return ok\n',
        // the mismatch exit in the else branch of an equality test
        'def check_password(stored_password, typed):\n    for a, b in zip(stored_password, typed):\n        if a == b:\n            continue\n        else:\n            return False\n    return len(stored_password) == len(typed)\n',
        // all()/any() over the characters stop at the first mismatch
        'def same_token(api_token, given):\n    return len(api_token) == len(given) and all(x == y for x, y in zip(api_token, given))\n',
        'def differs(secret_key, candidate):\n    return any(secret_key[i] != candidate[i] for i in range(len(secret_key)))\n',
      ],
      safe: [
        'import hmac\ndef check_token(expected_token, given_token):\n    return hmac.compare_digest(expected_token.encode(), given_token.encode())\n',
        'def same_secret(a_secret, b_secret):\n    if len(a_secret) != len(b_secret):\n        return False\n    diff = 0\n    for x, y in zip(a_secret, b_secret):\n        diff |= ord(x) ^ ord(y)\n    return diff == 0\n',
        'def first_gap(tokens):\n    for i in range(1, len(tokens)):\n        if tokens[i] != tokens[i - 1] + 1:\n            return i\n    return None\n',
        // the exit is on a match, not a mismatch: it finds where the secret's characters agree
        'def first_common(stored_password, typed):\n    for a, b in zip(stored_password, typed):\n        if not a != b:\n            return False\n    return True\n',
        // a list of tokens compared member by member, and a constant-time fold over the characters
        'def all_known(tokens, known):\n    return all(t == k for t, k in zip(tokens, known))\n',
        'def same_token(api_token, given):\n    return sum(ord(x) ^ ord(y) for x, y in zip(api_token, given)) == 0\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-BIAS-001',
    name: 'modulo-biased-random-choice',
    cwe: 330,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A random byte is reduced with "%" to pick from a set whose size does not divide 256, so the first symbols come up more often than the rest (modulo bias)',
    fixHint:
      "Pick with the secrets module: ''.join(secrets.choice(alphabet) for _ in range(length)), or secrets.randbelow(n) for a number; both reject the values that would bias the result.",
    examples: {
      vulnerable: [
        "import os, string\ndef make_code(length):\n    alphabet = string.ascii_letters + string.digits\n    return ''.join(alphabet[ord(os.urandom(1)) % len(alphabet)] for _ in range(length))\n",
        'import secrets\ndef pin(n):\n    raw = secrets.token_bytes(n)\n    return "".join(str(b % 10) for b in raw)\n',
        'import os\nWORDS = ["red", "green", "blue"]\ndef word():\n    return WORDS[os.urandom(1)[0] % len(WORDS)]\n',
      ],
      safe: [
        "import secrets, string\ndef make_code(length):\n    alphabet = string.ascii_letters + string.digits\n    return ''.join(secrets.choice(alphabet) for _ in range(length))\n",
        'import os\ndef nibble():\n    return os.urandom(1)[0] % 16\n',
        'def bucket(key, buckets):\n    return hash(key) % buckets\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CREDFN-001',
    name: 'credential-returned-by-getter',
    cwe: 798,
    severity: 'high',
    confidence: 'medium',
    message:
      'A function named for a credential returns a string literal: the secret was moved out of an assignment but is still hard-coded in the source',
    fixHint:
      'Read the secret at run time: return os.environ["APP_PASSWORD"] (failing when it is missing), or fetch it from the secret store; for a password check, compare against a stored salted hash instead of any plaintext value.',
    examples: {
      vulnerable: [
        'def get_db_password():\n    """The database password."""\n    return "s3cr3t-Pa55"\n\ndef connect(driver):\n    return driver.connect(user="app", password=get_db_password())\n',
        "class Settings:\n    def api_key(self):\n        return 'sk_live_51HcQ2rJ'\n",
      ],
      safe: [
        'import os\ndef get_db_password():\n    return os.environ["DB_PASSWORD"]\n',
        'def password_field():\n    return "password"\n',
        'def get_token():\n    return "YOUR_TOKEN_HERE"\n',
        'def token_type():\n    return "Bearer"\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CREDFN-002',
    name: 'credential-environment-fallback',
    cwe: 798,
    severity: 'high',
    confidence: 'medium',
    message:
      'A credential is read from the environment with a hard-coded fallback, so the secret is still in the source and is used whenever the variable is unset',
    fixHint:
      'Drop the fallback and fail when the secret is missing: password = os.environ["DB_PASSWORD"] (a KeyError at start-up is the safe outcome), or load it from the secret store.',
    examples: {
      vulnerable: [
        'import os\nimport psycopg2\ndef db():\n    return psycopg2.connect(user="app", password=os.getenv("DB_PASSWORD", "S3cret!pw"))\n',
        "import os\nAPI_TOKEN = os.environ.get('SERVICE_API_TOKEN', 'ghp_4f9a8b7c6d5e')\n",
      ],
      safe: [
        'import os\nPASSWORD = os.environ["DB_PASSWORD"]\n',
        'import os\nTERM = os.environ.get("TERM", "dumb")\nTOKEN = os.getenv("API_TOKEN", "")\n',
        'import os\nSECRET = os.getenv("APP_SECRET", "change-me-in-your-env")\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CREDFN-002': {
    call(site, analysis) {
      const fallback = environmentFallback(site, analysis);
      if (fallback) analysis.report('FDSP-PY-CREDFN-002', fallback);
    },
  },
  'FDSP-PY-EARLYEXIT-001': {
    node(node, analysis) {
      if (node.type !== 'for_statement' && node.type !== 'call') return;
      const secrets =
        node.type === 'call' ? shortCircuitComparison(node, analysis) : earlyExitComparison(node, analysis);
      if (secrets) analysis.report('FDSP-PY-EARLYEXIT-001', node, { detail: `compares ${secrets}` });
    },
  },
  'FDSP-PY-BIAS-001': {
    node(node, analysis) {
      if (node.type !== 'binary_operator' || childByField(node, 'operator')?.type !== '%') return;
      const left = childByField(node, 'left');
      const right = childByField(node, 'right');
      if (!left || !right || dividesEvenly(right, analysis)) return;
      if (isRandomByte(left, analysis, randomByteNames(enclosingFunction(node), analysis)))
        analysis.report('FDSP-PY-BIAS-001', node);
    },
  },
  'FDSP-PY-CREDFN-001': {
    node(node, analysis) {
      if (node.type !== 'function_definition') return;
      const name = childByField(node, 'name');
      if (!name || !credentialGetter.test(analysis.text(name))) return;
      const literal = onlyReturnedLiteral(node, analysis);
      if (literal)
        analysis.report('FDSP-PY-CREDFN-001', literal, { detail: `${analysis.text(name)}() returns a literal` });
    },
  },
};

export const handRolledSecretRules: RuleFamily = { definitions, logic };

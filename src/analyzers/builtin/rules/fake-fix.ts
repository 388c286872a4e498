// Fake fixes (issue 10, item 4a): the operation a function promises was deleted or replaced by a stub — `pass`, `...`,
// a placeholder return, `raise NotImplementedError`, a sanitized value computed and dropped — instead of being secured.
// The repair studies count such code as not fixed. The finding carries the CWE of the operation that was stubbed, read
// from the function's name, docstring, parameters and route (or, for a helper, its callers'), so it lands on the
// weakness the task is about; when nothing names the operation the CWE is 1071 (Empty Code Block).
// A method counts only when the module runs it on an instance of the concrete class that defines it (stub-methods.ts);
// an uncalled function only when it is public, says it is unfinished and its name names a sink (uncalledStub).
// What must stay quiet: abstract and protocol members, hooks reached through `self`, methods a subclass overrides,
// test doubles, dunder methods, overloads, callbacks and hooks by name, and other stubs nobody calls with data.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { flaskPrelude } from './example-preludes.js';
import type { CallSite } from '../engine/call-sites.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction } from './shared-facts.js';
import { calledConcreteMethod, methodEvidence, methodStubShape, type MethodStubShape } from './stub-methods.js';
import { uncalledStubVerdict } from './uncalled-stubs.js';
import {
  docstringOf,
  isModuleLevel,
  markedUnfinished,
  meantToBeEmpty,
  ownEvidence,
  promisedOperation,
  stubShape,
  type PromisedOperation,
} from './stub-shapes.js';

interface StubRule {
  readonly operation: PromisedOperation;
  readonly id: string;
  readonly name: string;
  readonly cwe: number;
  readonly what: string;
  readonly fix: string;
  readonly vulnerable: readonly string[];
  readonly safe: readonly string[];
}

const stubRules: readonly StubRule[] = [
  {
    operation: 'unknown',
    id: 'FDSP-PY-STUB-001',
    name: 'stubbed-operation',
    cwe: 1071,
    what: 'do the work its callers rely on',
    fix: 'Implement the function: do the work it promises, securely (validate the input against an allow-list, use the safe API), rather than leaving `pass`, `...` or a placeholder return.',
    vulnerable: [
      `${flaskPrelude}@app.route("/profile/update", methods=["POST"])\ndef update_profile():\n    bio = request.form.get("bio")\n    store_bio(bio)\n    return "saved"\n\ndef store_bio(bio):\n    # TODO: persist the bio\n    pass\n`,
      `${flaskPrelude}@app.route("/notify")\ndef notify():\n    """Send the notification the user asked for."""\n    message = request.args.get("message", "").strip()\n    return "Notification sent"\n`,
    ],
    safe: [
      // Abstract and protocol members, methods, exception classes, __init__, test doubles and no-op callbacks.
      'from abc import ABC, abstractmethod\nclass Store(ABC):\n    @abstractmethod\n    def save(self, item):\n        pass\n\n    def close(self):\n        pass\n',
      'from typing import Protocol\nclass Runner(Protocol):\n    def run_command(self, cmd: str) -> str: ...\n',
      'class ConfigError(Exception):\n    pass\n\nclass Job:\n    def __init__(self):\n        pass\n',
      'import signal\ndef _noop_handler(signum, frame):\n    pass\nsignal.signal(signal.SIGTERM, _noop_handler)\n\ndef fake_send_mail(to, body):\n    return None\n\ndef test_mailer():\n    fake_send_mail("a@example.com", "hi")\n',
      'from typing import overload\n@overload\ndef parse(value: int) -> int: ...\n@overload\ndef parse(value: str) -> str: ...\ndef parse(value):\n    return value\n',
      `${flaskPrelude}@app.route("/health")\ndef health():\n    return {"status": "ok"}\n\ndef store_bio(bio):\n    with open("bios.txt", "a") as fh:\n        fh.write(bio + "\\n")\n`,
    ],
  },
  {
    operation: 'command',
    id: 'FDSP-PY-STUB-002',
    name: 'stubbed-command',
    cwe: 78,
    what: 'run a command',
    fix: 'Run the command instead of stubbing it out, safely: subprocess.run([program, arg], shell=False, check=True) with the argument validated against an allow-list or a strict pattern.',
    vulnerable: [
      `${flaskPrelude}@app.route("/ping")\ndef ping():\n    host = request.args.get("host")\n    # os.system("ping -c 1 " + host) removed: it was unsafe\n    return "Ping disabled"\n`,
      'import subprocess\ndef run_backup_command(target):\n    """Run the backup command for target."""\n    raise NotImplementedError\n\ndef nightly(target):\n    return run_backup_command(target)\n',
    ],
    safe: [
      `${flaskPrelude}import subprocess, re\n@app.route("/ping")\ndef ping():\n    host = request.args.get("host", "")\n    if not re.fullmatch(r"[a-z0-9.-]{1,253}", host):\n        return "bad host", 400\n    return subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True).stdout\n`,
    ],
  },
  {
    operation: 'code',
    id: 'FDSP-PY-STUB-003',
    name: 'stubbed-code-evaluation',
    // evaluating an expression or code string is what was removed: eval injection, CWE-95 (a CWE-94 descendant)
    cwe: 95,
    what: 'evaluate code or an expression',
    fix: 'Implement the evaluation safely instead of removing it: parse data with ast.literal_eval() or json.loads(), or evaluate expressions with a restricted parser; never eval()/exec() request data.',
    vulnerable: [
      `${flaskPrelude}@app.route("/calc")\ndef calculate():\n    expr = request.args.get("expr")\n    result = evaluate_expression(expr)\n    return str(result)\n\ndef evaluate_expression(expr):\n    ...\n`,
      `${flaskPrelude}@app.route("/run-code", methods=["POST"])\ndef code_runner():\n    snippet = request.form["snippet"]\n    apply(snippet)\n    return "done"\n\ndef apply(snippet):\n    cleaned = snippet.replace("import", "")\n    pass\n`,
    ],
    safe: [
      `${flaskPrelude}import ast\n@app.route("/calc")\ndef calculate():\n    expr = request.args.get("expr")\n    return str(evaluate_expression(expr))\n\ndef evaluate_expression(expr):\n    return ast.literal_eval(expr)\n`,
    ],
  },
  {
    operation: 'path',
    id: 'FDSP-PY-STUB-004',
    name: 'stubbed-file-access',
    cwe: 22,
    what: 'read or write a file',
    fix: 'Implement the file access instead of stubbing it: resolve the path with os.path.realpath() under a fixed base directory, check it stays inside (os.path.commonpath), then open it.',
    vulnerable: [
      `${flaskPrelude}@app.route("/doc")\ndef get_document():\n    name = request.args.get("name")\n    return read_user_file(name)\n\ndef read_user_file(filename):\n    """Return the content of the user's file."""\n    return ""\n`,
    ],
    safe: [
      `${flaskPrelude}import os\nBASE = "/srv/docs"\n@app.route("/doc")\ndef get_document():\n    return read_user_file(request.args.get("name", ""))\n\ndef read_user_file(filename):\n    path = os.path.realpath(os.path.join(BASE, filename))\n    if os.path.commonpath([path, BASE]) != BASE:\n        return "forbidden"\n    with open(path) as fh:\n        return fh.read()\n`,
    ],
  },
  {
    operation: 'upload',
    id: 'FDSP-PY-STUB-005',
    name: 'stubbed-upload',
    cwe: 434,
    what: 'handle an upload',
    fix: 'Implement the upload handling: check the extension against an allow-list, store under werkzeug.utils.secure_filename() in a fixed directory, and limit the size.',
    vulnerable: [
      `${flaskPrelude}@app.route("/avatar", methods=["POST"])\ndef upload_avatar():\n    f = request.files["avatar"]\n    save_upload(f)\n    return "uploaded"\n\ndef save_upload(f):\n    pass\n`,
    ],
    safe: [
      `${flaskPrelude}from werkzeug.utils import secure_filename\nALLOWED = {"png", "jpg"}\n@app.route("/avatar", methods=["POST"])\ndef upload_avatar():\n    f = request.files["avatar"]\n    save_upload(f)\n    return "uploaded"\n\ndef save_upload(f):\n    name = secure_filename(f.filename)\n    if name.rsplit(".", 1)[-1].lower() in ALLOWED:\n        f.save("/srv/avatars/" + name)\n`,
    ],
  },
  {
    operation: 'sql',
    id: 'FDSP-PY-STUB-006',
    name: 'stubbed-query',
    cwe: 89,
    what: 'run a database query',
    fix: 'Implement the query with parameters instead of stubbing it: cursor.execute("SELECT ... WHERE id = ?", (value,)).',
    vulnerable: [
      `${flaskPrelude}@app.route("/user")\ndef show_user():\n    uid = request.args.get("id")\n    return str(query_user(uid))\n\ndef query_user(uid):\n    return None\n`,
    ],
    safe: [
      `${flaskPrelude}import sqlite3\n@app.route("/user")\ndef show_user():\n    return str(query_user(request.args.get("id")))\n\ndef query_user(uid):\n    with sqlite3.connect("app.db") as db:\n        return db.execute("SELECT name FROM users WHERE id = ?", (uid,)).fetchone()\n`,
    ],
  },
  {
    operation: 'redirect',
    id: 'FDSP-PY-STUB-007',
    name: 'stubbed-redirect',
    cwe: 601,
    what: 'redirect the user',
    fix: 'Implement the redirect with a check: accept only relative paths or hosts from an allow-list (django url_has_allowed_host_and_scheme, or urlsplit and compare the hostname).',
    vulnerable: [
      `${flaskPrelude}@app.route("/go")\ndef redirect_user():\n    target = request.args.get("next")\n    return "Redirect not implemented"\n`,
    ],
    safe: [
      `${flaskPrelude}from urllib.parse import urlsplit\n@app.route("/go")\ndef redirect_user():\n    target = request.args.get("next", "/")\n    if urlsplit(target).netloc not in ("", "example.com"):\n        target = "/"\n    return redirect(target)\n`,
    ],
  },
  {
    operation: 'url',
    id: 'FDSP-PY-STUB-008',
    name: 'stubbed-fetch',
    cwe: 918,
    what: 'fetch a URL',
    fix: 'Implement the outbound request with a fixed scheme and an allow-listed host (urlsplit the URL, require https and a hostname in the allow-list) instead of stubbing it.',
    vulnerable: [
      `${flaskPrelude}@app.route("/preview")\ndef preview():\n    link = request.args.get("link")\n    return fetch_url(link)\n\ndef fetch_url(url):\n    # Implementation details here\n    pass\n`,
    ],
    safe: [
      `${flaskPrelude}import requests\nfrom urllib.parse import urlsplit\nHOSTS = {"api.example.com"}\n@app.route("/preview")\ndef preview():\n    return fetch_url(request.args.get("link", ""))\n\ndef fetch_url(url):\n    parts = urlsplit(url)\n    if parts.scheme != "https" or parts.hostname not in HOSTS:\n        return "blocked"\n    return requests.get(url, timeout=5).text\n`,
    ],
  },
  {
    operation: 'xml',
    id: 'FDSP-PY-STUB-009',
    name: 'stubbed-xml-parsing',
    cwe: 611,
    what: 'parse XML',
    fix: 'Implement the parsing with defusedxml (defusedxml.ElementTree.fromstring) instead of stubbing it out.',
    vulnerable: [
      `${flaskPrelude}@app.route("/import", methods=["POST"])\ndef import_feed():\n    body = request.get_data()\n    items = parse_xml(body)\n    return str(items)\n\ndef parse_xml(data):\n    raise NotImplementedError("XML parsing removed")\n`,
    ],
    safe: [
      `${flaskPrelude}import defusedxml.ElementTree as ET\n@app.route("/import", methods=["POST"])\ndef import_feed():\n    return str(parse_xml(request.get_data()))\n\ndef parse_xml(data):\n    return [item.text for item in ET.fromstring(data)]\n`,
    ],
  },
  {
    operation: 'deserialize',
    id: 'FDSP-PY-STUB-010',
    name: 'stubbed-deserialization',
    cwe: 502,
    what: 'load serialized data',
    fix: 'Implement the loading with a data-only format (json.loads, yaml.safe_load) instead of stubbing it; never unpickle request data.',
    vulnerable: [
      `${flaskPrelude}@app.route("/restore", methods=["POST"])\ndef restore():\n    blob = request.get_data()\n    state = deserialize_state(blob)\n    return str(state)\n\ndef deserialize_state(blob):\n    return None\n`,
    ],
    safe: [
      `${flaskPrelude}import json\n@app.route("/restore", methods=["POST"])\ndef restore():\n    return str(deserialize_state(request.get_data()))\n\ndef deserialize_state(blob):\n    return json.loads(blob)\n`,
    ],
  },
  {
    operation: 'authentication',
    id: 'FDSP-PY-STUB-011',
    name: 'stubbed-authentication',
    cwe: 306,
    what: 'authenticate the caller',
    fix: 'Implement the authentication: look the user up and verify the password with a slow hash (bcrypt.checkpw / werkzeug check_password_hash) and hmac.compare_digest for tokens; do not return a fixed value.',
    vulnerable: [
      `${flaskPrelude}@app.route("/login", methods=["POST"])\ndef login():\n    user = request.form["user"]\n    if check_password(user, request.form["password"]) is not None:\n        return "welcome"\n    return "denied", 401\n\ndef check_password(user, password):\n    # TODO: look the user up and compare the hash\n    pass\n`,
    ],
    safe: [
      `${flaskPrelude}from werkzeug.security import check_password_hash\nUSERS = {}\n@app.route("/login", methods=["POST"])\ndef login():\n    if check_password(request.form["user"], request.form["password"]):\n        return "welcome"\n    return "denied", 401\n\ndef check_password(user, password):\n    stored = USERS.get(user)\n    return stored is not None and check_password_hash(stored, password)\n`,
    ],
  },
  {
    operation: 'authorization',
    id: 'FDSP-PY-STUB-012',
    name: 'stubbed-authorization',
    cwe: 862,
    what: 'check permissions',
    fix: "Implement the authorization check against the signed-in user's roles or ownership of the object; deny by default.",
    vulnerable: [
      `${flaskPrelude}@app.route("/admin/delete")\ndef delete_account():\n    account = request.args.get("account")\n    require_admin(account)\n    return "deleted"\n\ndef require_admin(account):\n    """Abort unless the current user is an admin."""\n    ...\n`,
    ],
    safe: [
      `${flaskPrelude}from flask import abort, session\n@app.route("/admin/delete")\ndef delete_account():\n    require_admin(request.args.get("account"))\n    return "deleted"\n\ndef require_admin(account):\n    if session.get("role") != "admin":\n        abort(403)\n`,
    ],
  },
  {
    operation: 'validation',
    id: 'FDSP-PY-STUB-013',
    name: 'stubbed-validation',
    cwe: 20,
    what: 'validate input',
    fix: 'Implement the validation: check the value against an allow-list or a fully anchored pattern (re.fullmatch) and reject anything else.',
    vulnerable: [
      `${flaskPrelude}@app.route("/comment", methods=["POST"])\ndef comment():\n    text = request.form["text"]\n    validate_comment(text)\n    return "posted"\n\ndef validate_comment(text):\n    # Add validation logic here\n    pass\n`,
    ],
    safe: [
      `${flaskPrelude}import re\n@app.route("/comment", methods=["POST"])\ndef comment():\n    validate_comment(request.form["text"])\n    return "posted"\n\ndef validate_comment(text):\n    if not re.fullmatch(r"[\\w .,!?-]{1,500}", text):\n        raise ValueError("invalid comment")\n`,
    ],
  },
  {
    operation: 'hash',
    id: 'FDSP-PY-STUB-014',
    name: 'stubbed-password-hash',
    // the stub stores the secret neither hashed nor salted: CWE-759 (no salted one-way hash), a CWE-916 descendant
    cwe: 759,
    what: 'hash a password or secret',
    fix: 'Hash with a slow, salted password hash (bcrypt.hashpw with bcrypt.gensalt(), argon2-cffi PasswordHasher, hashlib.scrypt) instead of returning the input or a placeholder.',
    vulnerable: [
      'class SecretHasher:\n    def hash(self, secret):\n        return secret\n\n\ndef save_pin(db, user, pin):\n    db[user] = SecretHasher().hash(pin)\n',
    ],
    safe: [
      'import bcrypt\n\n\nclass SecretHasher:\n    def hash(self, secret):\n        return bcrypt.hashpw(secret.encode(), bcrypt.gensalt())\n\n\ndef save_pin(db, user, pin):\n    db[user] = SecretHasher().hash(pin)\n',
      'from abc import ABC, abstractmethod\n\n\nclass SecretHasher(ABC):\n    @abstractmethod\n    def hash(self, secret):\n        return secret\n',
    ],
  },
  {
    operation: 'encryption',
    id: 'FDSP-PY-STUB-015',
    name: 'stubbed-encryption',
    cwe: 327,
    what: 'encrypt data',
    fix: 'Encrypt with a vetted authenticated cipher (cryptography.fernet.Fernet, AESGCM with a random nonce) instead of returning the data unchanged.',
    vulnerable: [
      'class BackupCipher:\n    def encrypt(self, blob):\n        raise NotImplementedError\n\n\nbackups = BackupCipher()\n\n\ndef archive(path, blob):\n    with open(path, "wb") as fh:\n        fh.write(backups.encrypt(blob))\n',
    ],
    safe: [
      'from cryptography.fernet import Fernet\n\n\nclass BackupCipher:\n    def __init__(self, key):\n        self.fernet = Fernet(key)\n\n    def encrypt(self, blob):\n        return self.fernet.encrypt(blob)\n\n\ndef archive(key, blob):\n    return BackupCipher(key).encrypt(blob)\n',
      'class MockCipher:\n    def encrypt(self, blob):\n        return blob\n\n\ndef test_archive():\n    assert MockCipher().encrypt(b"x") == b"x"\n',
    ],
  },
  {
    operation: 'signature',
    id: 'FDSP-PY-STUB-016',
    name: 'stubbed-signature-check',
    cwe: 347,
    what: 'verify a token or signature',
    fix: 'Verify the signature with the library (jwt.decode(token, key, algorithms=["HS256"]), hmac.compare_digest on an HMAC) instead of accepting every token.',
    vulnerable: [
      'class WebhookSignature:\n    def verify(self, payload, signature):\n        return True\n\n\ndef accept(payload, signature):\n    if WebhookSignature().verify(payload, signature):\n        return payload\n    return None\n',
    ],
    safe: [
      'import hashlib\nimport hmac\n\n\nclass WebhookSignature:\n    def __init__(self, key):\n        self.key = key\n\n    def verify(self, payload, signature):\n        expected = hmac.new(self.key, payload, hashlib.sha256).hexdigest()\n        return hmac.compare_digest(expected, signature)\n\n\ndef accept(key, payload, signature):\n    return WebhookSignature(key).verify(payload, signature)\n',
      'class WebhookSignature:\n    def verify(self, payload, signature):\n        raise NotImplementedError\n\n\nclass HmacSignature(WebhookSignature):\n    def verify(self, payload, signature):\n        return check(payload, signature)\n\n\ndef accept(payload, signature):\n    return HmacSignature().verify(payload, signature)\n',
    ],
  },
];

const shapeWords: Record<MethodStubShape, string> = {
  passthrough: 'a pass-through that returns its input',
  'constant-return': 'a fixed answer that ignores its input',
  pass: '`pass`',
  ellipsis: '`...`',
  'placeholder-return': 'a placeholder return',
  'not-implemented': '`raise NotImplementedError`',
  'dropped-result': 'code that computes a value and drops it',
};

const ruleByOperation = new Map(stubRules.map((rule) => [rule.operation, rule.id]));

// Operations whose deletion removes the dangerous sink itself. A stubbed check (authentication, authorization,
// validation) or a stub of unknown purpose is more often a dependency the task supplied than a fake fix, so those fire
// only when the stub says it is unfinished.
const sinkOperations: ReadonlySet<PromisedOperation> = new Set([
  'command',
  'code',
  'path',
  'upload',
  'sql',
  'redirect',
  'url',
  'xml',
  'deserialize',
  'hash',
  'encryption',
  'signature',
]);

interface StubVerdict {
  readonly ruleId: string;
  readonly shape: MethodStubShape;
  readonly operation: PromisedOperation;
  readonly unfinished: boolean;
  /** Whether the function's own name, docstring, parameters or route name the operation. */
  readonly named: boolean;
}

const verdicts = new WeakMap<PlainNode, StubVerdict | null>();

/** A request handler: a routed function, or a Django view (a module-level function taking `request` first). */
function routeDecorated(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (
    decorated &&
    /@[\w.]*\.(route|get|post|put|patch|delete|api_route)\s*\(|@api_view\b/.test(
      analysis.text(decorated).slice(0, fn.start - decorated.start),
    )
  )
    return true;
  const parameters = childByField(fn, 'parameters');
  return (
    isModuleLevel(fn) &&
    parameters !== undefined &&
    /^\(\s*request\b/.test(analysis.text(parameters)) &&
    /^\s*(from|import)\s+django\b/m.test(analysis.moduleText())
  );
}

/** The names, docstrings and routes of the module's functions that call `name`; none when a caller's docstring names
 * the helper (`check the user with isAuthorized()`): then the task supplied it and it is not the code's to write. */
function callerEvidence(name: string, analysis: ModuleAnalysis): string[] | undefined {
  const evidence: string[] = [];
  const named = new RegExp(`\\b${name}\\b`);
  for (const node of analysis.nodes) {
    if (node.type !== 'call') continue;
    const callee = childByField(node, 'function');
    if (callee?.type !== 'identifier' || analysis.text(callee) !== name) continue;
    const caller = enclosingFunction(node);
    if (!caller) continue;
    if (named.test(docstringOf(caller, analysis))) return undefined;
    evidence.push(...ownEvidence(caller, analysis));
  }
  return evidence;
}

function verdictFor(fn: PlainNode, analysis: ModuleAnalysis, handler: boolean): StubVerdict | undefined {
  const cached = verdicts.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let verdict: StubVerdict | undefined;
  const shape = meantToBeEmpty(fn, analysis) ? undefined : stubShape(fn, analysis, handler);
  if (shape) {
    const own = promisedOperation(ownEvidence(fn, analysis));
    const callers = handler ? [] : callerEvidence(analysis.text(childByField(fn, 'name') ?? fn), analysis);
    const operation = own === 'unknown' && callers ? promisedOperation(callers) : own;
    if (callers)
      verdict = {
        ruleId: ruleByOperation.get(operation) ?? 'FDSP-PY-STUB-001',
        shape,
        operation,
        unfinished: markedUnfinished(fn, analysis, shape),
        named: own !== 'unknown',
      };
  }
  verdicts.set(fn, verdict ?? null);
  return verdict;
}

/** A stub method of a concrete class the module runs (stub-methods.ts), judged by its own promise only: its callers
 * name what they do with the answer, not what the method was meant to do. */
function methodVerdictFor(
  fn: PlainNode,
  owner: PlainNode,
  className: string,
  analysis: ModuleAnalysis,
): StubVerdict | undefined {
  const cached = verdicts.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let verdict: StubVerdict | undefined;
  const shape = meantToBeEmpty(fn, analysis) ? undefined : methodStubShape(fn, analysis);
  const operation = shape ? promisedOperation(methodEvidence({ method: fn, owner, className }, analysis)) : 'unknown';
  if (shape && operation !== 'unknown')
    verdict = {
      ruleId: ruleByOperation.get(operation) ?? 'FDSP-PY-STUB-001',
      shape,
      operation,
      unfinished: shape === 'passthrough' || shape === 'constant-return' || markedUnfinished(fn, analysis, shape),
      named: true,
    };
  verdicts.set(fn, verdict ?? null);
  return verdict;
}

/** A stub method the call runs on an instance of its concrete class, passed data (not only literals). */
function stubMethodCall(site: CallSite, analysis: ModuleAnalysis, ruleId: string): void {
  const stub = calledConcreteMethod(site, analysis);
  if (!stub) return;
  const values = [...site.positional, ...site.keywords.values()];
  if (values.length === 0 || values.every((value) => analysis.isConstant(value))) return;
  const verdict = methodVerdictFor(stub.method, stub.owner, stub.className, analysis);
  if (verdict?.ruleId !== ruleId || !sinkOperations.has(verdict.operation)) return;
  const taint = values.map((value) => analysis.taint(value)).find((found) => found !== undefined);
  analysis.report(ruleId, childByField(stub.method, 'name') ?? stub.method, {
    detail: `${stub.className}.${site.method}() is ${shapeWords[verdict.shape]}${taint ? `, called with ${taint.from}` : ''}`,
  });
}

/** An uncalled task function stubbed out (uncalled-stubs.ts), reported under its operation's rule. */
function uncalledStub(fn: PlainNode, analysis: ModuleAnalysis, ruleId: string): boolean {
  const stub = uncalledStubVerdict(fn, analysis);
  if (!stub) return false;
  if (ruleByOperation.get(stub.operation) === ruleId)
    analysis.report(ruleId, childByField(fn, 'name') ?? fn, {
      detail: `${stub.name}() is ${shapeWords[stub.shape]} and nothing calls it: the task's operation was removed`,
    });
  return true;
}

function stubLogic(ruleId: string): RuleLogic {
  return {
    // A module-level helper that is a stub, called with untrusted data or named for the operation it skips; a stub
    // method of a concrete class the module runs.
    call(site, analysis) {
      const callee = childByField(site.node, 'function');
      if (callee?.type === 'attribute') stubMethodCall(site, analysis, ruleId);
      if (callee?.type !== 'identifier') return;
      const info = analysis.functionNamed(analysis.text(callee));
      if (!info || !isModuleLevel(info.node) || routeDecorated(info.node, analysis)) return;
      const verdict = verdictFor(info.node, analysis, false);
      if (verdict?.ruleId !== ruleId) return;
      const taint = [...site.positional, ...site.keywords.values()]
        .map((value) => analysis.taint(value))
        .find((found) => found !== undefined);
      if (!verdict.named && taint?.origin !== 'remote') return;
      if (!sinkOperations.has(verdict.operation) && !verdict.unfinished) return;
      analysis.report(ruleId, childByField(info.node, 'name') ?? info.node, {
        detail: `${info.name}() is ${shapeWords[verdict.shape]}${taint ? `, called with ${taint.from}` : ''}`,
      });
    },
    // A request handler whose body was replaced by a stub or that drops the request's data and replies "done"; an
    // uncalled task function stubbed out (uncalledStub).
    node(node, analysis) {
      if (node.type === 'function_definition' && uncalledStub(node, analysis, ruleId)) return;
      if (node.type !== 'function_definition' || !routeDecorated(node, analysis)) return;
      const verdict = verdictFor(node, analysis, true);
      if (verdict?.ruleId !== ruleId) return;
      analysis.report(ruleId, childByField(node, 'name') ?? node, {
        detail:
          verdict.shape === 'dropped-result'
            ? "the handler reads the request's data, drops it and sends a fixed reply"
            : `the handler's body is ${shapeWords[verdict.shape]}`,
      });
    },
  };
}

const definitions: readonly RuleDefinition[] = stubRules.map((rule) => ({
  id: rule.id,
  name: rule.name,
  cwe: rule.cwe,
  severity: rule.operation === 'unknown' ? 'medium' : 'high',
  confidence: 'medium',
  message: `A function meant to ${rule.what} is a stub: the weakness was removed by deleting the feature, not fixed`,
  fixHint: rule.fix,
  examples: { vulnerable: rule.vulnerable, safe: rule.safe },
}));

const logic: Record<string, RuleLogic> = Object.fromEntries(stubRules.map((rule) => [rule.id, stubLogic(rule.id)]));

export const fakeFixRules: RuleFamily = { definitions, logic };

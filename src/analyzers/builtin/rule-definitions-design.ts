// Rules for design-level weaknesses (checks-design.ts). Examples are written fresh for each rule and differ in shape
// from the labelled evaluation files: other frameworks, names and call forms.
import type { RuleDefinition } from './rule-types.js';

const flask = 'from flask import Flask, request, send_file, abort\napp = Flask(__name__)\n';

export const designRuleDefinitions: readonly RuleDefinition[] = [
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
      ],
      safe: [
        'def load(rows):\n    entries = []\n    seen = set()\n    for row in rows:\n        if row.name in seen:\n            raise ValueError(row.name)\n        seen.add(row.name)\n        entries.append((row.name, row.value))\n    return dict(entries)\n',
        'def squares(n):\n    out = []\n    for i in range(n):\n        out.append((i, i * i))\n    return out\n',
        'def rank(items):\n    scored = []\n    for item in items:\n        scored.append((item.score, item))\n    scored.sort()\n    return scored\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-HTMLFILTER-001',
    name: 'regex-html-filter',
    cwe: 116,
    severity: 'medium',
    confidence: 'medium',
    message:
      'HTML is filtered or sanitized with a regular expression; regexes cannot parse HTML and such filters are bypassed (nested or split tags, "</script >", attributes, other active tags)',
    fixHint:
      'Do not strip tags with regular expressions: escape the text for its output context (html.escape / markupsafe.escape, or template autoescaping), or sanitize with an HTML parser-based allow-list such as bleach.clean() / nh3.clean().',
    examples: {
      vulnerable: [
        'import re\ndef clean(body):\n    return re.sub(r"<iframe.*?</iframe>", "", body, flags=re.I | re.S)\n',
        'import re\nTAGS = re.compile(r"<[^>]+>")\ndef strip_html(text):\n    return TAGS.sub("", text)\n',
        'import re\ndef is_safe(comment):\n    return re.search("<script|javascript:", comment, re.I) is None\n',
      ],
      safe: [
        'import re\nTAG_RE = re.compile(r"<[^>]+>")\ndef word_count(text):\n    return len(TAG_RE.sub(" ", text).split())\n',
        'import html\ndef clean(body):\n    return html.escape(body)\n',
        'import re\ndef placeholders(route):\n    return re.findall(r"<(\\w+)>", route)\n',
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
  {
    id: 'FDSP-PY-URLCHECK-001',
    name: 'incomplete-url-validation',
    cwe: 20,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A URL or host is validated by substring, prefix/suffix or an unanchored pattern, which attacker hosts such as "example.com.evil.net" or "evil.net/?example.com" pass',
    fixHint:
      'Parse the URL with urllib.parse.urlsplit() and compare the exact hostname (or hostname.endswith("." + domain)) against an allow-list; anchor URL regexes with ^...$ (or use re.fullmatch) and escape every literal dot.',
    examples: {
      vulnerable: [
        'def allowed(referrer):\n    return "trusted.example" in referrer\n',
        'def ok(callback_url):\n    return callback_url.startswith("https://pay.example.com")\n',
        'def same_org(email):\n    return email.endswith("example.org")\n',
        'import re\ndef check(link):\n    if re.match(r"https?://docs.example.com", link):\n        return True\n    return False\n',
      ],
      safe: [
        'from urllib.parse import urlsplit\ndef allowed(url):\n    return urlsplit(url).hostname in {"example.com", "www.example.com"}\n',
        'def ok(url):\n    return url.startswith("https://pay.example.com/")\n',
        'import re\ndef check(link):\n    return re.fullmatch(r"https://docs\\.example\\.com/[\\w/]*", link) is not None\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-OWNER-001',
    name: 'unverified-process-ownership',
    cwe: 283,
    severity: 'medium',
    confidence: 'low',
    message: 'A process chosen by the caller is signalled without checking that it belongs to the requesting user',
    fixHint:
      "Before signalling, check the target's owner, e.g. psutil.Process(pid).uids().real == os.getuid() (or compare against the authenticated user), and refuse otherwise; never kill PIDs taken straight from input.",
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os, signal\n@app.route("/kill", methods=["POST"])\ndef kill():\n    os.kill(int(request.form["pid"]), signal.SIGKILL)\n    return "killed"\n',
        'import os, signal\ndef stop(pid):\n    os.kill(int(pid), signal.SIGKILL)\n',
        'import psutil\ndef terminate(job_pid):\n    psutil.Process(job_pid).terminate()\n',
      ],
      safe: [
        'import os, signal, psutil\ndef stop(pid):\n    if psutil.Process(pid).uids().real != os.getuid():\n        raise PermissionError(pid)\n    os.kill(pid, signal.SIGTERM)\n',
        'import os, signal\ndef reload_self():\n    os.kill(os.getpid(), signal.SIGHUP)\n',
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
      ],
      safe: [
        'import socket\ndef serve(s):\n    while True:\n        data, addr = s.recvfrom(512)\n        if data == b"ping":\n            s.sendto(b"pong", addr)\n',
        'import socket\ndef serve(s, limiter):\n    while True:\n        query, client = s.recvfrom(512)\n        if limiter.allow(client[0]):\n            s.sendto(b"ok", client)\n',
        'import socket\ndef ping(s, host):\n    s.sendto(b"ping", (host, 9))\n',
      ],
    },
  },
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
        `${flask}@app.route('/panel')\ndef panel():\n    is_admin = request.cookies.get('role') == 'admin'\n    return 'ok' if is_admin else 'no'\n`,
        'AUTHENTICATED = False\ndef on_login(request, users):\n    global AUTHENTICATED\n    AUTHENTICATED = users.check(request.form["u"], request.form["p"])\n',
      ],
      safe: [
        `${flask}from flask_login import current_user\n@app.route('/panel')\ndef panel():\n    is_admin = current_user.role == 'admin'\n    return 'ok' if is_admin else 'no'\n`,
        'def on_login(request, users, session):\n    session["authenticated"] = users.check(request.form["u"], request.form["p"])\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PWSTORE-001',
    name: 'plaintext-password-comparison',
    cwe: 256,
    severity: 'high',
    confidence: 'medium',
    message:
      'A supplied password is compared directly with a stored value, so passwords are stored in plaintext (or reversibly)',
    fixHint:
      'Store only a salted, slow password hash (argon2, bcrypt, scrypt or hashlib.pbkdf2_hmac with a random salt) and verify with the library (e.g. bcrypt.checkpw / werkzeug.security.check_password_hash), which also compares in constant time.',
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3\n@app.route("/register", methods=["POST"])\ndef register():\n    password = request.form["password"]\n    conn = sqlite3.connect("u.db")\n    conn.execute("INSERT INTO users (username, password) VALUES (?, ?)", (request.form["username"], password))\n    return "ok"\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/login", methods=["POST"])\ndef login():\n    row = db.execute("SELECT password FROM users WHERE name = ?", (request.form["username"],)).fetchone()\n    if row and row[0] == request.form["password"]:\n        return "ok"\n    return "no", 401\n',
        'def login(db, name, password):\n    row = db.execute("SELECT pw FROM u WHERE name = ?", (name,)).fetchone()\n    return row is not None and row[0] == password\n',
        'def check(user, pwd):\n    return pwd == user.password\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3, bcrypt\n@app.route("/register", methods=["POST"])\ndef register():\n    hashed = bcrypt.hashpw(request.form["password"].encode(), bcrypt.gensalt())\n    conn = sqlite3.connect("u.db")\n    conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (request.form["username"], hashed))\n    return "ok"\n',
        'import bcrypt\ndef check(user, password):\n    return bcrypt.checkpw(password.encode(), user.password_hash)\n',
        'def register(password, confirm_password):\n    return password == confirm_password\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PWSTORE-002',
    name: 'password-reversible-encoding',
    cwe: 261,
    severity: 'high',
    confidence: 'medium',
    message: 'A password is encoded or decoded with base64/hex/rot13, which is not protection: anyone can reverse it',
    fixHint:
      'Do not encode passwords for storage; store a salted, slow hash (argon2, bcrypt, scrypt, pbkdf2_hmac) and verify against it. Keep secrets that must be recovered in a secret manager or encrypt them with a managed key.',
    examples: {
      vulnerable: [
        'import base64\ndef save(store, user, password):\n    store[user] = base64.b64encode(password.encode())\n',
        'import codecs\ndef reveal(saved_pass):\n    return codecs.decode(saved_pass, "rot13")\n',
      ],
      safe: [
        'import base64\ndef header(user, password):\n    token = base64.b64encode(f"{user}:{password}".encode()).decode()\n    return {"Authorization": "Basic " + token}\n',
        'import base64\ndef encode_image(data):\n    return base64.b64encode(data)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOCK-001',
    name: 'lock-not-released-on-error',
    cwe: 667,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A lock is acquired without `with` or try/finally, so an exception between acquire() and release() leaves it held',
    fixHint: 'Use `with lock:` (or acquire() followed by try: ... finally: lock.release()).',
    examples: {
      vulnerable: [
        'import threading\nmutex = threading.RLock()\ndef bump(counter):\n    mutex.acquire()\n    counter.value += 1\n    mutex.release()\n',
        'def drain(queue, queue_lock):\n    for item in queue:\n        queue_lock.acquire()\n        item.process()\n        queue_lock.release()\n',
      ],
      safe: [
        'import threading\nmutex = threading.Lock()\ndef bump(counter):\n    with mutex:\n        counter.value += 1\n',
        'def drain(queue, queue_lock):\n    queue_lock.acquire()\n    try:\n        queue.clear()\n    finally:\n        queue_lock.release()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOCK-002',
    name: 'unchecked-lock-acquire',
    cwe: 414,
    severity: 'medium',
    confidence: 'high',
    message:
      'A non-blocking or timed acquire() is called and its result ignored, so the code goes on whether or not it holds the lock',
    fixHint:
      'Check the result: `if not lock.acquire(timeout=5): raise TimeoutError(...)` and release only what was acquired; or use `with lock:`.',
    examples: {
      vulnerable: [
        'import threading\nlock = threading.Lock()\ndef write(shared):\n    lock.acquire(blocking=False)\n    shared.append(1)\n    lock.release()\n',
        'def update(db_lock, rows):\n    db_lock.acquire(timeout=2)\n    rows.clear()\n',
      ],
      safe: [
        'import threading\nlock = threading.Lock()\ndef write(shared):\n    if not lock.acquire(timeout=2):\n        raise TimeoutError("busy")\n    try:\n        shared.append(1)\n    finally:\n        lock.release()\n',
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
      ],
      safe: [
        'def handle(action, conn, payload, session):\n    if action == "signin":\n        do_signin(conn, payload, session)\n    elif not session.get("authenticated"):\n        conn.close()\n    elif action == "download":\n        send_blob(conn, payload)\n',
        'def route(kind, item):\n    if kind == "a":\n        one(item)\n    elif kind == "b":\n        two(item)\n',
      ],
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
      ],
      safe: [
        'def find_user(users, name):\n    for u in users:\n        if u.name == name:\n            return u\n    return None\n\ndef greet(users, name):\n    user = find_user(users, name)\n    if user is None:\n        return "who?"\n    return "hi " + user.display_name\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-AUTHZ-001',
    name: 'direct-file-request-without-authorization',
    cwe: 425,
    severity: 'high',
    confidence: 'low',
    message:
      'A request handler serves a file chosen by request data without checking who is asking (forced browsing / direct request)',
    fixHint:
      "Authenticate the request and check that the user may read this file (e.g. the file's owner is the logged-in user) before serving it; look files up by an id the user owns rather than by names taken from the request.",
    examples: {
      vulnerable: [
        `${flask}@app.route('/invoice')\ndef invoice():\n    return send_file('invoices/' + request.args['id'] + '.pdf')\n`,
        'from django.http import FileResponse\ndef report(request, year):\n    return FileResponse(open(f"reports/{request.GET[\'team\']}-{year}.csv", "rb"))\n',
      ],
      safe: [
        'from flask import Flask, send_from_directory\napp = Flask(__name__)\n@app.route("/static-files/<path:filename>")\ndef files(filename):\n    return send_from_directory("/var/www/static", filename)\n',
        `${flask}from flask_login import login_required, current_user\n@app.route('/invoice')\n@login_required\ndef invoice():\n    inv = current_user.invoices.get(request.args['id'])\n    return send_file(inv.path)\n`,
        `${flask}@app.route('/logo')\ndef logo():\n    return send_file('static/logo.png')\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-AUTH-001',
    name: 'missing-authentication-for-critical-function',
    cwe: 306,
    severity: 'high',
    confidence: 'low',
    message:
      'A web route performs a sensitive action (delete, update, admin, command execution, file change) without any authentication check',
    fixHint:
      'Require an authenticated user for the route (e.g. @login_required / a token check / Depends(get_current_user)) and check that the user may perform the action before doing it.',
    examples: {
      vulnerable: [
        `${flask}import os\n@app.route('/files/<name>', methods=['DELETE'])\ndef remove_file(name):\n    os.remove(os.path.join('data', name))\n    return '', 204\n`,
        'from fastapi import FastAPI\napi = FastAPI()\n@api.post("/admin/reset")\ndef reset_all(db):\n    db.execute("DELETE FROM accounts")\n    return {"ok": True}\n',
      ],
      safe: [
        'from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n@app.route("/todos/<int:todo_id>", methods=["DELETE"])\ndef delete_todo(todo_id):\n    todo = Todo.query.get_or_404(todo_id)\n    db.session.delete(todo)\n    db.session.commit()\n    return "", 204\n',
        `${flask}import os\nfrom flask_login import login_required\n@app.route('/files/<name>', methods=['DELETE'])\n@login_required\ndef remove_file(name):\n    os.remove(os.path.join('data', name))\n    return '', 204\n`,
        `${flask}@app.route('/about')\ndef about():\n    return 'about us'\n`,
      ],
    },
  },
];

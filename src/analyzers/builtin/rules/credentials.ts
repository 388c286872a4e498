// Credentials (CWE-798, CWE-256, CWE-261): hard-coded secrets and passwords stored in plain or reversible form.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { stringValue } from './check-helpers.js';
import {
  acceptsLiteralPasswords,
  isCredentialLiteral,
  isKeyLiteral,
  isPlaceholderCredential,
  keyArgument,
  keywordConnectionSecret,
  looksGenerated,
} from './credential-literals.js';
import { ormStoresReceivedPassword, withoutTextConversion } from './stored-passwords.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { passwordish, statementOf } from './shared-facts.js';

const secretName =
  /(pass(word|wd|phrase)?|pwd|secret|api_?key|apikey|access_?key|private_?key|(secret|signing|encryption|jwt)_?key|auth_?token|access_?token|token|credential)s?$/i;

const secretNameExclusions =
  /(_|^)(url|uri|path|file|name|field|length|len|header|param|prompt|label|type|id|hash|hashed|salt|input|form|min|max|regex|pattern|endpoint|env|var)$/i;

/** The key of a keyed read, `form.get(KEY)` / `form[KEY]`, through a module constant naming it: a tidied module that
 * writes `FIELD = "password"` reads the same field. */
function readKey(node: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (node.type === 'subscript') return stringValue(analysis, childByField(node, 'subscript'));
  const callee = node.type === 'call' ? childByField(node, 'function') : undefined;
  const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
  const list = childByField(node, 'arguments');
  if (!method || analysis.text(method) !== 'get' || !list) return undefined;
  return stringValue(analysis, namedChildren(list)[0]);
}

function isSecretName(name: string): boolean {
  // a numbered secret (`password2`, `api_key_1`) is still one
  const last = (
    name
      .split(/[.[\]'"]+/)
      .filter(Boolean)
      .pop() ?? name
  ).replace(/(?<=[a-z])_?\d+$/i, '');
  return secretName.test(last) && !secretNameExclusions.test(last) && !/^(is|has)_/.test(last);
}

// `key`, `canvas_key`, `apiKey`, `token`; not `key_name`, `keys` or `sort_key`-style lookups, which the entropy test
// leaves out in any case.
const keyName = /(^|_|[a-z])(key|token)s?(_?\d+)?$/i; // `key`, `keys`, `key_2`: a numbered key is still one

/** Functions whose positional argument is the prompt shown to the user; the secret is what they return. */
const promptCalls =
  /^(getpass\.getpass|input|raw_input|click\.prompt|typer\.prompt|(rich\.prompt\.)?Prompt\.ask|questionary\.(password|text)|pwinput\.pwinput)$/;

const passwordName = /pass(word|wd|phrase)?|(^|_)pwd$|(^|_)pw$/i;

const reversibleDecoder =
  /^(base64\.(b64decode|decodebytes|b32decode|b16decode|urlsafe_b64decode|decodestring)|codecs\.decode|binascii\.(unhexlify|a2b_base64))$/;

const storedName =
  /db|stored|saved|registered|record|row|user|account|expected|real|actual|correct|decoded|decrypted|plain|result|fetch|\[/i;

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CRED-001',
    name: 'hard-coded-credential',
    cwe: 798,
    severity: 'high',
    confidence: 'medium',
    message: 'A credential (password, key or token) is hard-coded in the source',
    fixHint:
      'Read secrets at run time from the environment or a secret store (os.environ["DB_PASSWORD"]), and compare supplied passwords against a salted hash kept outside the code.',
    examples: {
      vulnerable: [
        // the accepted passwords as a literal collection
        'def is_admin(password):\n    return password in ("hunter2", "Adm1n2024")\n',
        // the request field named by a module constant: the same field, compared with a literal password
        'from flask import Flask, request\napp = Flask(__name__)\nSECRET_FIELD = "passphrase"\n@app.route("/vault", methods=["POST"])\ndef vault():\n    if request.form[SECRET_FIELD] != "0pen-Sesame":\n        return "no", 403\n    return "in"\n',
        'VALID_PASSWORDS = ["letmein", "s3cret!"]\ndef login(password):\n    if password in VALID_PASSWORDS:\n        return True\n    return False\n',
        'from sqlalchemy import create_engine\nengine = create_engine("postgresql://admin:P4ssw0rd!@db.example.com/prod")\n',
        'import psycopg2\ndef db():\n    return psycopg2.connect("host=db.internal dbname=sales user=report password=Qu4rterly")\n',
        'import pyodbc\nconn = pyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql1;UID=sa;PWD=Str0ng!pass")\n',
        'from canvasapi import Canvas\ndef course(cid):\n    return Canvas("https://x/", "9~Kd8sLq2PzX7vBn4MwRt6YcHj3Ga5Ue1").get_course(cid)\n',
        'from Crypto.Cipher import AES\nKEY = b"Sixteen byte key"\ndef enc(data, nonce):\n    return AES.new(KEY, AES.MODE_GCM, nonce=nonce).encrypt(data)\n',
        'import jwt\ndef issue(uid):\n    return jwt.encode({"sub": uid}, "mysecret123", algorithm="HS256")\n',
        'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "my-super-secret-key-123"\n',
        'SECRET_KEY = "django-insecure-8f$k2@l!x9q#w0e"\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/admin", methods=["POST"])\ndef admin():\n    if request.form.get("password") == "admin123":\n        return "welcome"\n    return "denied", 403\n',
        'API_KEY = "sk-123456"\n',
        // a numbered secret is still a secret
        'def login(entered):\n    admin_password_2 = "Winter2024!"\n    return entered == admin_password_2\n',
        'import mysql.connector\nc = mysql.connector.connect(user="root", password="secret")\n',
        'def check(password):\n    return password == "admin123"\n',
        // a constant-time comparison with a literal is still a literal password
        'import secrets\ndef unlock(pin_or_pwd):\n    return secrets.compare_digest("Tr0ub4dor&3".encode(), pin_or_pwd)\n',
        'import MySQLdb\ndb = MySQLdb.connect("localhost", "user", "pw", "db")\n',
        'import openai\nopenai.api_key = "abc"\n',
        'from github import Github\ngh = Github("YOUR_GITHUB_TOKEN")\n',
        'import stripe\nclient = stripe.StripeClient("<paste-secret-key-here>")\n',
        // a prompt call next to the placeholder does not excuse the placeholder passed to the client
        'import getpass, smtplib\nuser = input("Enter your username: ")\nsmtplib.SMTP("mail").login(user, "YOUR_PASSWORD")\n',
        // a generated-looking literal under a plain `key` name, handed to an API client
        'from canvasapi import Canvas\ndef course(cid):\n    key = "vQF6J15Kuh3Y6ut1Vh247dlVEIpTEbMnWq7lRKjD"\n    return Canvas("https://x/", key).get_course(cid)\n',
        'class Client:\n    def __init__(self):\n        self.token = "ghp_9fK2mQ7xLz4RtB8vNc1WpE6sYd3HuJ0aGi"\n',
        // a numbered key name
        'import boto3\ndef client():\n    key_2 = "Zq8Lr2Vx7Nk4Tb9Wm1Hc6Pd3Sg5Jf0Ya"\n    return boto3.client("s3", aws_secret_access_key=key_2)\n',
      ],
      safe: [
        // a field named by a module constant that is no password, compared with a literal
        'from flask import Flask, request\napp = Flask(__name__)\nMODE_FIELD = "mode"\n@app.route("/view", methods=["POST"])\ndef view():\n    if request.form.get(MODE_FIELD) == "compact":\n        return "small"\n    return "full"\n',
        'COMMON_PASSWORDS = {"123456", "password", "qwerty"}\ndef strong_enough(password):\n    return len(password) >= 12 and password not in COMMON_PASSWORDS\n',
        'def too_common(password, breached_list):\n    return password in breached_list\n',
        // constant-time comparisons with a stored hash, or of a non-password value with a literal protocol tag
        'import hmac\ndef verify(password_hash, stored):\n    return hmac.compare_digest(password_hash, stored)\n',
        'import hmac\ndef same_scheme(signature_scheme):\n    return hmac.compare_digest(signature_scheme, "v1")\n',
        'import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ["DATABASE_URL"])\n',
        // keyword connection strings without a literal password, and prose naming the keyword
        'import os, psycopg2\ndef db():\n    return psycopg2.connect("host=db dbname=sales user=report", password=os.environ["PGPASSWORD"])\n',
        'import psycopg2\ndef db(pw):\n    return psycopg2.connect("host=db dbname=sales user=report password={}".format(pw))\n',
        'HELP = "set password= in your .pgpass file, not here"\n',
        'import os\nfrom canvasapi import Canvas\ndef course(cid):\n    return Canvas("https://x/", os.environ["CANVAS_TOKEN"]).get_course(cid)\n',
        'import os\nfrom cryptography.fernet import Fernet\ncipher = Fernet(os.environ["FERNET_KEY"].encode())\n',
        'import os\nfrom flask import Flask\napp = Flask(__name__)\napp.secret_key = os.environ["FLASK_SECRET_KEY"]\n',
        'import os\nAPI_KEY = os.environ["API_KEY"]\n',
        'import os\nfrom github import Github\ngh = Github(os.getenv("YOUR_GITHUB_TOKEN"))\n',
        'PASSWORD_FIELD = ""\n',
        'import getpass\ndef ask():\n    password = getpass.getpass("Enter your password: ")\n    return password\n',
        'import click\ndef ask():\n    return click.prompt("Enter your password", hide_input=True)\n',
        'token_url = "https://x/token"\n',
        // the number is stripped, the word after the secret still decides
        'reset_password_url2 = "https://example.com/reset"\n',
        // readable lookup names and repeated characters are not secrets
        'def lookup(d):\n    key = "user_profile_settings_version"\n    return d[key]\n',
        'SORT_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA111aaa"\n',
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
        // an ORM or document-store write of the received value
        'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/signup")\ndef signup():\n    Account.create(email=request.json["email"], password=request.json["password"])\n    return "ok"\n',
        'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/signup")\ndef signup():\n    pw = request.form.get("pwd")\n    mongo.db.users.insert_one({"name": request.form.get("name"), "pwd": pw})\n    return "ok"\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport sqlite3, bcrypt\n@app.route("/register", methods=["POST"])\ndef register():\n    hashed = bcrypt.hashpw(request.form["password"].encode(), bcrypt.gensalt())\n    conn = sqlite3.connect("u.db")\n    conn.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (request.form["username"], hashed))\n    return "ok"\n',
        'import bcrypt\ndef check(user, password):\n    return bcrypt.checkpw(password.encode(), user.password_hash)\n',
        'def register(password, confirm_password):\n    return password == confirm_password\n',
        'from flask import Flask, request\nfrom werkzeug.security import generate_password_hash\napp = Flask(__name__)\n@app.post("/signup")\ndef signup():\n    Account.create(email=request.json["email"], password=generate_password_hash(request.json["password"]))\n    return "ok"\n',
        'from flask import Flask, request\napp = Flask(__name__)\n@app.post("/signup")\ndef signup():\n    User.objects.create_user(request.form["name"], password=request.form["password"])\n    return "ok"\n',
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
        'import base64\ndef check(cursor, userid, password):\n    cursor.execute("SELECT pw FROM users WHERE id = %s", (userid,))\n    return base64.b64decode(cursor.fetchone()[0]) == password\n',
        'import binascii\ndef same(entry, pwd):\n    return pwd != binascii.unhexlify(entry.secret)\n',
        'import base64\ndef matches(saved, password):\n    return base64.b64decode(saved).decode("utf-8") == password\n',
      ],
      safe: [
        'import base64\ndef header(user, password):\n    token = base64.b64encode(f"{user}:{password}".encode()).decode()\n    return {"Authorization": "Basic " + token}\n',
        'import base64\ndef encode_image(data):\n    return base64.b64encode(data)\n',
        // a decoded payload compared with something that is not a password
        'import base64\ndef same(blob, expected_body):\n    return base64.b64decode(blob) == expected_body\n',
        'import base64, hashlib\ndef check(row, password_hash):\n    return base64.b64decode(row[0]) == password_hash\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CRED-002',
    name: 'empty-connection-password',
    cwe: 521,
    severity: 'high',
    confidence: 'medium',
    message:
      'A database or service connection is configured with an empty password, so anyone who can reach it can log in',
    fixHint:
      'Give the account a strong password and read it at run time (os.environ["DB_PASSWORD"] or a secret store); for local sockets use the server\'s peer or certificate authentication instead of an empty password.',
    examples: {
      vulnerable: [
        'def configure_app(app):\n    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://user:@domain.com"\n',
        'DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "USER": "app",\n        "PASSWORD": "",\n        "HOST": "localhost",\n    }\n}\n',
        'import MySQLdb\ndef db():\n    return MySQLdb.connect(host="localhost", user="root", passwd="", db="test")\n',
        'import pymysql\ndef db():\n    return pymysql.connect("db", "root", "", "shop")\n',
        'import redis\nr = redis.Redis(host="cache", password="")\n',
      ],
      safe: [
        'import os\ndef configure_app(app):\n    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]\n',
        // no password at all: the server authenticates the local socket's peer (.pgpass, peer auth)
        'def configure_app(app):\n    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://user@/db"\n',
        'import os\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ["DB_PASSWORD"]}}\n',
        // a form's empty default is not a connection credential
        'FORM_DEFAULTS = {"username": "", "PASSWORD": ""}\n',
        // SQLite has no accounts
        'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3", "USER": "", "PASSWORD": ""}}\n',
        'import os, MySQLdb\ndef db():\n    return MySQLdb.connect(host="localhost", user="root", passwd=os.environ["DB_PW"], db="test")\n',
      ],
    },
  },
];

/** Whether a value is the empty string literal. */
function isEmptyLiteral(analysis: ModuleAnalysis, node: PlainNode | undefined): boolean {
  return stringValue(analysis, node) === '';
}

// Clients and connectors that take the password of the account they log in as.
const connectionCall =
  /(^|\.)(connect|Connect|connection|create_connection|Connection|Redis|StrictRedis|MongoClient|SMTP|SMTP_SSL|FTP|FTP_TLS|Client|login|ConnectionPool|SimpleConnectionPool|create_pool)$/;

// A settings dict for a database: it names the engine, driver, user or host beside the password.
const databaseSettingKey = /^(ENGINE|DRIVER|USER|HOST|NAME|PORT|DATABASE|DB)$/i;

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CRED-001': {
    assign(target, value, analysis) {
      if (!isCredentialLiteral(analysis, value)) return;
      const name =
        target.type === 'subscript'
          ? (stringValue(analysis, childByField(target, 'subscript')) ?? '')
          : analysis.text(target);
      if (isSecretName(name)) analysis.report('FDSP-PY-CRED-001', target);
      else if (keyName.test(name) && looksGenerated(stringValue(analysis, value) ?? ''))
        analysis.report('FDSP-PY-CRED-001', target, { detail: 'generated-looking key literal' });
    },
    call(site, analysis) {
      for (const [key, value] of site.keywords) {
        if (isSecretName(key) && isCredentialLiteral(analysis, value)) {
          analysis.report('FDSP-PY-CRED-001', site.node, { detail: key });
          return;
        }
      }
      // A placeholder credential ("YOUR_API_KEY", "<insert_access_token_here>") passed to a client: the code is meant
      // to carry the real secret inline. Lookups by name (getenv, config.get) take the name, not the secret, and a
      // prompt ("Enter your password: ") is the text shown to the user, who types the secret in.
      if (
        !/getenv|environ|config|setting|secret_?manager|keyring|vault|\.get$|getitem|param/i.test(site.name) &&
        !promptCalls.test(site.name)
      ) {
        for (const value of site.positional) {
          const literal = stringValue(analysis, value);
          if (literal !== undefined && isPlaceholderCredential(literal)) {
            analysis.report('FDSP-PY-CRED-001', site.node, { detail: `placeholder "${literal}"` });
            return;
          }
        }
      }
      // A key written into the code and handed to a cipher, MAC or token signer (CWE-321).
      const keyIndex = keyArgument(site.name);
      if (keyIndex !== undefined) {
        const key = site.keywords.get('key') ?? site.keywords.get('secret') ?? site.positional[keyIndex];
        if (key && isKeyLiteral(analysis, key)) {
          analysis.report('FDSP-PY-CRED-001', site.node, { detail: 'hard-coded key' });
          return;
        }
      }
      // `hmac.compare_digest(password, "S3cret")`: a constant-time comparison with a password written in the code is
      // the same hard-coded password as `password == "S3cret"`; the timing defence does not move it out of the source.
      if (/^(hmac|secrets)\.compare_digest$/.test(site.name)) {
        const [first, second] = site.positional;
        for (const [name, literal] of [
          [first, second],
          [second, first],
        ] as const) {
          if (!name || !literal || !passwordish.test(analysis.text(name))) continue;
          if (isCredentialLiteral(analysis, encodedOperand(literal, analysis))) {
            analysis.report('FDSP-PY-CRED-001', site.node, { detail: 'compared in constant time with a literal' });
            return;
          }
        }
      }
      // MySQLdb.connect(host, user, passwd, db) / psycopg2-style positional credentials.
      if (
        /(MySQLdb|pymysql|mysql\.connector|psycopg2|pyodbc)\.(connect|Connect)$/.test(site.name) &&
        site.positional[2] &&
        isCredentialLiteral(analysis, site.positional[2])
      ) {
        analysis.report('FDSP-PY-CRED-001', site.node);
      }
    },
    node(node, analysis) {
      if (node.type === 'comparison_operator' && acceptsLiteralPasswords(node, analysis)) {
        analysis.report('FDSP-PY-CRED-001', node, { detail: 'accepted passwords written in the code' });
        return;
      }
      if (node.type === 'comparison_operator') {
        const [left, right] = namedChildren(node);
        if (!left || !right || !node.children.some((child) => child.type === '==' || child.type === '!=')) return;
        for (const [name, literal] of [
          [left, right],
          [right, left],
        ] as const) {
          if (
            // `password == "..."`, and the request field itself: `request.form.get("password") == "admin123"`.
            ['identifier', 'attribute', 'call', 'subscript'].includes(name.type) &&
            (passwordish.test(analysis.text(name)) || passwordish.test(readKey(name, analysis) ?? '')) &&
            isCredentialLiteral(analysis, literal)
          ) {
            analysis.report('FDSP-PY-CRED-001', node);
            return;
          }
        }
      }
      // Credentials inside a connection URL: "postgresql://admin:P4ssw0rd@db/prod".
      if (node.type === 'string') {
        const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s/]+)@[^\s]/i.exec(stringValue(analysis, node) ?? '');
        const secret = userinfo?.[1] ?? keywordConnectionSecret(stringValue(analysis, node) ?? '');
        if (secret && !/^(\$|%|\{|<|\*+$|x+$)/i.test(secret)) analysis.report('FDSP-PY-CRED-001', node);
        return;
      }
      if (node.type === 'pair') {
        const key = stringValue(analysis, childByField(node, 'key'));
        const value = childByField(node, 'value');
        if (key !== undefined && value && isSecretName(key) && isCredentialLiteral(analysis, value))
          analysis.report('FDSP-PY-CRED-001', node);
      }
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
      if (ormStoresReceivedPassword(site, analysis)) {
        analysis.report('FDSP-PY-PWSTORE-001', site.node, { detail: 'stored as received' });
        return;
      }
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
    node(node, analysis) {
      // `base64.b64decode(row[0]) == password`: the stored form decodes back to the password, so it was stored
      // reversibly whatever the stored value's name.
      if (node.type !== 'comparison_operator') return;
      if (!node.children.some((child) => child.type === '==' || child.type === '!=')) return;
      const operands = namedChildren(node);
      if (operands.length !== 2) return;
      const decoded = operands.find((operand) => {
        const call = withoutTextConversion(operand, analysis);
        return (
          call.type === 'call' && reversibleDecoder.test(analysis.qualify(childByField(call, 'function') ?? call) ?? '')
        );
      });
      const supplied = operands.find((operand) => operand !== decoded);
      if (
        decoded &&
        supplied &&
        passwordName.test(analysis.text(supplied)) &&
        !/hash|digest/i.test(analysis.text(supplied))
      )
        analysis.report('FDSP-PY-PWSTORE-002', node, { detail: 'compared with a decoded stored value' });
    },
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
};

logic['FDSP-PY-CRED-002'] = {
  call(site, analysis) {
    if (!connectionCall.test(site.name)) return;
    for (const [key, value] of site.keywords) {
      if (/^(password|passwd|pwd|pass)$/i.test(key) && isEmptyLiteral(analysis, value)) {
        analysis.report('FDSP-PY-CRED-002', site.node, { detail: key });
        return;
      }
    }
    // MySQLdb.connect(host, user, passwd, db): the DB-API drivers' positional order.
    if (
      /(MySQLdb|pymysql|mysql\.connector|psycopg2|pyodbc)\.(connect|Connect)$/.test(site.name) &&
      isEmptyLiteral(analysis, site.positional[2])
    )
      analysis.report('FDSP-PY-CRED-002', site.node);
  },
  node(node, analysis) {
    // "postgresql://user:@host/db": a user name followed by an empty password.
    if (node.type === 'string') {
      if (/^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:@[^\s]/i.test(stringValue(analysis, node) ?? ''))
        analysis.report('FDSP-PY-CRED-002', node, { detail: 'empty password in the URL' });
      return;
    }
    if (node.type !== 'pair') return;
    const key = stringValue(analysis, childByField(node, 'key'));
    if (
      key === undefined ||
      !/^(password|passwd|pwd)$/i.test(key) ||
      !isEmptyLiteral(analysis, childByField(node, 'value'))
    )
      return;
    const siblings = new Map(
      (node.parent ? namedChildren(node.parent) : [])
        .filter((pair) => pair.type === 'pair')
        .map((pair) => [
          (stringValue(analysis, childByField(pair, 'key')) ?? '').toUpperCase(),
          childByField(pair, 'value'),
        ]),
    );
    if (![...siblings.keys()].some((key) => databaseSettingKey.test(key))) return;
    // SQLite has no accounts, and with no user there is no login for the password to protect.
    const engine = siblings.get('ENGINE');
    if (engine && /sqlite/i.test(analysis.text(engine))) return;
    if (siblings.has('USER') && isEmptyLiteral(analysis, siblings.get('USER'))) return;
    analysis.report('FDSP-PY-CRED-002', node);
  },
};

export const credentialRules: RuleFamily = { definitions, logic };

/** The string a comparison operand carries: `"S3cret".encode()` is the literal "S3cret" as bytes. */
function encodedOperand(node: PlainNode, analysis: ModuleAnalysis): PlainNode {
  if (node.type !== 'call') return node;
  const callee = childByField(node, 'function');
  if (callee?.type !== 'attribute' || analysis.text(childByField(callee, 'attribute') ?? callee) !== 'encode')
    return node;
  return childByField(callee, 'object') ?? node;
}

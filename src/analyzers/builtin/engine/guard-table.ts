// The guard table: which kind of check clears which sink kinds, with a vulnerable and a safe example for each (run by
// tables.test.ts). guards.ts reads branch conditions and maps them to these kinds.
import { allSinks, formatChecked, sinkKinds, sinkMask, type SinkKind } from '../taint.js';

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
  | 'relative-path'
  | 'directory-entry'
  | 'bare-name'
  | 'conversion'
  | 'falsy'
  | 'string-type'
  | 'authenticated';

export interface GuardEntry {
  readonly kind: GuardKind;
  readonly shapes: string;
  readonly cleans: readonly SinkKind[] | 'all';
  /** The check bounds the value's characters: a URL template decides by where the value lands (url-template.ts). */
  readonly formatOnly?: true;
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
    shapes:
      '`x in ALLOWED`, `x not in ALLOWED` (constant collection), `x == "literal"`, through .lower()/.strip()/str(); `match x:` `case "a" | "b":` (inside the case; also the alias of `case "a" | "b" as v:`); `case v if v in ALLOWED:` (v aliases the subject; `case _:` after `case v if v not in ALLOWED: return` gets the complement)',
    cleans: 'all',
    why: 'The value is one of the program’s own literals.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "tool = request.args['t']\nif tool in BLOCKED:\n    abort(400)\nos.system(tool)\nreturn 'ok'",
        "import os\nBLOCKED = {'rm'}\n",
      ),
      safe: handler(
        "tool = request.args['t']\nif tool not in ALLOWED:\n    abort(400)\nos.system(tool)\nreturn 'ok'",
        "import os\nALLOWED = {'ls', 'df'}\n",
      ),
    },
  },
  {
    kind: 'character-class',
    shapes:
      '`x.isdigit()`, `isalnum`, `isnumeric`, `isdecimal`, `isidentifier`, `isalpha`; per character: `all(c.isalnum() for c in x)`',
    cleans: sinkKinds.filter((sink) => sink !== 'url'),
    formatOnly: true,
    why: 'Letters and digits only: no metacharacter of any sink survives. As the whole host of an outbound URL it is still a server the request picks (`https://{host}/`); as a label of a fixed domain or a path segment it is not.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "n = request.args['n']\nif n.isdigit():\n    pass\nos.system('seq ' + n)\nreturn 'ok'",
        'import os\n',
      ),
      safe: handler(
        "n = request.args['n']\nif not n.isdigit():\n    return 'bad', 400\nos.system('seq ' + n)\nreturn 'ok'",
        'import os\n',
      ),
    },
  },
  {
    kind: 'type-check',
    shapes: '`isinstance(x, int)` (int, float, bool, UUID), `match x:` `case int():` / `case int() | float():`',
    cleans: 'all',
    why: 'A number carries no text. `isinstance(x, str)` narrows nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "n = request.json['n']\nif isinstance(n, str):\n    os.system('seq ' + n)\nreturn 'ok'",
        'import os\n',
      ),
      safe: handler(
        "n = request.json['n']\nif isinstance(n, int):\n    os.system('seq ' + str(n))\nreturn 'ok'",
        'import os\n',
      ),
    },
  },
  {
    kind: 'full-match',
    shapes:
      '`re.fullmatch(p, x)`, `re.match(r"^…$", x)`, a compiled anchored pattern’s `.fullmatch`/`.match`; `… is None` / `is not None`, through a name (`m = re.fullmatch(…); if m is None:`) or a walrus (`if (m := re.fullmatch(…)) is None:`); per character: `all(c in SAFE_CHARS for c in x)`, `set(x) <= SAFE_CHARS`, `set(x).issubset(SAFE_CHARS)`; rejecting `re.search(r"[^a-z0-9]", x)` (a lone negated class: no character outside it); `re.compile(r"^…$").match(x)` inline',
    cleans: [
      'sql',
      'shell',
      'code',
      'path',
      'html',
      'ldap',
      'xpath',
      'regex',
      'log',
      'header',
      'nosql',
      'template',
      'address',
      'xml',
      'deserialize',
    ],
    formatOnly: true,
    why: 'The whole value is in a character language the program chose; it bounds characters, not a URL’s host. An unanchored `re.search` or a pattern with `.*` narrows nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "name = request.args['n']\nif re.search(r'[a-z]+', name):\n    os.system('id ' + name)\nreturn 'ok'",
        'import os, re\n',
      ),
      safe: handler(
        "name = request.args['n']\nif re.fullmatch(r'[a-z]+', name):\n    os.system('id ' + name)\nreturn 'ok'",
        'import os, re\n',
      ),
    },
  },
  {
    kind: 'host-check',
    shapes:
      '`urlparse(u).netloc in ALLOWED`, `p.hostname == HOST`, `host = p.netloc; if host not in ALLOWED: abort()`, `if not p.netloc:`; a start-anchored URL pattern that spells scheme and host (`re.fullmatch(r"https://([a-z0-9-]+\\.)*example\\.com(/.*)?", u)`, host-patterns.ts)',
    cleans: ['redirect', 'url'],
    why: 'The destination host is pinned (or absent: a relative URL). It says nothing about the path or other sinks.',
    example: {
      rule: 'FDSP-PY-REDIRECT-001',
      vulnerable: handler(
        "url = request.args['next']\nif urlparse(url).scheme not in ('http', 'https'):\n    abort(400)\nreturn redirect(url)",
        'from urllib.parse import urlparse\n',
      ),
      safe: handler(
        "url = request.args['next']\nif urlparse(url).netloc not in ALLOWED_HOSTS:\n    abort(400)\nreturn redirect(url)",
        "from urllib.parse import urlparse\nALLOWED_HOSTS = {'example.com'}\n",
      ),
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
      safe: handler(
        "url = request.args['next']\nif url.startswith('https://example.com/'):\n    return redirect(url)\nreturn 'no'",
      ),
    },
  },
  {
    kind: 'containment',
    shapes:
      '`realpath(p).startswith(BASE)`, `full = os.path.abspath(…); if not full.startswith(BASE): abort()`, `commonpath([BASE, realpath(p)]) == BASE`, `Path(…).resolve().is_relative_to(BASE)` — each on a normalized path only (commonpath and is_relative_to are lexical)',
    cleans: ['path'],
    why: 'A normalized path under the base cannot escape it. `startswith` on an unnormalized path is no containment ("/srv/../etc").',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: handler(
        "path = os.path.join(BASE, request.args['f'])\nif not path.startswith(BASE):\n    abort(403)\nreturn open(path).read()",
        "import os\nBASE = '/srv/files'\n",
      ),
      safe: handler(
        "path = os.path.realpath(os.path.join(BASE, request.args['f']))\nif not path.startswith(BASE):\n    abort(403)\nreturn open(path).read()",
        "import os\nBASE = '/srv/files'\n",
      ),
    },
  },
  {
    kind: 'traversal-denylist',
    shapes: '`if ".." in name: abort()`, `if any(bad in name for bad in ["..", …]): abort()`',
    cleans: ['path'],
    why: 'Decision: climbing out needs "..", so rejecting it is accepted for path sinks (an absolute name is a separate check the path rules make). Denylists of other characters (";" in a command) narrow nothing.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "cmd = request.args['c']\nif ';' in cmd:\n    abort(400)\nos.system(cmd)\nreturn 'ok'",
        'import os\n',
      ),
      safe: handler(
        "cmd = request.args['c']\nif not cmd.isalnum():\n    abort(400)\nos.system(cmd)\nreturn 'ok'",
        'import os\n',
      ),
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
      safe: handler(
        "url = request.args['next']\nif not url_has_allowed_host_and_scheme(url, {'example.com'}):\n    abort(400)\nreturn redirect(url)",
        'from django.utils.http import url_has_allowed_host_and_scheme\n',
      ),
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
      safe: handler(
        "url = request.args['next']\nif url.startswith('/') and not url.startswith('//'):\n    return redirect(url)\nreturn 'no'",
      ),
    },
  },
  {
    kind: 'directory-entry',
    shapes: '`name in os.listdir(DIR)`, `if name not in os.listdir(DIR): abort()`',
    cleans: ['path'],
    why: 'os.listdir returns the names of one directory’s entries: no separator, never "." or "..", so a member names an existing entry of that directory and climbs nowhere. It bounds nothing else (an entry name may hold shell or SQL metacharacters).',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: handler(
        "user = request.args['u']\nif user not in os.environ.get('USERS', ''):\n    abort(404)\nreturn str(os.listdir(os.path.join('/home', user)))",
        'import os\n',
      ),
      safe: handler(
        "user = request.args['u']\nif user not in os.listdir('/home'):\n    abort(404)\nreturn str(os.listdir(os.path.join('/home', user)))",
        'import os\n',
      ),
    },
  },
  {
    kind: 'bare-name',
    shapes:
      '`os.path.basename(x) == x` (or `!=` rejected), `Path(x).name == x`, `"/" not in x` / `os.sep not in x`, each together with a rejection of ".." in the same condition (`x in (".", "..")`, `x == ".."`, `x.startswith(".")`, `".." in x`); `secure_filename(x) == x` alone',
    cleans: ['path'],
    why: 'A value equal to its own basename holds no "/": joined to a fixed base it names an entry of that directory, and an absolute name is impossible. Its one way out is ".." itself (`basename("..") == ".."`, `Path("..").name == ".."`), which names the parent, so the check guards a path only together with a rejection of ".." (or of every dot name); "." and "" name the base itself. `secure_filename(x) == x` needs no second half: secure_filename strips leading dots, so ".." never equals its result. Decision: the separator is POSIX "/" (os.sep); a Windows "\\" is not modelled. A bare-name check split over two statements is not combined.',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: handler(
        "name = request.args['f']\nif os.path.basename(name) != name:\n    abort(400)\nreturn str(os.listdir(os.path.join('/srv/files', name)))",
        'import os\n',
      ),
      safe: handler(
        "name = request.args['f']\nif os.path.basename(name) != name or name in ('.', '..'):\n    abort(400)\nreturn str(os.listdir(os.path.join('/srv/files', name)))",
        'import os\n',
      ),
    },
  },
  {
    kind: 'conversion',
    shapes:
      '`n = int(x)`, `float(x)`, `Decimal(x)`, `uuid.UUID(x)` as a statement (also inside `try:` with `except ValueError: return`), or as an operand of a comparison (`if not 0 < int(x) < 100:` narrows on both branches)',
    cleans: sinkKinds.filter((sink) => sink !== 'header' && sink !== 'log'),
    why: 'The conversion raises on anything but a number or UUID, so on the path where it returned the text spelled one. Decision: int() and UUID() accept surrounding whitespace, CR and LF included, so header and log sinks stay tainted; `if int(x):` alone narrows nothing (only statements and comparison operands do).',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "pid = request.args['p']\ntry:\n    int(pid)\nexcept ValueError:\n    pass\nos.system('kill ' + pid)\nreturn 'ok'",
        'import os\n',
      ),
      safe: handler(
        "pid = request.args['p']\ntry:\n    int(pid)\nexcept ValueError:\n    return 'bad', 400\nos.system('kill ' + pid)\nreturn 'ok'",
        'import os\n',
      ),
    },
  },
  {
    kind: 'falsy',
    shapes:
      '`if not x:` and `x is None` on the branch where they hold, so also the fall-through of `if x and not ok(x): return` or `if x is not None and not ok(x): return` (there `x` is falsy or passed the check)',
    cleans: 'all',
    why: 'A falsy value is "", None, 0 or an empty collection: it carries no text for any sink.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: handler(
        "n = request.args['n']\nif n and not n.isalnum() and len(n) > 3:\n    abort(400)\nos.system('id ' + n)\nreturn 'ok'",
        'import os\n',
      ),
      safe: handler(
        "n = request.args['n']\nif n and not n.isalnum():\n    abort(400)\nos.system('id ' + n)\nreturn 'ok'",
        'import os\n',
      ),
    },
  },
  {
    kind: 'string-type',
    shapes: '`isinstance(x, str)` (only str among the types)',
    cleans: ['nosql'],
    why: 'A string cannot be a query-operator object ({"$ne": ""}): the check closes NoSQL operator injection as str(x) does, and nothing else (the string still carries any text).',
    example: {
      rule: 'FDSP-PY-NOSQL-001',
      vulnerable: handler(
        "name = request.json['name']\nif isinstance(name, (str, dict)):\n    return str(users.find_one({'name': name}))\nreturn 'no'",
        'from pymongo import MongoClient\nusers = MongoClient().app.users\n',
      ),
      safe: handler(
        "name = request.json['name']\nif not isinstance(name, str):\n    abort(400)\nreturn str(users.find_one({'name': name}))",
        'from pymongo import MongoClient\nusers = MongoClient().app.users\n',
      ),
    },
  },
  {
    kind: 'authenticated',
    shapes:
      '`hmac.compare_digest(sig, hmac.new(KEY, msg, …).digest())` (or `.hexdigest()`, `hmac.digest(KEY, msg, …)`, either side, inline or through a name) holding, with a key that holds no request data',
    cleans: ['deserialize'],
    why: "A matching MAC under the server's own key shows the server produced `msg`: the sign-then-verify mitigation CWE-502 names for data that must stay in a code-executing format. A key the request chooses authenticates nothing.",
    example: {
      rule: 'FDSP-PY-DESER-001',
      vulnerable: handler(
        "data = request.get_data()\nkey = request.headers['X-Key'].encode()\nif not hmac.compare_digest(hmac.new(key, data, hashlib.sha256).hexdigest(), request.headers['X-Sig']):\n    abort(403)\nreturn str(pickle.loads(data))",
        'import hashlib, hmac, pickle\n',
      ),
      safe: handler(
        "data = request.get_data()\nexpected = hmac.new(KEY, data, hashlib.sha256).hexdigest()\nif not hmac.compare_digest(expected, request.headers['X-Sig']):\n    abort(403)\nreturn str(pickle.loads(data))",
        "import hashlib, hmac, os, pickle\nKEY = os.environ['SIGNING_KEY'].encode()\n",
      ),
    },
  },
];

export const guardMasks: ReadonlyMap<GuardKind, number> = new Map(
  guardTable.map((entry): [GuardKind, number] => [
    entry.kind,
    (entry.cleans === 'all' ? allSinks : sinkMask(entry.cleans)) | (entry.formatOnly ? formatChecked : 0),
  ]),
);

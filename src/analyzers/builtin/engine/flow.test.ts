// Flow-sensitivity, summaries and robustness, each as a vulnerable/safe twin written for the engine (shapes the
// labelled sets do not contain).
import { describe, expect, it } from 'vitest';

import { createBuiltinAnalyzer, scanSource } from '../index.js';
import { flaskView, twinCases, type Twin } from './flow-twins.js';

const header =
  "import os, re, subprocess\nfrom flask import Flask, request, abort, redirect\nfrom urllib.parse import urlparse\napp = Flask(__name__)\nALLOWED = {'ls', 'df'}\nHOSTS = {'example.com'}\n";
const view = (body: string, extra = ''): string => flaskView(header, body, extra);
const command = (code: string): boolean =>
  scanSource('t.py', code).some((finding) => finding.ruleId === 'FDSP-PY-CMDI-001');
const redirected = (code: string): boolean =>
  scanSource('t.py', code).some((finding) => finding.ruleId === 'FDSP-PY-REDIRECT-001');

const twins: readonly Twin[] = [
  {
    name: 'guard then return cleans after the if',
    vulnerable: view("c = request.args['c']\nif c not in ALLOWED:\n    print('odd')\nos.system(c)"),
    safe: view("c = request.args['c']\nif c not in ALLOWED:\n    return 'no', 400\nos.system(c)"),
  },
  {
    name: 'guard then raise',
    vulnerable: view("c = request.args['c']\nif c in ALLOWED:\n    raise ValueError(c)\nos.system(c)"),
    safe: view("c = request.args['c']\nif c not in ALLOWED:\n    raise ValueError(c)\nos.system(c)"),
  },
  {
    name: 'guard then sys.exit / abort',
    vulnerable: view("c = request.args['c']\nif c not in ALLOWED:\n    log = 1\nos.system(c)"),
    safe: view("c = request.args['c']\nif c not in ALLOWED:\n    abort(403)\nos.system(c)"),
  },
  {
    name: 'the check holds inside the if only',
    vulnerable: view("c = request.args['c']\nif c in ALLOWED:\n    pass\nelse:\n    os.system(c)"),
    safe: view("c = request.args['c']\nif c in ALLOWED:\n    os.system(c)\nelse:\n    return 'no'"),
  },
  {
    name: 'continue past unsafe loop members',
    vulnerable: view(
      "for c in request.args.getlist('c'):\n    if c not in ALLOWED:\n        print(c)\n    os.system(c)",
    ),
    safe: view("for c in request.args.getlist('c'):\n    if c not in ALLOWED:\n        continue\n    os.system(c)"),
  },
  {
    name: 'while and assert guards',
    vulnerable: view("c = request.args['c']\nassert c\nos.system(c)"),
    safe: view("c = request.args['c']\nassert c in ALLOWED\nos.system(c)"),
  },
  {
    name: 'validating one variable and using another cleans nothing',
    vulnerable: view(
      "c = request.args['c']\nd = request.args['d']\nif c not in ALLOWED:\n    abort(400)\nos.system(d)",
    ),
    safe: view("c = request.args['c']\nd = request.args['d']\nif d not in ALLOWED:\n    abort(400)\nos.system(d)"),
  },
  {
    name: 'a local validator returning a membership test',
    vulnerable: view(
      "c = request.args['c']\nif not looks_fine(c):\n    abort(400)\nos.system(c)",
      'def looks_fine(v):\n    return len(v) < 10\n',
    ),
    safe: view(
      "c = request.args['c']\nif not allowed(c):\n    abort(400)\nos.system(c)",
      'def allowed(v):\n    return v in ALLOWED\n',
    ),
  },
  {
    name: 'a validator with early returns, and a wrapper of it',
    vulnerable: view(
      "c = request.args['c']\nif wrapped(c):\n    pass\nos.system(c)",
      'def check(v):\n    if v in ALLOWED:\n        return True\n    return False\ndef wrapped(v):\n    return check(v)\n',
    ),
    safe: view(
      "c = request.args['c']\nif not wrapped(c):\n    abort(400)\nos.system(c)",
      'def check(v):\n    if v in ALLOWED:\n        return True\n    return False\ndef wrapped(v):\n    return check(v)\n',
    ),
  },
  {
    name: 'a raising checker cleans its argument after the call',
    vulnerable: view(
      "c = request.args['c']\nensure(c)\nos.system(c)",
      'def ensure(v):\n    if v in ALLOWED:\n        raise ValueError(v)\n',
    ),
    safe: view(
      "c = request.args['c']\nensure(c)\nos.system(c)",
      'def ensure(v):\n    if v not in ALLOWED:\n        raise ValueError(v)\n',
    ),
  },
  {
    name: 'a helper that always raises ends the path',
    vulnerable: view(
      "c = request.args['c']\nif c not in ALLOWED:\n    note(c)\nos.system(c)",
      'def note(v):\n    print(v)\n',
    ),
    safe: view(
      "c = request.args['c']\nif c not in ALLOWED:\n    fail(c)\nos.system(c)",
      "def fail(v):\n    raise ValueError('bad ' + v)\n",
    ),
  },
  {
    name: 'a sanitizer helper carries its transform, for the sinks it suits',
    vulnerable: view(
      "c = escape_html(request.args['c'])\nos.system('echo ' + c)",
      'import html\ndef escape_html(v):\n    return html.escape(v)\n',
    ),
    safe: view(
      "c = quote(request.args['c'])\nos.system('echo ' + c)",
      'import shlex\ndef quote(v):\n    return shlex.quote(v)\n',
    ),
  },
  {
    name: 'methods: self.validator(x)',
    vulnerable: `${header}class Api:\n    def ok(self, v):\n        return len(v) > 0\n    @app.route('/m')\n    def run(self):\n        c = request.args['c']\n        if self.ok(c):\n            os.system(c)\n`,
    safe: `${header}class Api:\n    def ok(self, v):\n        return v in ALLOWED\n    @app.route('/m')\n    def run(self):\n        c = request.args['c']\n        if self.ok(c):\n            os.system(c)\n`,
  },
  {
    name: 'try/except: the handler sees the unvalidated value',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    ensure(c)\nexcept ValueError:\n    os.system(c)\nreturn 'ok'",
      'def ensure(v):\n    if v not in ALLOWED:\n        raise ValueError(v)\n',
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    ensure(c)\n    os.system(c)\nexcept ValueError:\n    return 'no'\nreturn 'ok'",
      'def ensure(v):\n    if v not in ALLOWED:\n        raise ValueError(v)\n',
    ),
  },
  {
    name: 'host check through a derived name',
    vulnerable: view(
      "url = request.args['u']\nhost = urlparse(url).scheme\nif host not in HOSTS:\n    abort(400)\nreturn redirect(url)",
    ),
    safe: view(
      "url = request.args['u']\nhost = urlparse(url).hostname\nif host not in HOSTS:\n    abort(400)\nreturn redirect(url)",
    ),
    check: redirected,
  },
  {
    name: 'a validator helper on the netloc',
    vulnerable: view(
      "url = request.args['u']\nif not safe(url):\n    abort(400)\nreturn redirect(url)",
      "def safe(u):\n    return urlparse(u).scheme in ('http', 'https')\n",
    ),
    safe: view(
      "url = request.args['u']\nif not safe(url):\n    abort(400)\nreturn redirect(url)",
      'def safe(u):\n    return urlparse(u).netloc in HOSTS\n',
    ),
    check: redirected,
  },
  {
    name: 'an unanchored regex search is no validation, an anchored match is',
    vulnerable: view("c = request.args['c']\nif not re.match(r'[a-z]+', c):\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif not re.match(r'[a-z]+$', c):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'a compiled anchored pattern',
    vulnerable: view(
      "c = request.args['c']\nif not NAME.match(c):\n    abort(400)\nos.system(c)",
      "NAME = re.compile(r'^.*$')\n",
    ),
    safe: view(
      "c = request.args['c']\nif not NAME.match(c):\n    abort(400)\nos.system(c)",
      "NAME = re.compile(r'^[a-z]+$')\n",
    ),
  },
  {
    name: 'match statement: a case binding the value keeps it tainted',
    vulnerable: view("c = request.args['c']\nmatch c:\n    case 'a':\n        pass\n    case _:\n        os.system(c)"),
    safe: view(
      "c = request.args['c']\nmatch c:\n    case 'a':\n        os.system('ls')\n    case _:\n        return 'no'",
    ),
  },
  {
    name: 'a name holding a check result narrows as the check',
    vulnerable: view(
      "c = request.args['c']\nok = bool(re.search(r'[a-z]', c))\nif not ok:\n    abort(400)\nos.system(c)",
    ),
    safe: view(
      "c = request.args['c']\nok = bool(re.fullmatch(r'[a-z]+', c))\nif not ok:\n    abort(400)\nos.system(c)",
    ),
  },
  {
    name: 'isinstance(x, str) narrows nothing, isinstance(x, int) does',
    vulnerable: view("c = request.json['c']\nif not isinstance(c, str):\n    abort(400)\nos.system('kill ' + c)"),
    safe: view("c = request.json['c']\nif not isinstance(c, int):\n    abort(400)\nos.system('kill ' + str(c))"),
  },
];

const headerFlagged = (value: string): boolean =>
  scanSource('t.py', value).some((finding) => finding.ruleId === 'FDSP-PY-HEADER-001');

describe('line-break removal', () => {
  const response = (cleaning: string): string =>
    view(
      `value = request.args['v']${cleaning}\nresp = make_response('ok')\nresp.headers['X-V'] = value\nreturn resp`,
      'from flask import make_response\n',
    );
  it('removing only LF leaves CR: still a header sink', () => {
    expect(headerFlagged(response("\nvalue = value.replace('\\n', '')"))).toBe(true);
  });
  it('removing CR and LF clears header injection', () => {
    expect(headerFlagged(response("\nvalue = value.replace('\\r', '').replace('\\n', '')"))).toBe(false);
  });
});

describe('flow-sensitive engine', () => {
  for (const twin of twinCases(twins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });

  it('scans a 5,000-deep nested expression without overflowing', async () => {
    const deep = `from flask import request\nimport os\ndef f():\n    os.system(${Array.from({ length: 5000 }, () => 'request.args["a"]').join(' + ')})\n`;
    const [result] = await createBuiltinAnalyzer().scan([{ path: 'deep.py', text: deep }]);
    expect(result?.status).toBe('ok');
    expect(result?.findings.map((finding) => finding.ruleId)).toContain('FDSP-PY-CMDI-001');
    const nested = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\ny = ${Array.from({ length: 5000 }, () => 'a').join('.')}\n`;
    const [other] = await createBuiltinAnalyzer().scan([{ path: 'nested.py', text: nested }]);
    expect(other?.status === 'ok' || other?.status === 'syntax-error').toBe(true);
  }, 120_000);
});

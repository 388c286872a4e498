// Guards the engine follows, each as a vulnerable/safe twin written from the API's semantics, and the flow fact
// "validated on every path before this point" (ModuleAnalysis.validatedFor) that rules can ask for.
import { describe, expect, it } from 'vitest';

import { parsePython, type PlainNode } from '../../../python-syntax/index.js';
import { ModuleAnalysis, type AnalysisHooks, type CallSite } from '../analysis.js';
import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

const header =
  "import hmac, os, pickle, re\nfrom pathlib import Path\nfrom flask import Flask, request, abort\napp = Flask(__name__)\nALLOWED = {'ls', 'df'}\nSAFE_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'\nBASE = '/srv/files'\nKEY = os.environ['SIGNING_KEY'].encode()\n";
const view = (body: string): string => flaskView(header, body);
const argvView = (body: string): string => flaskView(header, body, 'import shlex, subprocess\n');
const command = flags('FDSP-PY-CMDI-001');
const path = flags('FDSP-PY-PATH-001');

const twins: readonly Twin[] = [
  {
    name: "werkzeug's get(..., type=int) returns a number (or the default), not the text",
    vulnerable: view("c = request.args.get('c', type=str)\nos.system('sleep ' + c)"),
    safe: view("c = request.args.get('c', type=int)\nos.system('sleep ' + str(c))"),
  },
  {
    name: 'get(..., type=int) still carries a request-controlled default',
    vulnerable: view("c = request.args.get('c', request.args['d'], type=int)\nos.system('sleep ' + str(c))"),
    safe: view("c = request.args.get('c', 5, type=int)\nos.system('sleep ' + str(c))"),
  },
  {
    name: 'a stored match result compared with None',
    vulnerable: view("c = request.args['c']\nm = re.search(r'[a-z]+', c)\nif m is None:\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nm = re.fullmatch(r'[a-z]+', c)\nif m is None:\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'a walrus match result compared with None',
    vulnerable: view("c = request.args['c']\nif (m := re.search(r'[a-z]+', c)) is None:\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif (m := re.fullmatch(r'[a-z]+', c)) is None:\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'is not None holds where the match does',
    vulnerable: view("c = request.args['c']\nif re.search(r'^[a-z]', c) is not None:\n    os.system(c)"),
    safe: view("c = request.args['c']\nif re.fullmatch(r'[a-z]+', c) is not None:\n    os.system(c)"),
  },
  {
    name: 'all() over the characters with a character-class method',
    vulnerable: view("c = request.args['c']\nif not any(ch.isalnum() for ch in c):\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif not all(ch.isalnum() for ch in c):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'all() over the characters against an allow-listed alphabet',
    vulnerable: view("c = request.args['c']\nif not all(ch not in ';&|' for ch in c):\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif not all(ch in SAFE_CHARS for ch in c):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'a negated conjunction rejects unless both checks hold',
    vulnerable: view(
      "a = request.args['a']\nb = request.args['b']\nif not (a in ALLOWED or b.isdigit()):\n    abort(400)\nos.system(a + ' ' + b)",
    ),
    safe: view(
      "a = request.args['a']\nb = request.args['b']\nif not (a in ALLOWED and b.isdigit()):\n    abort(400)\nos.system(a + ' ' + b)",
    ),
  },
  {
    name: 'is_relative_to is lexical: only a resolved path is contained',
    vulnerable: view(
      "p = Path(BASE) / request.args['f']\nif not p.is_relative_to(BASE):\n    abort(403)\nreturn open(p).read()",
    ),
    safe: view(
      "p = (Path(BASE) / request.args['f']).resolve()\nif not p.is_relative_to(BASE):\n    abort(403)\nreturn open(p).read()",
    ),
    check: path,
  },
  {
    name: 'commonpath is lexical: only a normalized path is contained',
    vulnerable: view(
      "p = os.path.join(BASE, request.args['f'])\nif os.path.commonpath([BASE, p]) != BASE:\n    abort(403)\nreturn open(p).read()",
    ),
    safe: view(
      "p = os.path.realpath(os.path.join(BASE, request.args['f']))\nif os.path.commonpath([BASE, p]) != BASE:\n    abort(403)\nreturn open(p).read()",
    ),
    check: path,
  },
  {
    name: 'a guard result stored in a name, then tested in a loop with continue',
    vulnerable: view(
      "for c in request.args.getlist('c'):\n    ok = len(c) < 8\n    if not ok:\n        continue\n    os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "for c in request.args.getlist('c'):\n    ok = c in ALLOWED\n    if not ok:\n        continue\n    os.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'a conversion inside a chained comparison narrows on both branches',
    vulnerable: view("c = request.args['c']\nif not 0 < len(c) < 100:\n    abort(400)\nos.system('kill ' + c)"),
    safe: view("c = request.args['c']\nif not 0 < int(c) < 100:\n    abort(400)\nos.system('kill ' + c)"),
  },
  {
    name: 'a pattern compiled inline is read like a compiled constant',
    vulnerable: view("c = request.args['c']\nif not re.compile(r'[a-z]+').match(c):\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif not re.compile(r'^[a-z]+$').match(c):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'searching for a character outside an allowed class and rejecting',
    vulnerable: view("c = request.args['c']\nif re.search(r'[;&|]', c):\n    abort(400)\nos.system(c)"),
    safe: view("c = request.args['c']\nif re.search(r'[^a-z0-9]', c):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'the branch where a character outside the class was found stays tainted',
    vulnerable: view("c = request.args['c']\nif re.search(r'[^a-z0-9]', c):\n    os.system(c)\nreturn 'ok'"),
    safe: view("c = request.args['c']\nif not re.search(r'[^a-z0-9]', c):\n    os.system(c)\nreturn 'ok'"),
  },
  {
    name: 'set(x) within an allow-listed alphabet',
    vulnerable: view(
      "c = request.args['c']\nif not set(c) <= set(request.args['alphabet']):\n    abort(400)\nos.system(c)",
    ),
    safe: view("c = request.args['c']\nif not set(c).issubset(SAFE_CHARS):\n    abort(400)\nos.system(c)"),
  },
  {
    name: 'any() over a denylist narrows a path only when it lists ".."',
    vulnerable: view(
      "name = request.args['f']\nif any(bad in name for bad in [';', '|']):\n    abort(400)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    safe: view(
      "name = request.args['f']\nif any(bad in name for bad in ['..', '\\\\']):\n    abort(400)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    check: path,
  },
  {
    name: 'a matching HMAC authenticates the message it was computed over, not another value',
    vulnerable: view(
      "data = request.get_data()\nmeta = request.headers['X-Meta'].encode()\nif not hmac.compare_digest(request.headers['X-Sig'], hmac.new(KEY, meta, 'sha256').hexdigest()):\n    abort(403)\nreturn str(pickle.loads(data))",
    ),
    safe: view(
      "data = request.get_data()\nif not hmac.compare_digest(bytes.fromhex(request.headers['X-Sig']), hmac.digest(KEY, data, 'sha256')):\n    abort(403)\nreturn str(pickle.loads(data))",
    ),
    check: flags('FDSP-PY-DESER-001'),
  },
  {
    name: 'the HMAC key and message may be given by keyword',
    vulnerable: view(
      "data = request.get_data()\nmac = hmac.new(key=request.args['k'].encode(), msg=data, digestmod='sha256')\nif not hmac.compare_digest(mac.hexdigest(), request.headers['X-Sig']):\n    abort(403)\nreturn str(pickle.loads(data))",
    ),
    safe: view(
      "data = request.get_data()\nmac = hmac.new(key=KEY, msg=data, digestmod='sha256')\nif not hmac.compare_digest(mac.hexdigest(), request.headers['X-Sig']):\n    abort(403)\nreturn str(pickle.loads(data))",
    ),
    check: flags('FDSP-PY-DESER-001'),
  },
  {
    name: 'an optional value: empty, or passed the check',
    vulnerable: view("c = request.args.get('c', '')\nif c and len(c) > 8:\n    abort(400)\nos.system('id ' + c)"),
    safe: view("c = request.args.get('c', '')\nif c and not c.isalnum():\n    abort(400)\nos.system('id ' + c)"),
  },
  {
    name: 'an optional value: None, or passed the check',
    vulnerable: view(
      "c = request.args.get('c')\nif c is not None and len(c) > 8:\n    abort(400)\nos.system('id ' + (c or 'root'))",
    ),
    safe: view(
      "c = request.args.get('c')\nif c is not None and not re.fullmatch(r'[a-z]+', c):\n    abort(400)\nos.system('id ' + (c or 'root'))",
    ),
  },
  {
    name: 'the alias of a literal case pattern holds one of the literals',
    vulnerable: view(
      "match request.args.get('t', ''):\n    case str() as tool:\n        os.system(tool)\n    case _:\n        abort(400)",
    ),
    safe: view(
      "match request.args.get('t', ''):\n    case 'ls' | 'df' as tool:\n        os.system(tool)\n    case _:\n        abort(400)",
    ),
  },
  {
    name: 'a loop over the values that leaves on the first one failing the check',
    vulnerable: view(
      "a, b = request.args['a'], request.args['b']\nfor value in (a, b):\n    if not value.isalnum():\n        continue\nos.system('id ' + a + b)",
    ),
    safe: view(
      "a, b = request.args['a'], request.args['b']\nfor value in (a, b):\n    if not value.isalnum():\n        abort(400)\nos.system('id ' + a + b)",
    ),
  },
  {
    name: 'a check on x or a constant default speaks for x',
    vulnerable: view(
      "c = request.args.get('c')\nif not re.fullmatch(r'[a-z]+', c or request.args['d']):\n    abort(400)\nos.system('id ' + c)",
    ),
    safe: view(
      "c = request.args.get('c')\nif not re.fullmatch(r'[a-z]+', c or ''):\n    abort(400)\nos.system('id ' + c)",
    ),
  },
  {
    name: 'a check on a case- or whitespace-normalized copy speaks for the original, a check on a slice does not',
    vulnerable: view(
      "c = request.args['c']\nhead = c[:8]\nif not head.isalnum():\n    abort(400)\nos.system('id ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nname = c.strip().lower()\nif not name.isalnum():\n    abort(400)\nos.system('id ' + c)",
    ),
  },
  {
    name: 'a loop check covers only the values it lists',
    vulnerable: view(
      "a, b = request.args['a'], request.args['b']\nfor value in [a]:\n    if value not in ALLOWED:\n        raise ValueError(value)\nos.system(a + ' ' + b)",
    ),
    safe: view(
      "a, b = request.args['a'], request.args['b']\nfor value in [a, b]:\n    if value not in ALLOWED:\n        raise ValueError(value)\nos.system(a + ' ' + b)",
    ),
  },
  {
    name: "an allow-list in the application's configuration is the deployer's; a dict the request fills is not",
    vulnerable: view(
      "registry = {'TOOLS': request.args.getlist('t')}\nc = request.args['c']\nif c not in registry['TOOLS']:\n    abort(403)\nos.system(c)",
    ),
    safe: view(
      "from flask import current_app\nc = request.args['c']\nif c not in current_app.config['ALLOWED_TOOLS']:\n    abort(403)\nos.system(c)",
    ),
  },
  {
    name: 'a lower-case config key is set by code at run time (from_object/from_pyfile load upper-case keys only)',
    vulnerable: view("c = request.args['c']\nif c not in app.config['recent']:\n    abort(403)\nos.system(c)"),
    safe: view("c = request.args['c']\nif c not in app.config['RECENT']:\n    abort(403)\nos.system(c)"),
  },
  {
    name: 'an allow-list read through self is the class constant unless the class rebinds it',
    vulnerable: `${header}class Runner:\n    TOOLS = ('ls', 'df')\n\n    def __init__(self, extra):\n        self.TOOLS = tuple(extra)\n\n    def run(self, tool):\n        if tool not in self.TOOLS:\n            raise PermissionError(tool)\n        os.system(tool)\n\n@app.route('/r')\ndef r():\n    Runner(request.args.getlist('x')).run(request.args['t'])\n    return 'ok'\n`,
    safe: `${header}class Runner:\n    TOOLS = ('ls', 'df')\n\n    @classmethod\n    def run(cls, tool):\n        if tool not in cls.TOOLS:\n            raise PermissionError(tool)\n        os.system(tool)\n\n@app.route('/r')\ndef r():\n    Runner.run(request.args['t'])\n    return 'ok'\n`,
  },
  {
    name: 'a "." or "+" inside a character class is literal, not the any-text wildcard',
    vulnerable: view(
      "c = request.args['c']\nif not re.fullmatch(r'[a-z]+.+', c):\n    abort(400)\nos.system('id ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nif not re.fullmatch(r'[a-z0-9.+_-]+', c):\n    abort(400)\nos.system('id ' + c)",
    ),
  },
  {
    name: 'a compiled, anchored pattern with a literal "." in its class',
    vulnerable: view(
      "c = request.args['c']\nif not re.match(r'^v.*$', c):\n    abort(400)\nos.system('pip install ' + c)",
    ),
    safe: view(
      "c = request.args['c']\nif not re.match(r'^[\\w.]+$', c):\n    abort(400)\nos.system('pip install ' + c)",
    ),
  },
  {
    name: 'a netloc ending in "." + a fixed domain pins the host; a bare suffix does not ("evilexample.org")',
    vulnerable: view(
      "from urllib.parse import urlsplit\nfrom flask import redirect\nback = request.args['back']\nhost = urlsplit(back).hostname\nif host == 'example.org' or host.endswith('example.org'):\n    return redirect(back)\nabort(400)",
    ),
    safe: view(
      "from urllib.parse import urlsplit\nfrom flask import redirect\nback = request.args['back']\nhost = urlsplit(back).hostname\nif host == 'example.org' or host.endswith('.example.org'):\n    return redirect(back)\nabort(400)",
    ),
    check: flags('FDSP-PY-REDIRECT-001'),
  },
  {
    name: 'a missing host defaulted to "" is still the host; a trusted default admits host-less URLs (javascript:)',
    vulnerable: view(
      "from urllib.parse import urlsplit\nfrom flask import redirect\nback = request.args['back']\nhost = (urlsplit(back).hostname or 'example.org').lower()\nif host != 'example.org':\n    abort(400)\nreturn redirect(back)",
    ),
    safe: view(
      "from urllib.parse import urlsplit\nfrom flask import redirect\nback = request.args['back']\nhost = (urlsplit(back).hostname or '').lower()\nif host != 'example.org':\n    abort(400)\nreturn redirect(back)",
    ),
    check: flags('FDSP-PY-REDIRECT-001'),
  },
  {
    name: 'an empty default on the parsed netloc, no case transform',
    vulnerable: view(
      "from urllib.parse import urlparse\nimport requests\nfeed = request.args['feed']\nparts = urlparse(feed)\nhost = parts.path or ''\nif host not in ALLOWED:\n    abort(400)\nreturn requests.get(feed).text",
    ),
    safe: view(
      "from urllib.parse import urlparse\nimport requests\nfeed = request.args['feed']\nparts = urlparse(feed)\nhost = parts.netloc or ''\nif host not in ALLOWED:\n    abort(400)\nreturn requests.get(feed).text",
    ),
    check: flags('FDSP-PY-SSRF-001'),
  },
  {
    name: "a lower-cased host is still the URL's host",
    vulnerable: view(
      "from urllib.parse import urlparse\nimport requests\nfeed = request.args['feed']\nhost = urlparse(feed).path.lower()\nif host not in ALLOWED:\n    abort(400)\nreturn requests.get(feed).text",
    ),
    safe: view(
      "from urllib.parse import urlparse\nimport requests\nfeed = request.args['feed']\nhost = urlparse(feed).netloc.lower()\nif host not in ALLOWED:\n    abort(400)\nreturn requests.get(feed).text",
    ),
    check: flags('FDSP-PY-SSRF-001'),
  },
  {
    name: 'a directory entry name climbs nowhere but may still carry shell metacharacters',
    vulnerable: view("f = request.args['f']\nif f not in os.listdir(BASE):\n    abort(404)\nos.system('wc -l ' + f)"),
    safe: view("f = request.args['f']\nif f not in ALLOWED:\n    abort(404)\nos.system('wc -l ' + f)"),
  },
  {
    name: 'containment of realpath(join(BASE, name)) written inline bounds the joined name',
    vulnerable: view(
      "name = request.args['f']\nif os.path.commonpath([BASE, os.path.join(BASE, name)]) != BASE:\n    abort(403)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    safe: view(
      "name = request.args['f']\nif os.path.commonpath([BASE, os.path.realpath(os.path.join(BASE, name))]) != BASE:\n    abort(403)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    check: path,
  },
  {
    // The join and the normalization in two statements: the check on the normalized name still bounds the name
    // joined, so a later join of that name (or a use of the joined path) is contained.
    name: 'containment of realpath(p) where p = join(BASE, name) bounds the name joined',
    vulnerable: view(
      "name = request.args['f']\nother = request.args['g']\njoined = os.path.join(BASE, other)\nfull = os.path.realpath(joined)\nif os.path.commonpath([BASE, full]) != BASE:\n    abort(403)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    safe: view(
      "name = request.args['f']\njoined = os.path.join(BASE, name)\nfull = os.path.realpath(joined)\nif os.path.commonpath([BASE, full]) != BASE:\n    abort(403)\nreturn open(os.path.join(BASE, name)).read()",
    ),
    check: path,
  },
  {
    name: 'a check on the joined path before normalization bounds nothing',
    vulnerable: view(
      "name = request.args['f']\njoined = os.path.join(BASE, name)\nif not joined.startswith(BASE):\n    abort(403)\nreturn open(joined).read()",
    ),
    safe: view(
      "name = request.args['f']\njoined = os.path.realpath(os.path.join(BASE, name))\nif not joined.startswith(BASE):\n    abort(403)\nreturn open(joined).read()",
    ),
    check: path,
  },
  {
    name: 'a check on argv[0] narrows that element only: the program of a list run without a shell',
    vulnerable: argvView(
      "argv = shlex.split(request.args['c'])\nif argv[1] not in ALLOWED:\n    abort(400)\nsubprocess.run(argv)",
    ),
    safe: argvView(
      "argv = shlex.split(request.args['c'])\nif not argv or argv[0] not in ALLOWED:\n    abort(400)\nsubprocess.run(argv)",
    ),
  },
  {
    name: 'rebinding the list or its checked element forgets the check on argv[0]',
    vulnerable: argvView(
      "argv = request.args['c'].split()\nif argv[0] in ALLOWED:\n    argv[0] = request.args['p']\n    subprocess.run(argv)",
    ),
    safe: argvView("argv = request.args['c'].split()\nif argv[0] in ALLOWED:\n    subprocess.run(argv)"),
  },
  {
    name: 'a checked argv[0] does not make a shell string safe',
    vulnerable: argvView(
      "argv = request.args['c'].split()\nif argv[0] in ALLOWED:\n    subprocess.run(' '.join(argv), shell=True)",
    ),
    safe: argvView("argv = request.args['c'].split()\nif argv[0] in ALLOWED:\n    subprocess.run(argv, shell=False)"),
  },
  // A bare name has no directory part but may be ".." (basename("..") == ".."): a guard only with a ".." rejection.
  {
    name: 'Path(x).name == x leaves ".." free to climb when more parts follow; rejecting dot names closes it',
    vulnerable: view(
      "site = request.args['s']\nif Path(site).name != site:\n    abort(400)\nreturn open(os.path.join(BASE, site, 'index.html')).read()",
    ),
    safe: view(
      "site = request.args['s']\nif Path(site).name != site or site.startswith('.'):\n    abort(400)\nreturn open(os.path.join(BASE, site, 'index.html')).read()",
    ),
    check: path,
  },
  {
    name: 'no separator in the name, and not ".."',
    vulnerable: view(
      "d = request.args['d']\nif os.sep in d or (os.altsep and os.altsep in d):\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    safe: view(
      "d = request.args['d']\nif os.sep in d or (os.altsep and os.altsep in d) or d in ('.', '..'):\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    check: path,
  },
  {
    name: 'a literal "/" test and a != ".." test held together inside the branch',
    vulnerable: view(
      "d = request.args['d']\nif '/' not in d or d != '..':\n    return str(os.listdir(BASE + '/' + d))\nabort(400)",
    ),
    safe: view(
      "d = request.args['d']\nif '/' not in d and d != '..':\n    return str(os.listdir(BASE + '/' + d))\nabort(400)",
    ),
    check: path,
  },
  {
    name: 'the ".." rejection must test the same name as the bare-name check',
    vulnerable: view(
      "d = request.args['d']\nsub = request.args['sub']\nif os.path.basename(d) != d or sub == '..':\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    safe: view(
      "d = request.args['d']\nif os.path.basename(d) != d or d == '..':\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    check: path,
  },
  {
    name: 'secure_filename(x) == x is a whole bare-name check: secure_filename strips leading dots',
    vulnerable: view(
      "d = request.args['d']\nif os.path.basename(d) != d:\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    safe: view(
      "from werkzeug.utils import secure_filename\nd = request.args['d']\nif secure_filename(d) != d:\n    abort(400)\nreturn str(os.listdir(os.path.join(BASE, d)))",
    ),
    check: path,
  },
];

describe('guards', () => {
  for (const twin of twinCases(twins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

/** Whether the first argument of each `os.system` call was validated for shell sinks on every path to the call. */
function validatedAtSinks(code: string): boolean[] {
  const seen: boolean[] = [];
  const hooks: AnalysisHooks = {
    call(site: CallSite, analysis: ModuleAnalysis) {
      const argument = site.positional[0];
      if (site.name === 'os.system' && argument) seen.push(analysis.validatedFor(argument, 'shell'));
    },
    assign: () => undefined,
    returned: () => undefined,
    node: (_node: PlainNode) => undefined,
  };
  new ModuleAnalysis(code, parsePython(code), hooks).run();
  return seen;
}

describe('validated on every path (validatedFor)', () => {
  it('holds after a rejecting guard, and not where one path skipped it', () => {
    expect(
      validatedAtSinks(view("c = request.args['c']\nif c not in ALLOWED:\n    abort(400)\nos.system(c)\nreturn 'ok'")),
    ).toEqual([true]);
    expect(
      validatedAtSinks(
        view(
          "c = request.args['c']\nif request.args.get('strict'):\n    if c not in ALLOWED:\n        abort(400)\nos.system(c)\nreturn 'ok'",
        ),
      ),
    ).toEqual([false]);
  });
  it('is a check, not a transform: shlex.quote makes the value safe but not validated', () => {
    const code = view(
      "import shlex\nc = shlex.quote(request.args['c'])\nos.system('echo ' + c)\nos.system(c)\nreturn 'ok'",
    );
    expect(validatedAtSinks(code)).toEqual([false, false]);
    expect(command(code)).toBe(false);
  });
  it('is forgotten when the name is assigned again', () => {
    expect(
      validatedAtSinks(
        view(
          "c = request.args['c']\nif c not in ALLOWED:\n    abort(400)\nos.system(c)\nc = request.args['d']\nos.system(c)\nreturn 'ok'",
        ),
      ),
    ).toEqual([true, false]);
  });
  it('covers only the sinks the check suits (a host check validates no shell argument)', () => {
    const code = view(
      "from urllib.parse import urlparse\nc = request.args['u']\nif urlparse(c).netloc not in ALLOWED:\n    abort(400)\nos.system(c)\nreturn 'ok'",
    );
    expect(validatedAtSinks(code)).toEqual([false]);
  });
});

describe('a rule using the fact: CHECK-003 (shell metacharacter denylist)', () => {
  const denylist = flags('FDSP-PY-CHECK-003');
  const body = (extra: string): string =>
    view(
      `c = request.args['c']\nif any(ch in c for ch in [';', '&', '|']):\n    abort(400)\n${extra}os.system(c)\nreturn 'ok'`,
    );
  it('fires where the denylist is the only check on the command', () => {
    expect(denylist(body(''))).toBe(true);
  });
  it('is quiet where the command was also fully validated on every path', () => {
    expect(denylist(body("if not re.fullmatch(r'[a-z]+', c):\n    abort(400)\n"))).toBe(false);
  });
  it('fires where the full validation ran on one path only', () => {
    expect(
      denylist(body("if request.args.get('strict'):\n    if not re.fullmatch(r'[a-z]+', c):\n        abort(400)\n")),
    ).toBe(true);
  });
});

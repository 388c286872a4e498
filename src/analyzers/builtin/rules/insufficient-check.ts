// Insufficient fixes (issue 10, item 4b-d): a check is present but cannot hold for what the sink receives. A prefix
// test on a path that was never normalized (`../` walks out after the test passes); a one-pass strip of `../` (`....//`
// becomes `../` again); a denylist of shell metacharacters in front of a shell (the shell has more); a URL check that
// looks only at the scheme, or a relative-only check that `//host` and `/\host` pass; and a fixed host whose scheme,
// userinfo or the text right after it comes from the request (`"https://api.example.com" + "@evil.net"`). Each is the
// CWE of the sink it fails to protect. The checks are syntactic over the enclosing function and use the engine's taint
// only to know the value is untrusted; a flow engine that proves "validated on every path" could narrow them further.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument, assignmentsIn, isTrue, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction, fileCalls, httpClientCalls, processCalls, shellCalls } from './shared-facts.js';
import { definingExpression, holesInContext, urlParts } from './url-parts.js';

const redirectSinks = [
  'flask.redirect',
  'redirect',
  'django.shortcuts.redirect',
  'django.http.HttpResponseRedirect',
  'HttpResponseRedirect',
  'RedirectResponse',
];

function fileSinkAfter(fn: PlainNode, after: number, name: string, analysis: ModuleAnalysis): boolean {
  const used = new RegExp(`(^|[^\\w.])${name}\\b`);
  const stack = [...fn.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.end <= after) {
      if (node && node.start < after) stack.push(...node.children);
      continue;
    }
    if (node.type === 'call' && node.start >= after) {
      const callee = childByField(node, 'function');
      const callName = callee ? (analysis.qualify(callee) ?? analysis.text(callee)) : '';
      const args = childByField(node, 'arguments');
      if (matches(callName, fileCalls) && args && used.test(analysis.text(args))) return true;
    }
    if (node.type !== 'function_definition' && node.type !== 'lambda') stack.push(...node.children);
  }
  return false;
}

const pathSanitizer = /secure_filename|basename|realpath|abspath|normpath|\.resolve\(/;

/**
 * The sink's path was built from `raw` before `raw` was sanitized or checked: the check holds for `raw` but the sink
 * uses the copy made earlier. Returns the sanitized name.
 */
function checkedTooLate(fn: PlainNode, path: PlainNode, sinkAt: number, analysis: ModuleAnalysis): string | undefined {
  if (path.type !== 'identifier') return undefined;
  const name = analysis.text(path);
  const assignments = assignmentsIn(fn, analysis).filter((item) => item.at < sinkAt);
  const built = assignments.filter((item) => item.name === name).pop();
  if (!built) return undefined;
  const builtText = analysis.text(built.value);
  for (const later of assignments) {
    if (later.at <= built.at || later.name === name) continue;
    const valueText = analysis.text(later.value);
    if (!pathSanitizer.test(valueText)) continue;
    // The names the sanitizer reads (`secure_filename(raw)` reads raw), one of which the path was built from.
    for (const match of valueText.matchAll(/(?<![\w.])([A-Za-z_]\w*)\b(?!\s*[(.])/g)) {
      const used = match[1] ?? '';
      if (used !== name && new RegExp(`(^|[^\\w.])${used}\\b`).test(builtText)) return used;
    }
  }
  return undefined;
}

const normalizes = /realpath|abspath|normpath|\.resolve\(|\.absolute\(|basename|secure_filename|commonpath/;
const directoryLike = /dir|base|root|folder|upload|static|safe|allowed|home|path|prefix/i;

/** The conditions of the function's `if`/`elif`/`while`/`assert` statements and conditional expressions. */
function conditions(fn: PlainNode, analysis: ModuleAnalysis): string[] {
  const found: string[] = [];
  const stack = [...fn.children];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    const condition =
      node.type === 'if_statement' || node.type === 'elif_clause' || node.type === 'while_statement'
        ? childByField(node, 'condition')
        : node.type === 'assert_statement'
          ? namedChildren(node)[0]
          : node.type === 'conditional_expression'
            ? namedChildren(node)[1]
            : undefined;
    if (condition) found.push(analysis.text(condition));
    if (node.type !== 'function_definition') stack.push(...node.children);
  }
  return found;
}

const hostCheck =
  /netloc|hostname|\bhost\b|allow|white_?list|domain|is_safe|url_has_allowed|safe_url|trusted|ALLOWED|HOSTS|urljoin/i;
const schemeOnly = (name: string): RegExp =>
  new RegExp(
    `['"](https?|ftp|file|gopher)(:(//)?)?['"]\\s+(not\\s+)?in\\s+${name}\\b|${name}\\.(lower\\(\\)\\.)?startswith\\(\\s*\\(?\\s*['"](https?|ftp|file)|\\.scheme\\b|${name}\\[:\\d+\\]\\s*[!=]=`,
  );

/** A URL whose only check in the function looks at its scheme; or, for a redirect, only at its being relative. */
function weakUrlCheck(site: CallSite, url: PlainNode, analysis: ModuleAnalysis, redirect: boolean): string | undefined {
  // Request data only, as for SSRF-001 and REDIRECT-001: a function handed a URL (`def read_json(url)`) fetches what
  // its caller chose, and a scheme check there is the caller's contract, not a weak destination check.
  if (url.type !== 'identifier' || analysis.taint(url)?.origin !== 'remote') return undefined;
  // The engine proved a host check on every path here (a netloc allow-list, a module helper that checks the host):
  // whatever else the function tests about the scheme, the destination is the program's. Not for redirects: the
  // engine counts an empty-netloc test as a redirect check, and that is the weak check this rule is about.
  if (!redirect && analysis.validatedFor(url, 'url')) return undefined;
  const fn = enclosingFunction(site.node);
  if (!fn) return undefined;
  const name = analysis.text(url);
  const mentions = new RegExp(`(^|[^\\w.])${name}\\b`);
  const tests = conditions(fn, analysis).filter((text) => mentions.test(text) || /\bscheme\b|netloc/.test(text));
  if (tests.length === 0) return undefined;
  const scheme = schemeOnly(name);
  // an empty-netloc test in either polarity: `if not p.netloc: redirect(u)` or `if p.netloc: reject … else: redirect(u)`
  const relativeOnly = new RegExp(
    `not\\s+[\\w.()]*netloc\\b|^[\\w.()]*\\.netloc$|netloc\\s*[!=]=\\s*['"]{2}|${name}\\.startswith\\(\\s*['"]/['"]\\s*\\)`,
  );
  const blocksSlashes = /['"]\/\/['"]|\\\\|['"]\/\\\\/;
  if (tests.some((text) => hostCheck.test(text) && !(redirect && relativeOnly.test(text)))) return undefined;
  if (tests.some((text) => scheme.test(text))) return 'only the scheme is checked, not the host';
  if (redirect && tests.some((text) => relativeOnly.test(text)) && !tests.some((text) => blocksSlashes.test(text)))
    return 'a relative-only check that "//evil.example" and "/\\evil.example" pass';
  return undefined;
}

/** Where an untrusted hole sits in a URL built from fixed text: the scheme, the userinfo, or glued onto a fixed host. */
function authorityHole(url: PlainNode, analysis: ModuleAnalysis): string | undefined {
  const parts = urlParts(url, analysis);
  for (const { hole, prefix, following } of parts ? holesInContext(parts) : []) {
    // Once past the authority, later holes cannot move the host.
    if (/^[a-z][\w+.-]*:\/\/[^/?#]*[/?#]/i.test(prefix)) return undefined;
    if (analysis.taint(hole)?.origin !== 'remote') continue;
    if (!prefix.includes('://') && following.startsWith('://')) return 'the scheme comes from the request';
    if (following.startsWith('@') && /^[a-z][\w+.-]*:\/\/$/i.test(prefix)) return 'the userinfo comes from the request';
    const authority = /^[a-z][\w+.-]*:\/\/([^/?#]*)$/i.exec(prefix)?.[1];
    if (authority && /\.[a-z]{2,}(:\d+)?$/i.test(authority))
      return 'request data follows the fixed host with no "/" between them, so "@evil.example" changes the host';
  }
  return undefined;
}

const shellMetacharacters = /[;&|`$<>]/g;

/** A literal list of shell metacharacters in the function, or in a module constant it names: `";&|"`,
 * `[';', '|', '&']`, `r"[;&|`$]"`. */
function metacharacterDenylist(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const text = analysis.text(fn);
  const constants = namedChildren(analysis.root).flatMap((statement) => {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
    const right = assignment ? childByField(assignment, 'right') : undefined;
    return left?.type === 'identifier' && right && new RegExp(`\\b${analysis.text(left)}\\b`).test(text) ? [right] : [];
  });
  const stack = [...fn.children, ...constants];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'string') {
      const value = stringValue(analysis, node) ?? '';
      const hits = new Set(value.match(shellMetacharacters) ?? []);
      if (hits.size >= 2 && value.replace(/[\s[\]\\,'"]/g, '').length <= hits.size * 2 + 2) return true;
    }
    if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') {
      const items = namedChildren(node).map((item) => stringValue(analysis, item) ?? '');
      if (items.filter((item) => /^[;&|`$<>]{1,2}$/.test(item)).length >= 2) return true;
    }
    if (node.type !== 'function_definition') stack.push(...node.children);
  }
  return false;
}

function runsShell(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  const command = argument(site, 0, 'args') ?? argument(site, 0, 'cmd');
  if (!command || analysis.isConstant(command)) return undefined;
  if (matches(site.name, shellCalls)) return command;
  if (matches(site.name, processCalls) && isTrue(analysis, site.keywords.get('shell'))) return command;
  return undefined;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CHECK-001',
    name: 'prefix-check-on-unnormalized-path',
    cwe: 22,
    severity: 'high',
    confidence: 'medium',
    message:
      'A path is checked with startswith() before it is normalized, so "base/../../etc/passwd" passes the check and escapes the directory',
    fixHint:
      'Normalize first, then check containment: path = os.path.realpath(os.path.join(BASE, name)); if os.path.commonpath([path, BASE]) != BASE: abort(403). Compare with BASE + os.sep, not a bare prefix.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import os\nBASE_DIR = "/srv/reports"\n@app.route("/report")\ndef report():\n    path = os.path.join(BASE_DIR, request.args.get("name"))\n    if not path.startswith(BASE_DIR):\n        return "forbidden", 403\n    with open(path) as fh:\n        return fh.read()\n`,
        'import shutil\ndef archive(src, dest_root="/var/archive"):\n    target = dest_root + "/" + src\n    if target.startswith(dest_root):\n        shutil.copy(src, target)\n',
      ],
      safe: [
        `${flaskPrelude}import os\nBASE_DIR = "/srv/reports"\n@app.route("/report")\ndef report():\n    path = os.path.realpath(os.path.join(BASE_DIR, request.args.get("name")))\n    if not path.startswith(BASE_DIR + os.sep):\n        return "forbidden", 403\n    with open(path) as fh:\n        return fh.read()\n`,
        'def load(name):\n    if name.startswith("_"):\n        return None\n    with open("/etc/app/" + name + ".conf") as fh:\n        return fh.read()\n',
        'import os\ndef unpack(members, dest):\n    for name in members:\n        if name.startswith("/") or ".." in name:\n            continue\n        with open(os.path.join(dest, name), "wb") as fh:\n            fh.write(b"")\n',
        'import os\nUPLOADS = "/srv/uploads/"\ndef save(rel):\n    target = os.path.join(UPLOADS, rel)\n    if ".." in target or not target.startswith(UPLOADS):\n        raise ValueError(rel)\n    open(target, "w").close()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-002',
    name: 'single-pass-traversal-strip',
    cwe: 22,
    severity: 'high',
    confidence: 'medium',
    message:
      'Traversal sequences are removed with one replace() pass, which "....//" and "..././" survive as "../": a denylist where containment is needed',
    fixHint:
      'Do not strip "../": take os.path.basename() (or werkzeug secure_filename) of the name, or resolve the joined path with os.path.realpath() and check it stays under the base directory with os.path.commonpath().',
    examples: {
      vulnerable: [
        `${flaskPrelude}import os\n@app.route("/img")\ndef img():\n    name = request.args.get("name", "").replace("../", "")\n    return open(os.path.join("/srv/img", name), "rb").read()\n`,
        'import re\ndef read_template(name):\n    clean = re.sub(r"\\.\\./", "", name)\n    with open("/srv/templates/" + clean) as fh:\n        return fh.read()\n',
      ],
      safe: [
        `${flaskPrelude}import os\n@app.route("/img")\ndef img():\n    name = os.path.basename(request.args.get("name", ""))\n    return open(os.path.join("/srv/img", name), "rb").read()\n`,
        'def title(text):\n    return text.replace("..", ".").strip()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-003',
    name: 'shell-metacharacter-denylist',
    cwe: 78,
    severity: 'high',
    confidence: 'medium',
    message:
      'Shell metacharacters are filtered by a denylist and the command still runs through a shell; the shell has more (newline, $(), globbing, quotes) than any list',
    fixHint:
      'Drop the shell instead of filtering for it: subprocess.run(["ping", "-c", "1", host], shell=False) with the argument validated against a strict allow-list pattern (re.fullmatch).',
    examples: {
      vulnerable: [
        `${flaskPrelude}import subprocess\n@app.route("/lookup")\ndef lookup():\n    domain = request.args.get("domain", "")\n    if any(c in domain for c in [";", "&", "|", "\`"]):\n        return "bad input", 400\n    return subprocess.check_output("nslookup " + domain, shell=True)\n`,
        'import os, sys\nFORBIDDEN = ";&|$"\ndef main():\n    arg = sys.argv[1]\n    for ch in FORBIDDEN:\n        arg = arg.replace(ch, "")\n    os.system(f"grep {arg} /var/log/app.log")\n',
      ],
      safe: [
        `${flaskPrelude}import subprocess, re\n@app.route("/lookup")\ndef lookup():\n    domain = request.args.get("domain", "")\n    if not re.fullmatch(r"[a-z0-9.-]+", domain):\n        return "bad input", 400\n    return subprocess.check_output(["nslookup", domain])\n`,
        'import subprocess\ndef build():\n    sep = ";"\n    pipe = "|"\n    subprocess.run("make clean && make", shell=True, check=True)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-004',
    name: 'scheme-only-url-check',
    cwe: 918,
    severity: 'high',
    confidence: 'medium',
    message:
      'The URL of an outbound request is checked only for its scheme ("http" in url, startswith("http")), so any host, including internal addresses, is still reachable',
    fixHint:
      'Check the destination, not the scheme: parts = urllib.parse.urlsplit(url); require parts.scheme == "https" and parts.hostname in ALLOWED_HOSTS before requesting it.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import requests\n@app.route("/fetch")\ndef fetch():\n    target = request.args.get("target", "")\n    if not target.startswith(("http://", "https://")):\n        return "only web URLs", 400\n    return requests.get(target, timeout=5).text\n`,
        `${flaskPrelude}import urllib.request\nfrom urllib.parse import urlparse\n@app.route("/mirror")\ndef mirror():\n    src = request.args["src"]\n    if urlparse(src).scheme in ("file", "gopher"):\n        return "blocked", 400\n    return urllib.request.urlopen(src).read()\n`,
      ],
      safe: [
        `${flaskPrelude}import requests\nfrom urllib.parse import urlsplit\nALLOWED_HOSTS = {"api.example.com"}\n@app.route("/fetch")\ndef fetch():\n    target = request.args.get("target", "")\n    parts = urlsplit(target)\n    if parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS:\n        return "blocked", 400\n    return requests.get(target, timeout=5).text\n`,
        // a library function fetching the URL its caller gives: the scheme check keeps file:// out, the host is the caller's
        'import urllib.request\nfrom urllib.parse import urlsplit\ndef download(feed_url, dest):\n    if urlsplit(feed_url).scheme != "https":\n        raise ValueError("https only")\n    with urllib.request.urlopen(feed_url) as r, open(dest, "wb") as out:\n        out.write(r.read())\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-005',
    name: 'weak-redirect-check',
    cwe: 601,
    severity: 'medium',
    confidence: 'medium',
    message:
      'The redirect target is checked only for its scheme or for being relative (empty netloc, leading "/"), which "//evil.example", "/\\evil.example" and "HTTPS://evil.example" pass',
    fixHint:
      'Use an allow-list check: django.utils.http.url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}), or urlsplit the target, reject backslashes, and require an empty scheme and netloc or a netloc in the allow-list.',
    examples: {
      vulnerable: [
        `${flaskPrelude}@app.route("/continue")\ndef go_on():\n    dest = request.args.get("dest", "/")\n    if dest.startswith("/"):\n        return redirect(dest)\n    return redirect("/")\n`,
        `${flaskPrelude}@app.route("/out")\ndef out():\n    link = request.args.get("link", "")\n    if "https" in link:\n        return redirect(link)\n    return "bad link", 400\n`,
        // the empty-netloc test written with the rejection first; a backslashed "/\\evil.example" still passes it
        `${flaskPrelude}from urllib.parse import urlsplit\n@app.route("/continue")\ndef go_on():\n    dest = request.args.get("dest", "/")\n    if urlsplit(dest).netloc:\n        return redirect("/")\n    else:\n        return redirect(dest)\n`,
      ],
      safe: [
        `${flaskPrelude}from urllib.parse import urlsplit\n@app.route("/continue")\ndef go_on():\n    dest = request.args.get("dest", "/")\n    parts = urlsplit(dest)\n    if "\\\\" in dest or parts.scheme or parts.netloc not in ("", "example.com"):\n        dest = "/"\n    return redirect(dest)\n`,
        `${flaskPrelude}@app.route("/continue")\ndef go_on():\n    dest = request.args.get("dest", "/")\n    if not dest.startswith("/") or dest.startswith("//") or "\\\\" in dest:\n        dest = "/"\n    return redirect(dest)\n`,
        // the same netloc test, but the host is then checked against an allow-list
        `${flaskPrelude}from urllib.parse import urlsplit\n@app.route("/continue")\ndef go_on():\n    dest = request.args.get("dest", "/")\n    if urlsplit(dest).netloc:\n        if urlsplit(dest).netloc not in ("example.com",):\n            return redirect("/")\n    return redirect(dest)\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-006',
    name: 'user-controlled-url-authority',
    cwe: 918,
    severity: 'high',
    confidence: 'medium',
    message:
      'The outbound URL has a fixed host but its scheme, its userinfo or the text right after the host comes from the request, so the request can be sent elsewhere',
    fixHint:
      'Fix the scheme and end the host with "/": requests.get(f"https://api.example.com/{urllib.parse.quote(item, safe=\'\')}"), and never splice request data before the first "/" of a URL.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import requests\n@app.route("/item")\ndef item():\n    item_id = request.args.get("id", "")\n    return requests.get("https://api.example.com" + item_id, timeout=5).text\n`,
        `${flaskPrelude}import requests\n@app.route("/status")\ndef status():\n    proto = request.args.get("proto", "https")\n    url = f"{proto}://status.example.com/health"\n    return requests.get(url, timeout=5).text\n`,
        `${flaskPrelude}import httpx\n@app.route("/as")\ndef as_user():\n    user = request.headers.get("X-User", "")\n    return httpx.get(f"https://{user}@files.example.com/list").text\n`,
      ],
      safe: [
        `${flaskPrelude}import requests\nfrom urllib.parse import quote\n@app.route("/item")\ndef item():\n    item_id = request.args.get("id", "")\n    return requests.get("https://api.example.com/items/" + quote(item_id, safe=""), timeout=5).text\n`,
        `${flaskPrelude}import requests\n@app.route("/search")\ndef search():\n    q = request.args.get("q", "")\n    return requests.get(f"https://api.example.com/search?q={q}", timeout=5).text\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-CHECK-007',
    name: 'sanitized-after-use',
    cwe: 22,
    severity: 'high',
    confidence: 'medium',
    message:
      'The file name is sanitized after the path was already built from the raw value, so the file call still uses the unsanitized path',
    fixHint:
      'Sanitize first and build the path from the sanitized value: name = secure_filename(raw); path = os.path.join(BASE, name); then check the resolved path stays under BASE.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import os\nfrom werkzeug.utils import secure_filename\n@app.route("/get")\ndef get_file():\n    filename = request.args.get("file", "")\n    path = os.path.join("/srv/share", filename)\n    filename = secure_filename(filename)\n    if not filename:\n        return "bad name", 400\n    return open(path, "rb").read()\n`,
        'import os, sys\ndef show(raw):\n    full = "/var/data/" + raw\n    safe_name = os.path.basename(raw)\n    print("showing", safe_name)\n    with open(full) as fh:\n        return fh.read()\n',
      ],
      safe: [
        `${flaskPrelude}import os\nfrom werkzeug.utils import secure_filename\n@app.route("/get")\ndef get_file():\n    filename = secure_filename(request.args.get("file", ""))\n    path = os.path.join("/srv/share", filename)\n    return open(path, "rb").read()\n`,
        'import os\ndef show(raw):\n    full = "/var/data/" + raw\n    full = os.path.realpath(full)\n    if not full.startswith("/var/data/"):\n        raise ValueError(raw)\n    with open(full) as fh:\n        return fh.read()\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CHECK-001': {
    call(site, analysis) {
      if (site.method !== 'startswith' || site.receiver?.type !== 'identifier') return;
      const prefix = site.positional[0];
      if (!prefix || !analysis.taint(site.receiver)) return;
      const prefixText = stringValue(analysis, prefix) ?? analysis.text(prefix);
      // `name.startswith("/")` rejects absolute paths; it is not a containment check.
      if (!(prefix.type === 'string' ? /^\/.|.\/$/.test(prefixText) : directoryLike.test(prefixText))) return;
      const fn = enclosingFunction(site.node);
      const name = analysis.text(site.receiver);
      if (
        !fn ||
        assignmentsIn(fn, analysis).some((item) => item.name === name && normalizes.test(analysis.text(item.value)))
      )
        return;
      // A check that also rejects ".." covers what the prefix test misses.
      const dotDot = new RegExp(`['"]\\.\\.[/\\\\]{0,2}['"]\\s+(not\\s+)?in\\s+${name}\\b`);
      if (conditions(fn, analysis).some((text) => dotDot.test(text))) return;
      if (fileSinkAfter(fn, site.node.end, name, analysis))
        analysis.report('FDSP-PY-CHECK-001', site.node, { detail: `${name} is not normalized before the check` });
    },
  },
  'FDSP-PY-CHECK-002': {
    call(site, analysis) {
      const replace = site.method === 'replace' && site.receiver;
      const substitute = site.name === 're.sub';
      if (!replace && !substitute) return;
      const pattern = site.positional[0];
      const subject = replace ? site.receiver : site.positional[2];
      const replacement = site.positional[1];
      const patternText = pattern ? (stringValue(analysis, pattern) ?? '') : '';
      const replacementText = replacement ? (stringValue(analysis, replacement) ?? '..') : '..';
      if (!/^(\.\.[/\\]{0,2}|[/\\]\.\.|(\\\.){2}.{0,4})$/.test(patternText) || replacementText.includes('..')) return;
      if (!subject || !analysis.taint(subject)) return;
      const fn = enclosingFunction(site.node);
      if (!fn) return;
      // `while "../" in name: name = name.replace(...)` repeats to a fixed point; that is not bypassable this way.
      for (let current = site.node.parent; current && current !== fn; current = current.parent)
        if (current.type === 'while_statement') return;
      const assigned = /^(\w+)\s*=/.exec(analysis.text(site.node.parent ?? site.node))?.[1];
      const stem = assigned ?? analysis.text(subject);
      if (/^\w+$/.test(stem) && fileSinkAfter(fn, site.node.end, stem, analysis))
        analysis.report('FDSP-PY-CHECK-002', site.node);
    },
  },
  'FDSP-PY-CHECK-003': {
    call(site, analysis) {
      const command = runsShell(site, analysis);
      if (!command || !analysis.taint(command) || analysis.validatedFor(command, 'shell')) return;
      const fn = enclosingFunction(site.node);
      if (fn && metacharacterDenylist(fn, analysis)) analysis.report('FDSP-PY-CHECK-003', site.node);
    },
  },
  'FDSP-PY-CHECK-004': {
    call(site, analysis) {
      if (!matches(site.name, httpClientCalls)) return;
      const url = argument(site, 0, 'url');
      const weakness = url ? weakUrlCheck(site, url, analysis, false) : undefined;
      if (weakness) analysis.report('FDSP-PY-CHECK-004', site.node, { detail: weakness });
    },
  },
  'FDSP-PY-CHECK-005': {
    call(site, analysis) {
      if (!matches(site.name, redirectSinks)) return;
      const target = argument(site, 0, 'location') ?? argument(site, 0, 'redirect_to') ?? argument(site, 0, 'url');
      const weakness = target ? weakUrlCheck(site, target, analysis, true) : undefined;
      if (weakness) analysis.report('FDSP-PY-CHECK-005', site.node, { detail: weakness });
    },
  },
  'FDSP-PY-CHECK-006': {
    call(site, analysis) {
      if (!matches(site.name, httpClientCalls)) return;
      const url = argument(site, 0, 'url');
      if (!url) return;
      const weakness = authorityHole(definingExpression(url, site.node.start, analysis), analysis);
      if (weakness) analysis.report('FDSP-PY-CHECK-006', site.node, { detail: weakness });
    },
  },
  'FDSP-PY-CHECK-007': {
    call(site, analysis) {
      if (!matches(site.name, fileCalls)) return;
      const path = argument(site, 0, 'file') ?? argument(site, 0, 'path');
      const fn = enclosingFunction(site.node);
      // A containment check on the very path the sink opens, on every path to it, covers the late sanitizing.
      if (!path || !fn || !analysis.taint(path) || analysis.validatedFor(path, 'path')) return;
      const sanitized = checkedTooLate(fn, path, site.node.start, analysis);
      if (sanitized)
        analysis.report('FDSP-PY-CHECK-007', site.node, {
          detail: `${sanitized} is sanitized after ${analysis.text(path)} was built from it`,
        });
    },
  },
};

export const insufficientCheckRules: RuleFamily = { definitions, logic };

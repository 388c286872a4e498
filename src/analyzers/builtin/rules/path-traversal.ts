// Path traversal (CWE-22): untrusted data in a file path, and archive extraction without a member filter. A tar member
// whose name is checked (absolute names and ".." refused, or a realpath containment check) cannot name a path outside
// the destination; what it can still do is be a symbolic or hard link that a later member is written through, which is
// link following (CWE-59, PATH-003) rather than a name traversal (CWE-22, PATH-002).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { membersChecked } from './archive-members.js';
import { argument, flow, matches } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction, escapeRegExp, fileCalls } from './shared-facts.js';

const tarExtract = /tarfile\.(open|TarFile)\(\)\.(extractall|extract)$/;

const conditionParents = new Set(['if_statement', 'elif_clause', 'while_statement']);

/** What the function checks about the extracted member before extracting it. `name`: absolute names and ".." are
 * refused, or the joined path is confined with an abspath/realpath containment check. `links`: link members are
 * refused or only regular files are extracted, or the containment check resolves links (realpath, Path.resolve). */
const exits = new Set(['continue_statement', 'raise_statement', 'return_statement', 'break_statement']);

/** A condition that decides whether `call` runs: the call is inside its statement, or its branch leaves (`if bad:
 * continue`). A condition that only logs a warning and falls through to the extraction checks nothing. */
function guards(condition: PlainNode, call: PlainNode): boolean {
  const statement = condition.parent;
  if (!statement || condition.field !== 'condition' || !conditionParents.has(statement.type)) return false;
  if (statement.start <= call.start && call.end <= statement.end) return true;
  const branch = childByField(statement, 'consequence');
  return branch !== undefined && descendants(branch).some((node) => exits.has(node.type));
}

interface MemberChecks {
  readonly name: boolean;
  /** Only ".." is refused before the call: absolute names still escape (os.path.join keeps the absolute one). */
  readonly parentOnly: boolean;
  readonly links: boolean;
}

function memberChecks(site: CallSite, analysis: ModuleAnalysis): MemberChecks {
  const member = argument(site, 0, 'member');
  const scope = enclosingFunction(site.node);
  if (member?.type !== 'identifier' || !scope) return { name: false, parentOnly: false, links: false };
  const nodes = descendants(scope);
  const mentions = (name: string): RegExp => new RegExp(`\\b${escapeRegExp(name)}\\b`);
  const memberName = mentions(analysis.text(member));
  // `target = os.path.realpath(os.path.join(dest, m.name))`: a check on `target` is a check on the member.
  const derived = nodes.flatMap((node) => {
    const left = node.type === 'assignment' ? childByField(node, 'left') : undefined;
    const right = node.type === 'assignment' ? childByField(node, 'right') : undefined;
    if (left?.type !== 'identifier' || !right || !memberName.test(analysis.text(right))) return [];
    return [{ name: mentions(analysis.text(left)), text: analysis.text(right) }];
  });
  const conditions = nodes
    .filter((node) => node.start < site.node.start && (node.type === 'assert_statement' || guards(node, site.node)))
    .map((node) => {
      const text = analysis.text(node);
      return [text, ...derived.filter((entry) => entry.name.test(text)).map((entry) => entry.text)].join(' ');
    })
    .filter((text) => memberName.test(text));
  const any = (pattern: RegExp): boolean => conditions.some((text) => pattern.test(text));
  const refusesAbsolute = any(/\bisabs\s*\(|\.startswith\(\s*['"]\/['"]|\bis_absolute\s*\(/);
  const refusesParent = any(/['"]\.\.['"]|\bpardir\b/);
  const confined = conditions.some(
    (text) => /\b(realpath|abspath|resolve)\b/.test(text) && /\b(startswith|commonpath|is_relative_to)\b/.test(text),
  );
  const resolvesLinks = conditions.some(
    (text) => /\b(realpath|resolve)\b/.test(text) && /\b(startswith|commonpath|is_relative_to)\b/.test(text),
  );
  const linksChecked = any(/\.(issym|islnk|isdev|isreg|isfile|linkname)\b|\.type\b/);
  return {
    name: (refusesAbsolute && refusesParent) || confined,
    parentOnly: refusesParent && !refusesAbsolute && !confined,
    links: linksChecked || resolvesLinks,
  };
}

/**
 * Whether an extraction filter (PEP 706) guards the call: its own `filter=` argument, or an `extraction_filter` set on
 * the archive (or on TarFile for every archive) in the function or the module. "fully_trusted" is the filter that
 * filters nothing: the pre-3.12 behaviour, spelled explicitly.
 */
function filtered(site: CallSite, analysis: ModuleAnalysis): boolean {
  const argumentFilter = site.keywords.get('filter');
  if (argumentFilter) return !/fully_trusted/.test(analysis.text(argumentFilter));
  const receiver = site.receiver?.type === 'identifier' ? escapeRegExp(analysis.text(site.receiver)) : undefined;
  const owner = receiver ? `(\\b${receiver}|\\bTarFile)` : '(\\bTarFile)';
  const assigned = new RegExp(`${owner}\\.extraction_filter\\s*=\\s*([^\\n]+)`);
  const scopes = [enclosingFunction(site.node), analysis.root].filter((scope) => scope !== undefined);
  return scopes.some((scope) => {
    const value = assigned.exec(analysis.text(scope))?.[2];
    return value !== undefined && !/fully_trusted/.test(value);
  });
}

function tarExtraction(site: CallSite, analysis: ModuleAnalysis): boolean {
  return (
    tarExtract.test(site.name) &&
    !filtered(site, analysis) &&
    !(site.method === 'extractall' && site.keywords.has('members'))
  );
}

/** Member names checked before extraction, by the engine's facts, an inline check around the call or an earlier
 * validating pass (archive-members.ts); a refusal of ".." alone is no check of an absolute name. */
const checkedMembers = (site: CallSite, analysis: ModuleAnalysis): boolean =>
  membersChecked(site, analysis) && !(site.method === 'extract' && memberChecks(site, analysis).parentOnly);

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-PATH-001',
    name: 'path-traversal',
    cwe: 22,
    severity: 'high',
    confidence: 'high',
    message: 'A file-system path is built from untrusted data without confining it to a base directory',
    fixHint:
      'Reduce the name with werkzeug.utils.secure_filename() or os.path.basename(), join it to a fixed base directory, resolve with os.path.realpath() and reject the request unless the result startswith() the real base directory. For downloads prefer flask.send_from_directory().',
    // A command-line tool opening the file it is given crosses no trust boundary (CodeQL's path-injection query also
    // starts only from remote sources).
    flow: { sink: 'path', parameterSources: false, operatorSources: false },
    examples: {
      vulnerable: [
        'from pathlib import Path\nfrom fastapi import FastAPI\napp = FastAPI()\nBASE = Path("/srv/uploads")\n@app.get("/files/{name}")\ndef get_file(name: str):\n    return (BASE / name).read_text()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\ndef read_report(name):\n    with open(os.path.join("/srv/reports", name)) as fh:\n        return fh.read()\n@app.route("/report")\ndef report():\n    return read_report(request.args.get("name", ""))\n',
        `${flaskPrelude}@app.route('/read')\ndef read():\n    with open(request.args['name']) as f:\n        return f.read()\n`,
        `${flaskPrelude}import os\nfrom flask import send_file\n@app.route('/d')\ndef d():\n    return send_file(os.path.join('/data', request.args.get('p')))\n`,
        'import os\ndef delete(request):\n    os.remove(os.path.join("/img", request.POST.get("name")))\n',
        // the Path's file is removed: a constructor whose result is used as a path still counts
        `${flaskPrelude}from pathlib import Path\n@app.route('/rm')\ndef rm():\n    target = Path(request.args['n'])\n    target.unlink()\n    return 'ok'\n`,
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nREPORTS = {"daily": "/srv/daily.csv", "weekly": "/srv/weekly.csv"}\n@app.route("/report")\ndef report():\n    path = REPORTS.get(request.args.get("name", ""))\n    if path is None:\n        return "no", 404\n    with open(path) as fh:\n        return fh.read()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\nROOT = "/srv/data"\n@app.route("/read")\ndef read():\n    p = os.path.abspath(os.path.join(ROOT, request.args.get("path", "")))\n    if os.path.commonpath([p, ROOT]) != ROOT:\n        return "bad", 400\n    with open(p) as fh:\n        return fh.read()\n',
        'from pathlib import Path\nfrom fastapi import FastAPI, HTTPException\napp = FastAPI()\nBASE = Path("/srv/uploads").resolve()\n@app.get("/files/{name}")\ndef get_file(name: str):\n    target = (BASE / name).resolve()\n    if not target.is_relative_to(BASE):\n        raise HTTPException(status_code=400)\n    return target.read_text()\n',
        `${flaskPrelude}import os\nfrom werkzeug.utils import secure_filename\n@app.route('/read')\ndef read():\n    p = os.path.join('/data', secure_filename(request.args['name']))\n    return open(p).read()\n`,
        `${flaskPrelude}import os\n@app.route('/read')\ndef read():\n    p = os.path.realpath(os.path.join('/data', request.args['name']))\n    if not p.startswith('/data/'):\n        return 'no', 400\n    return open(p).read()\n`,
        'def read(name):\n    return open(name).read()\n',
        'import sys, os\ndef main():\n    with open(os.path.join(os.environ.get("DATA_DIR", "."), sys.argv[1])) as f:\n        print(f.read())\n    print(open(input("File: ")).read())\n',
        // the same argument through a helper of the module
        'import sys\ndef show(name):\n    with open(name) as f:\n        print(f.read())\ndef main():\n    show(sys.argv[1])\n',
        // only the client name's extension is read; the stored name is the program's
        `${flaskPrelude}import uuid\nfrom pathlib import Path\n@app.route('/up', methods=['POST'])\ndef up():\n    kind = Path(request.form['title']).suffix.lower()\n    stem = Path(request.form['title']).stem\n    return {'kind': kind, 'stem': stem, 'id': uuid.uuid4().hex}\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-PATH-002',
    name: 'archive-extraction-traversal',
    cwe: 22,
    severity: 'high',
    confidence: 'medium',
    message: 'Archive members are extracted without checking their paths (tar slip)',
    fixHint:
      'Validate every member before extracting: reject absolute names, names containing "..", links and devices, and check os.path.realpath(os.path.join(dest, member.name)).startswith(dest); on Python 3.12+ pass filter="data" to extract()/extractall().',
    examples: {
      vulnerable: [
        // ".." refused but not absolute names: os.path.join(dest, "/etc/cron.d/x") is the absolute name
        'import tarfile\ndef unpack(p, dest):\n    archive = tarfile.open(p)\n    for entry in archive:\n        if ".." not in entry.name:\n            archive.extract(entry, dest)\n',
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/tmp/x")\n',
        'import tarfile\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        tar.extract(m, "/srv")\n',
        // A check whose branch does not leave or skip: the member is extracted either way.
        'import tarfile\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        if ".." in m.name:\n            print("odd name", m.name)\n        tar.extract(m, "/srv")\n',
        // A first pass that only skips bad members proves nothing about the extractall after it.
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            if m.name.startswith("/"):\n                continue\n        tar.extractall("/srv")\n',
        // A first pass that rejects something other than a path (the size) leaves the names unchecked.
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            if m.size > 10_000_000:\n                raise ValueError("too big")\n        tar.extractall("/srv")\n',
        // The first pass checks another archive than the one extracted.
        'import os, tarfile\ndef unpack(p, q):\n    a = tarfile.open(p)\n    b = tarfile.open(q)\n    for m in a.getmembers():\n        if os.path.isabs(m.name):\n            return False\n    b.extractall("/srv")\n',
        // the filter that filters nothing, by argument or on the archive; a filter set on another archive
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/srv", filter=tarfile.fully_trusted_filter)\n',
        'import tarfile\ndef unpack(p):\n    archive = tarfile.open(p)\n    archive.extraction_filter = staticmethod(tarfile.fully_trusted_filter)\n    archive.extractall("/srv")\n',
        'import tarfile\ndef unpack(p, q):\n    first = tarfile.open(p)\n    first.extraction_filter = tarfile.data_filter\n    second = tarfile.open(q)\n    second.extractall("/srv")\n',
      ],
      safe: [
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/srv", filter="data")\n',
        // the filter set once for every archive, or on this one
        'import tarfile\ntarfile.TarFile.extraction_filter = staticmethod(tarfile.data_filter)\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/srv")\n',
        'import tarfile\ndef unpack(p):\n    archive = tarfile.open(p)\n    archive.extraction_filter = tarfile.tar_filter\n    for member in archive:\n        archive.extract(member, "/srv")\n',
        // the name is checked: what is left is PATH-003's link residual
        'import tarfile, os\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        for m in tar:\n            if os.path.isabs(m.name) or ".." in m.name:\n                continue\n            tar.extract(m, "/srv")\n',
        'import tarfile, os\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        target = os.path.realpath(os.path.join("/srv", m.name))\n        if not target.startswith("/srv/"):\n            raise ValueError(m.name)\n        tar.extract(m, "/srv")\n',
        // Members whose names climb out are skipped; the rest are extracted one by one.
        'import os, tarfile\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            if os.path.isabs(m.name) or ".." in m.name:\n                continue\n            tar.extract(m, dest)\n',
        // Extracted only inside the branch where the check held.
        'import os, tarfile\ndef unpack(p, dest):\n    archive = tarfile.open(p)\n    for entry in archive:\n        if ".." not in entry.name and not os.path.isabs(entry.name):\n            archive.extract(entry, dest)\n',
        // Validate every member first, raising on the first bad one, then extract all.
        'import os, tarfile\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            target = os.path.realpath(os.path.join(dest, m.name))\n            if not target.startswith(os.path.realpath(dest) + os.sep):\n                raise ValueError(m.name)\n        tar.extractall(dest)\n',
        // The same through a module-local validator returning a boolean.
        'import os, tarfile\ndef inside(base, path):\n    return os.path.commonpath([os.path.abspath(base), os.path.abspath(path)]) == os.path.abspath(base)\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for name in tar.getnames():\n            if not inside(dest, os.path.join(dest, name)):\n                return False\n        for m in tar:\n            tar.extract(m, dest)\n    return True\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PATH-003',
    name: 'archive-extraction-link-following',
    cwe: 59,
    severity: 'medium',
    confidence: 'medium',
    message:
      'Archive member names are checked, but link members are extracted too: a symlink member lets a later member be written outside the destination',
    fixHint:
      'Skip members that are links (if m.issym() or m.islnk(): continue), or extract only regular files (m.isreg()); on Python 3.12+ pass filter="data", which refuses links that point outside the destination.',
    examples: {
      vulnerable: [
        'import tarfile, os\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        for m in tar:\n            if os.path.isabs(m.name) or ".." in m.name:\n                continue\n            tar.extract(m, "/srv")\n',
        // abspath does not resolve links, so a member written through an earlier symlink passes the check
        'import tarfile, os\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        target = os.path.abspath(os.path.join("/srv", m.name))\n        if os.path.commonpath([target, "/srv"]) != "/srv":\n            continue\n        tar.extract(m, "/srv")\n',
      ],
      safe: [
        'import tarfile, os\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        for m in tar:\n            if os.path.isabs(m.name) or ".." in m.name or m.issym() or m.islnk():\n                continue\n            tar.extract(m, "/srv")\n',
        'import tarfile, os\ndef unpack(p):\n    tar = tarfile.open(p)\n    for m in tar.getmembers():\n        if not os.path.realpath(os.path.join("/srv", m.name)).startswith("/srv/"):\n            raise ValueError(m.name)\n        tar.extract(m, "/srv")\n',
        // no name check at all: PATH-002's finding, not this one
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/tmp/x")\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-PATH-001': {
    call(site, analysis) {
      if (!matches(site.name, fileCalls) && !(site.name.startsWith('pathlib.Path') && site.receiver === undefined))
        return;
      // `Path(upload.filename).suffix`: a name's lexical parts (suffix, stem, name) are read, no file is touched.
      const parent = site.node.parent;
      if (
        /^pathlib\.(Pure)?(Posix|Windows)?Path$/.test(site.name) &&
        parent?.type === 'attribute' &&
        /^(suffix|suffixes|stem|name)$/.test(analysis.text(childByField(parent, 'attribute') ?? parent))
      )
        return;
      const path = argument(site, 0, 'file') ?? argument(site, 0, 'path') ?? argument(site, 0, 'path_or_file');
      if (path) flow(analysis, 'FDSP-PY-PATH-001', site.node, analysis.taint(path));
    },
    node(node, analysis) {
      // pathlib: `(BASE / name).read_text()`, `Path(name).write_bytes(...)`: the path is the receiver, not an argument.
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute') return;
      const method = analysis.text(childByField(callee, 'attribute') ?? callee);
      let receiver = childByField(callee, 'object');
      while (receiver?.type === 'parenthesized_expression') receiver = namedChildren(receiver)[0];
      if (!receiver) return;
      const pathExpression =
        (receiver.type === 'binary_operator' && receiver.children.some((child) => child.type === '/')) ||
        (receiver.type === 'call' &&
          /(^|\.)(Path|PurePath)$/.test(analysis.text(childByField(receiver, 'function') ?? receiver)));
      // read_text & co. exist only on paths, so any receiver is one; open/unlink only on a visible path expression.
      const pathMethod = pathExpression
        ? /^(read_text|read_bytes|write_text|write_bytes|open|unlink|rmdir|touch)$/
        : /^(read_text|read_bytes|write_text|write_bytes)$/;
      if (pathMethod.test(method)) flow(analysis, 'FDSP-PY-PATH-001', node, analysis.taint(receiver));
    },
  },
  'FDSP-PY-PATH-002': {
    call(site, analysis) {
      if (tarExtraction(site, analysis) && !checkedMembers(site, analysis))
        analysis.report('FDSP-PY-PATH-002', site.node);
    },
  },
  'FDSP-PY-PATH-003': {
    call(site, analysis) {
      if (tarExtraction(site, analysis) && checkedMembers(site, analysis) && !memberChecks(site, analysis).links)
        analysis.report('FDSP-PY-PATH-003', site.node);
    },
  },
};

export const pathTraversalRules: RuleFamily = { definitions, logic };

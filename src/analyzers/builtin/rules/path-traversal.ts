// Path traversal (CWE-22): untrusted data in a file path, and archive extraction without a member filter.
import { childByField, namedChildren } from '../../../python-syntax/index.js';
import { membersChecked } from './archive-members.js';
import { argument, flow, matches } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { fileCalls } from './shared-facts.js';

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
    flow: { sink: 'path', parameterSources: false },
    examples: {
      vulnerable: [
        'from pathlib import Path\nfrom fastapi import FastAPI\napp = FastAPI()\nBASE = Path("/srv/uploads")\n@app.get("/files/{name}")\ndef get_file(name: str):\n    return (BASE / name).read_text()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\ndef read_report(name):\n    with open(os.path.join("/srv/reports", name)) as fh:\n        return fh.read()\n@app.route("/report")\ndef report():\n    return read_report(request.args.get("name", ""))\n',
        `${flaskPrelude}@app.route('/read')\ndef read():\n    with open(request.args['name']) as f:\n        return f.read()\n`,
        `${flaskPrelude}import os\nfrom flask import send_file\n@app.route('/d')\ndef d():\n    return send_file(os.path.join('/data', request.args.get('p')))\n`,
        'import os\ndef delete(request):\n    os.remove(os.path.join("/img", request.POST.get("name")))\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nREPORTS = {"daily": "/srv/daily.csv", "weekly": "/srv/weekly.csv"}\n@app.route("/report")\ndef report():\n    path = REPORTS.get(request.args.get("name", ""))\n    if path is None:\n        return "no", 404\n    with open(path) as fh:\n        return fh.read()\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport os\nROOT = "/srv/data"\n@app.route("/read")\ndef read():\n    p = os.path.abspath(os.path.join(ROOT, request.args.get("path", "")))\n    if os.path.commonpath([p, ROOT]) != ROOT:\n        return "bad", 400\n    with open(p) as fh:\n        return fh.read()\n',
        'from pathlib import Path\nfrom fastapi import FastAPI, HTTPException\napp = FastAPI()\nBASE = Path("/srv/uploads").resolve()\n@app.get("/files/{name}")\ndef get_file(name: str):\n    target = (BASE / name).resolve()\n    if not target.is_relative_to(BASE):\n        raise HTTPException(status_code=400)\n    return target.read_text()\n',
        `${flaskPrelude}import os\nfrom werkzeug.utils import secure_filename\n@app.route('/read')\ndef read():\n    p = os.path.join('/data', secure_filename(request.args['name']))\n    return open(p).read()\n`,
        `${flaskPrelude}import os\n@app.route('/read')\ndef read():\n    p = os.path.realpath(os.path.join('/data', request.args['name']))\n    if not p.startswith('/data/'):\n        return 'no', 400\n    return open(p).read()\n`,
        'def read(name):\n    return open(name).read()\n',
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
      ],
      safe: [
        'import tarfile\ndef unpack(p):\n    with tarfile.open(p) as tar:\n        tar.extractall("/srv", filter="data")\n',
        // Members whose names climb out are skipped; the rest are extracted one by one.
        'import os, tarfile\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            if os.path.isabs(m.name) or ".." in m.name:\n                continue\n            tar.extract(m, dest)\n',
        // Extracted only inside the branch where the check held.
        'import tarfile\ndef unpack(p, dest):\n    archive = tarfile.open(p)\n    for entry in archive:\n        if ".." not in entry.name:\n            archive.extract(entry, dest)\n',
        // Validate every member first, raising on the first bad one, then extract all.
        'import os, tarfile\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for m in tar.getmembers():\n            target = os.path.realpath(os.path.join(dest, m.name))\n            if not target.startswith(os.path.realpath(dest) + os.sep):\n                raise ValueError(m.name)\n        tar.extractall(dest)\n',
        // The same through a module-local validator returning a boolean.
        'import os, tarfile\ndef inside(base, path):\n    return os.path.commonpath([os.path.abspath(base), os.path.abspath(path)]) == os.path.abspath(base)\ndef unpack(p, dest):\n    with tarfile.open(p) as tar:\n        for name in tar.getnames():\n            if not inside(dest, os.path.join(dest, name)):\n                return False\n        for m in tar:\n            tar.extract(m, dest)\n    return True\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-PATH-001': {
    call(site, analysis) {
      if (!matches(site.name, fileCalls) && !(site.name.startsWith('pathlib.Path') && site.receiver === undefined))
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
      if (!/tarfile\.(open|TarFile)\(\)\.(extractall|extract)$/.test(site.name)) return;
      if (site.keywords.has('filter') || (site.method === 'extractall' && site.keywords.has('members'))) return;
      if (membersChecked(site, analysis)) return;
      analysis.report('FDSP-PY-PATH-002', site.node);
    },
  },
};

export const pathTraversalRules: RuleFamily = { definitions, logic };

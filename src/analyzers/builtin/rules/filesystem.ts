// File handling (CWE-377, CWE-732, CWE-367, CWE-434): temporary files, permissions, check-then-use races, uploads.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { reaches } from '../taint.js';
import { callArgumentNodes, type CallSite } from '../engine/call-sites.js';
import { argument, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants } from './shared-facts.js';
import { guessableSharedPath, pathlibWriteToSharedName } from './shared-temp-paths.js';

// Evidence that the handler (or an in-module helper it calls) checks what was uploaded: an extension allow-list or the
// content itself. The part's declared Content-Type (`f.mimetype`, `f.content_type`) is no such evidence: the client
// writes that header, so a script uploaded as "image/png" passes a check of it.
// What checks a type, as opposed to extracting the extension (`splitext`, `rsplit(".")`), which a check then reads.
const uploadTypeDecision =
  /allowed_file|allowed_ext|ALLOWED_|\.endswith\(|imghdr|magic\.|filetype\.|\.verify\(\)|Image\.open|guess_type|FileExtensionValidator|validate_(file|upload|image)/i;
const uploadTypeCheck = new RegExp(`splitext|rsplit\\(\\s*['"]\\.|${uploadTypeDecision.source}`, 'i');

// A collection named as a denylist: `ext in BLOCKED_EXTENSIONS` rejects some types and accepts every other one.
const denylistName = /block|deny|denied|forbid|banned|black|danger|disallow|reject/i;

/**
 * Whether the function's text shows an upload type check. Its denylist membership tests (`ext in BLOCKED`) are no
 * such check: CWE-434 needs an allow-list, and a list of bad extensions misses `.phtml`, `.pHp`, `.svg`, … So where
 * one is present, the evidence must come from outside those tests and be a decision, not the extension's extraction.
 */
function showsUploadTypeCheck(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const text = analysis.text(fn);
  const cuts = analysis.nodes
    .filter((node) => {
      if (node.type !== 'comparison_operator' || node.start < fn.start || node.end > fn.end) return false;
      const operators = node.children.filter((child) => !child.named).map((child) => child.type);
      const collection = node.children.filter((child) => child.named).at(-1);
      // either polarity: `ext in BLOCKED` and `ext not in BLOCKED` test the same denylist
      return (
        (operators.includes('in') || operators.includes('not in')) &&
        collection !== undefined &&
        denylistName.test(analysis.text(collection))
      );
    })
    .sort((a, b) => b.start - a.start);
  if (cuts.length === 0) return uploadTypeCheck.test(text) || splitsExtension(fn, analysis);
  // `suffix not in PERMITTED` next to the denylist: an allow-list of the file's extension or type decides.
  const allowList = analysis.nodes.some((node) => {
    if (node.type !== 'comparison_operator' || node.start < fn.start || node.end > fn.end) return false;
    const operators = node.children.filter((child) => !child.named).map((child) => child.type);
    const [subject, collection] = node.children.filter((child) => child.named);
    return (
      operators.includes('not in') &&
      subject !== undefined &&
      collection !== undefined &&
      /ext|suffix|type|name/i.test(analysis.text(subject)) &&
      !denylistName.test(analysis.text(collection))
    );
  });
  if (allowList) return true;
  let kept = text;
  for (const cut of cuts) kept = kept.slice(0, cut.start - fn.start) + kept.slice(cut.end - fn.start);
  return uploadTypeDecision.test(kept);
}

/** `name.rsplit(DOT, 1)` where DOT is a module constant naming "." — the extension extracted as the inline
 * `rsplit(".")` the text test reads; a tidied module names its literals, which changes nothing about the check. */
function splitsExtension(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  return analysis.nodes.some((node) => {
    if (node.type !== 'call' || node.start < fn.start || node.end > fn.end) return false;
    const callee = childByField(node, 'function');
    const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
    if (!method || analysis.text(method) !== 'rsplit') return false;
    return stringValue(analysis, callArgumentNodes(node)[0]) === '.';
  });
}

function validatesUploadType(fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack = [fn];
  const seen = new Set<PlainNode>();
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || seen.has(current)) continue;
    seen.add(current);
    if (showsUploadTypeCheck(current, analysis)) return true;
    for (const node of analysis.nodes) {
      if (node.start < current.start || node.end > current.end || node.type !== 'call') continue;
      const callee = childByField(node, 'function');
      const name = callee?.type === 'identifier' ? analysis.text(callee) : undefined;
      const helper = name === undefined ? undefined : analysis.functionNamed(name);
      if (helper) stack.push(helper.node);
      else if (name !== undefined) stack.push(...constructorChecks(name, analysis));
    }
  }
  return false;
}

/**
 * Building an instance of a module class runs its `__init__` and, for a dataclass, `__post_init__`: a type check
 * there holds for every instance (`PdfUpload(f.filename)` that raises on a non-PDF name). Other methods run only when
 * called, so they are not evidence of a check at construction.
 */
function constructorChecks(name: string, analysis: ModuleAnalysis): PlainNode[] {
  const classNode = analysis.nodes.find(
    (node) => node.type === 'class_definition' && analysis.text(childByField(node, 'name') ?? node) === name,
  );
  const body = classNode ? childByField(classNode, 'body') : undefined;
  return (body ? namedChildren(body) : []).flatMap((member) => {
    const definition = member.type === 'decorated_definition' ? childByField(member, 'definition') : member;
    const method = definition?.type === 'function_definition' ? childByField(definition, 'name') : undefined;
    return definition && method && /^__(post_)?init__$/.test(analysis.text(method)) ? [definition] : [];
  });
}

const statConstants: Record<string, number> = {
  S_IRWXU: 0o700,
  S_IRUSR: 0o400,
  S_IWUSR: 0o200,
  S_IXUSR: 0o100,
  S_IREAD: 0o400,
  S_IWRITE: 0o200,
  S_IEXEC: 0o100,
  S_IRWXG: 0o070,
  S_IRGRP: 0o040,
  S_IWGRP: 0o020,
  S_IXGRP: 0o010,
  S_IRWXO: 0o007,
  S_IROTH: 0o004,
  S_IWOTH: 0o002,
  S_IXOTH: 0o001,
};

/** The permission bits a mode expression certainly sets (unknown parts such as st.st_mode count as 0). */
function evaluateMode(text: string): number | undefined {
  let bits = 0;
  let known = false;
  for (const part of text.split('|').map((piece) => piece.trim().replace(/^\(|\)$/g, ''))) {
    const constant = /S_I\w+$/.exec(part)?.[0];
    if (constant && constant in statConstants) {
      bits |= statConstants[constant] ?? 0;
      known = true;
    } else if (/^0o?[0-7]+$/.test(part)) {
      bits |= parseInt(part.replace(/^0o?/, ''), 8);
      known = true;
    } else if (/^\d+$/.test(part)) {
      bits |= parseInt(part, 10);
      known = true;
    }
  }
  return known ? bits : undefined;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-TEMP-001',
    name: 'insecure-temp-file',
    cwe: 377,
    severity: 'medium',
    confidence: 'high',
    message: 'A temporary file name is created insecurely (race between name choice and creation)',
    fixHint:
      'Use tempfile.NamedTemporaryFile(), tempfile.mkstemp() or tempfile.TemporaryDirectory(); they create the file atomically with private permissions.',
    examples: {
      vulnerable: [
        'import os\ndef save(content):\n    path = "/tmp/app_cache.json"\n    with open(path, "w") as f:\n        f.write(content)\n',
        'import os\ndef save(name, content):\n    with open(os.path.join("/tmp", name), "w") as f:\n        f.write(content)\n',
        'from tempfile import mktemp\ndef f():\n    return open(mktemp(), "w")\n',
        'def f(data):\n    with open("/tmp/out.txt", "w") as fh:\n        fh.write(data)\n',
        'import os, tempfile\ndef f(data):\n    with open(os.path.join(tempfile.gettempdir(), "report.csv"), "w") as fh:\n        fh.write(data)\n',
        'import os\nfrom tempfile import gettempdir\ndef f(data):\n    target = os.path.join(gettempdir(), "state.json")\n    with open(target, "a") as fh:\n        fh.write(data)\n',
        // the directory hoisted into a name first, and a module constant read in a function
        'import os, tempfile\ndef f(data):\n    directory = tempfile.gettempdir()\n    target = os.path.join(directory, "state.json")\n    with open(target, "w") as fh:\n        fh.write(data)\n',
        'CACHE = "/tmp/app-cache.json"\ndef f(data):\n    with open(CACHE, "w") as fh:\n        fh.write(data)\n',
        // pathlib with the shared directory named as a module constant
        'from pathlib import Path\nSCRATCH = "/var/tmp"\ndef f(data):\n    out = Path(SCRATCH) / "state.json"\n    out.write_text(data)\n',
        // pathlib: the same fixed name in the shared directory
        'from pathlib import Path\ndef f(data):\n    Path("/var/tmp/export.csv").write_bytes(data)\n',
        'import tempfile\nfrom pathlib import Path\ndef f(data):\n    out = Path(tempfile.gettempdir()) / "job" / "state.json"\n    with out.open("w") as fh:\n        fh.write(data)\n',
      ],
      safe: [
        'from pathlib import Path\ndef f():\n    return Path("/tmp/export.csv").read_text()\n',
        'import tempfile\nfrom pathlib import Path\ndef f(data):\n    with tempfile.TemporaryDirectory() as d:\n        (Path(d) / "state.json").write_text(data)\n',
        'import tempfile\ndef f():\n    return tempfile.NamedTemporaryFile("w", delete=False)\n',
        // a module constant naming a directory of the program's own
        'from pathlib import Path\nSTATE_DIR = "/var/lib/app"\ndef f(data):\n    out = Path(STATE_DIR) / "state.json"\n    out.write_text(data)\n',
        // reading a fixed name, and a name nobody can guess
        'import os, tempfile\ndef f():\n    with open(os.path.join(tempfile.gettempdir(), "report.csv")) as fh:\n        return fh.read()\n',
        'import os, tempfile, uuid\ndef f(data):\n    with open(os.path.join(tempfile.gettempdir(), uuid.uuid4().hex), "x") as fh:\n        fh.write(data)\n',
        'import os, secrets\ndef f(data):\n    name = "upload-" + secrets.token_hex(16)\n    with open(os.path.join("/tmp", name), "x") as fh:\n        fh.write(data)\n',
        // a private directory tempfile made, then a fixed name inside it
        'import os, tempfile\ndef f(data):\n    directory = tempfile.mkdtemp()\n    with open(os.path.join(directory, "out.txt"), "w") as fh:\n        fh.write(data)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-PERM-001',
    name: 'permissive-file-mode',
    cwe: 732,
    severity: 'medium',
    confidence: 'high',
    message:
      'A file or directory is given group- or world-writable permissions, or a file is made executable by group or others',
    fixHint:
      'Use the narrowest mode that works, e.g. 0o600 for private files, 0o700 (or stat.S_IRWXU) for executables only the owner runs and 0o700/0o755 for directories; never grant write access to group or others.',
    examples: {
      vulnerable: [
        'import os\nos.chmod("f", 0o777)\n',
        'import os, stat\nos.chmod("f", stat.S_IRWXU | stat.S_IWOTH)\n',
        'import os\nos.umask(0)\n',
        'import os\nfd = os.open("run.sh", os.O_WRONLY | os.O_CREAT, 0o775)\n',
        'import os, stat\nos.chmod("tool", stat.S_IRWXU | stat.S_IXGRP | stat.S_IXOTH)\n',
      ],
      safe: [
        'import os, stat\nos.chmod("tool", stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP)\n',
        'import os\nos.chmod("f", 0o600)\n',
        'import os, stat\nos.chmod("f", stat.S_IRUSR | stat.S_IWUSR)\n',
        'import os, stat\nos.chmod("tool", os.stat("tool").st_mode | stat.S_IXUSR)\n',
        'import os\nos.makedirs("cache", mode=0o755, exist_ok=True)\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-TOCTOU-001',
    name: 'check-then-use-race',
    cwe: 367,
    severity: 'low',
    confidence: 'medium',
    message: 'A file is checked (exists/isfile/access) and then used; the file can change in between (TOCTOU)',
    fixHint:
      'Skip the separate check: open or act on the file directly inside try/except FileNotFoundError/PermissionError (or use os.open with O_CREAT|O_EXCL / O_NOFOLLOW).',
    examples: {
      vulnerable: [
        'from pathlib import Path\ndef load(name):\n    p = Path("/data") / name\n    if p.is_file():\n        return p.read_bytes()\n',
        'from pathlib import Path\ndef drop(p: Path):\n    if p.exists() and p.is_file():\n        p.unlink()\n',
        'import os\ndef read(p):\n    if os.path.exists(p):\n        with open(p) as f:\n            return f.read()\n',
        // handled, but a write follows a swapped link
        'import os\ndef save(p, data):\n    if os.path.isfile(p):\n        try:\n            with open(p, "w") as f:\n                f.write(data)\n        except OSError:\n            pass\n',
        'import os\ndef save(p, data):\n    if os.path.exists(p):\n        try:\n            open(p, mode="a").write(data)\n        except OSError:\n            pass\n',
        // a read-only open, but the error the race causes is not the one handled
        'import os\ndef read(p):\n    if os.path.isfile(p):\n        try:\n            return open(p, "rb").read()\n        except UnicodeDecodeError:\n            return None\n',
        // the negated guard: the use after the early exit runs only when the check passed
        'import os\ndef load(p):\n    if not os.access(p, os.R_OK):\n        raise PermissionError(p)\n    with open(p, "rb") as f:\n        return f.read()\n',
        'import os\ndef clean(paths):\n    for p in paths:\n        if not os.path.exists(p):\n            continue\n        os.remove(p)\n',
      ],
      safe: [
        'from pathlib import Path\ndef load(p: Path):\n    try:\n        return p.read_text()\n    except FileNotFoundError:\n        return None\n',
        'from pathlib import Path\ndef load(p: Path, q: Path):\n    if p.exists():\n        return q.read_text()\n',
        'import os\ndef read(p):\n    if os.path.exists(p):\n        try:\n            with open(p, mode="rb") as f:\n                return f.read()\n        except (FileNotFoundError, PermissionError):\n            return None\n    return None\n',
        'def read(p):\n    try:\n        with open(p) as f:\n            return f.read()\n    except FileNotFoundError:\n        return None\n',
        // a negated check whose branch does not exit, and one followed by an open of another file
        'import os\ndef ensure(p):\n    if not os.path.exists(p):\n        print("creating", p)\n    return p\n',
        'import os\ndef read(p, fallback):\n    if not os.path.isfile(p):\n        return None\n    with open(fallback) as f:\n        return f.read()\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-UPLOAD-001',
    name: 'unrestricted-file-upload',
    cwe: 434,
    severity: 'high',
    confidence: 'medium',
    message:
      'An uploaded file is stored without restricting its type (no extension allow-list or content check), or under the client-supplied file name',
    fixHint:
      'Accept only an allow-list of extensions and verify the content type/content (e.g. open images with Pillow), pass the name through werkzeug.utils.secure_filename() or generate a random name, cap the size, and store uploads outside the web root.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import os\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    f.save(os.path.join('uploads', f.filename))\n    return 'ok'\n`,
        'from django.core.files.storage import default_storage\ndef avatar(request):\n    upload = request.FILES["avatar"]\n    default_storage.save("avatars/" + str(request.user.id), upload)\n',
        'from fastapi import FastAPI, UploadFile\nimport shutil\napi = FastAPI()\n@api.post("/doc")\nasync def doc(file: UploadFile):\n    with open("store/latest.bin", "wb") as out:\n        shutil.copyfileobj(file.file, out)\n',
        // a denylist of extensions: every type not on it (".phtml", ".svg", ".html") is stored
        `${flaskPrelude}import os, uuid\nDENIED_TYPES = ('.exe', '.php', '.js')\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['doc']\n    suffix = os.path.splitext(f.filename)[1].lower()\n    if suffix in DENIED_TYPES:\n        return 'refused', 415\n    f.save(os.path.join('docs', uuid.uuid4().hex))\n    return 'ok'\n`,
        // the same denylist in the other polarity: store only what is not on it
        `${flaskPrelude}import os, uuid\nBLOCKED = {'.exe', '.php'}\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['doc']\n    if os.path.splitext(f.filename)[1].lower() not in BLOCKED:\n        f.save(os.path.join('docs', uuid.uuid4().hex))\n        return 'ok'\n    return 'refused', 415\n`,
        // the annotation through the module, and a list of uploads
        'import fastapi\napi = fastapi.FastAPI()\n@api.post("/doc")\nasync def doc(file: fastapi.UploadFile = fastapi.File(...)):\n    data = await file.read()\n    with open("store/latest.bin", "wb") as out:\n        out.write(data)\n',
        'from typing import List\nfrom fastapi import FastAPI, UploadFile\napi = FastAPI()\n@api.post("/docs")\nasync def docs(files: List[UploadFile]):\n    for item in files:\n        with open("store/" + item.filename, "wb") as out:\n            out.write(await item.read())\n',
        // a name split on a module constant that is not the extension dot: no type is read
        `${flaskPrelude}import os, uuid\nSEP = '-'\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['doc']\n    stem = f.filename.rsplit(SEP, 1)[0]\n    f.save(os.path.join('docs', stem + uuid.uuid4().hex))\n    return 'ok'\n`,
        // only the declared Content-Type checked: the client writes that header
        `${flaskPrelude}import uuid\ndef image_ok(upload):\n    return upload.mimetype in ('image/png', 'image/jpeg')\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    if not image_ok(f):\n        return 'bad', 400\n    f.save('uploads/' + uuid.uuid4().hex)\n    return 'ok'\n`,
        // the class checks the type only in a method the handler never calls: building it checks nothing
        `${flaskPrelude}import uuid\nclass Incoming:\n    def __init__(self, f):\n        self.f = f\n    def acceptable(self):\n        return self.f.filename.lower().endswith(('.png', '.gif'))\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['img']\n    Incoming(f)\n    f.save('media/' + uuid.uuid4().hex)\n    return 'ok'\n`,
      ],
      safe: [
        `${flaskPrelude}import os, uuid\nALLOWED = {'png', 'jpg'}\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    ext = f.filename.rsplit('.', 1)[-1].lower()\n    if ext not in ALLOWED:\n        return 'bad type', 400\n    f.save(os.path.join('uploads', uuid.uuid4().hex + '.' + ext))\n    return 'ok'\n`,
        `${flaskPrelude}from werkzeug.utils import secure_filename\ndef image_ok(upload):\n    return upload.filename.lower().endswith(('.png', '.jpg')) and upload.mimetype in ('image/png', 'image/jpeg')\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['file']\n    if not image_ok(f):\n        return 'bad', 400\n    f.save('uploads/' + secure_filename(f.filename))\n    return 'ok'\n`,
        // the extension dot named as a module constant, as a tidied module writes it
        `${flaskPrelude}import os, uuid\nDOT = '.'\nKINDS = {'csv', 'txt'}\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['doc']\n    kind = f.filename.rsplit(DOT, 1)[-1].lower()\n    if kind not in KINDS:\n        return 'bad type', 415\n    f.save(os.path.join('docs', uuid.uuid4().hex + DOT + kind))\n    return 'ok'\n`,
        // a denylist next to an allow-list: the allow-list decides
        `${flaskPrelude}import os, uuid\nDENIED_TYPES = ('.exe',)\nPERMITTED = ('.txt', '.csv')\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['doc']\n    suffix = os.path.splitext(f.filename)[1].lower()\n    if suffix in DENIED_TYPES or suffix not in PERMITTED:\n        return 'refused', 415\n    f.save(os.path.join('docs', uuid.uuid4().hex + suffix))\n    return 'ok'\n`,
        // the constructor refuses a type off the allow-list: every instance built passed it
        `${flaskPrelude}import uuid\nclass Incoming:\n    def __init__(self, f):\n        if not f.filename.lower().endswith(('.png', '.gif')):\n            raise ValueError(f.filename)\n        self.f = f\n@app.route('/up', methods=['POST'])\ndef up():\n    f = request.files['img']\n    Incoming(f)\n    f.save('media/' + uuid.uuid4().hex)\n    return 'ok'\n`,
      ],
    },
  },
];

// The errors a file that changed after the check raises on open: FileNotFoundError, PermissionError,
// IsADirectoryError are OSError subclasses (IOError and EnvironmentError are its aliases).
const fileErrorHandler =
  /^except\s*(:|\(?[^:]*\b(OSError|IOError|EnvironmentError|FileNotFoundError|Exception|BaseException)\b)/;

/**
 * A check-then-read is a race without a consequence when the read fails safely: opened read-only (a swapped file or
 * link can only be read with the process's own rights, which the check never widened) inside a try that handles the
 * open's errors. Writes, deletes and permission changes through a swapped link stay races whatever is handled.
 */
function isHandledRead(site: CallSite, limit: PlainNode, analysis: ModuleAnalysis): boolean {
  const modeNode = site.keywords.get('mode') ?? site.positional[1];
  const mode = modeNode ? stringValue(analysis, modeNode) : 'r';
  if (mode === undefined || !/^[rbt]*$/.test(mode)) return false;
  for (let current = site.node.parent; current && current !== limit.parent; current = current.parent) {
    if (current.type !== 'try_statement') continue;
    const handlers = current.children.filter((child) => child.type === 'except_clause');
    if (handlers.some((handler) => fileErrorHandler.test(analysis.text(handler)))) return true;
  }
  return false;
}

/**
 * The statements after `if not check(p): return/raise/continue` (with no else): the code that runs only when the
 * check passed, so a use there is the same check-then-use as inside `if check(p):`.
 */
function usesAfterEarlyExit(
  statement: PlainNode,
  consequence: PlainNode,
): { limit: PlainNode; parts: PlainNode[] } | undefined {
  const block = statement.parent;
  const last = namedChildren(consequence).at(-1);
  if (!block || childByField(statement, 'alternative') || !last) return undefined;
  if (!['return_statement', 'raise_statement', 'continue_statement'].includes(last.type)) return undefined;
  const siblings = namedChildren(block);
  return { limit: block, parts: siblings.slice(siblings.indexOf(statement) + 1) };
}

const uploadAnnotation = /:\s*(?:[\w.]+\[)?(?:\w+\.)*UploadFile\b/;

/** pathlib.Path methods that open, change or remove the file the path names. */
const pathlibUse = /^(open|read_text|read_bytes|write_text|write_bytes|unlink|chmod|rename|replace|rmdir|touch)$/;

/** The receiver of `p.exists()` / `p.is_file()` / `p.is_dir()` / `p.is_symlink()` when it is a plain name. */
function pathlibCheck(part: PlainNode, analysis: ModuleAnalysis): string | undefined {
  if (part.type !== 'call' || callArgumentNodes(part).length > 0) return undefined;
  const site = analysis.callAt(part);
  if (!/^(exists|is_file|is_dir|is_symlink)$/.test(site.method) || !site.receiver) return undefined;
  const receiver = analysis.text(site.receiver);
  return /^[\w.]+$/.test(receiver) && !/^os\.path$/.test(receiver) ? receiver : undefined;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-TEMP-001': {
    call(site, analysis) {
      if (['tempfile.mktemp', 'os.tempnam', 'os.tmpnam'].includes(site.name)) {
        analysis.report('FDSP-PY-TEMP-001', site.node);
        return;
      }
      if (site.name === 'open' || site.name === 'io.open') {
        const path = site.positional[0];
        const mode = stringValue(analysis, site.positional[1] ?? site.keywords.get('mode')) ?? 'r';
        if (!path || !/[wax+]/.test(mode)) return;
        const fixed = guessableSharedPath(path, analysis);
        if (fixed) analysis.report('FDSP-PY-TEMP-001', site.node);
        return;
      }
      if (pathlibWriteToSharedName(site, analysis)) analysis.report('FDSP-PY-TEMP-001', site.node);
    },
  },
  'FDSP-PY-PERM-001': {
    call(site, analysis) {
      if (site.name === 'os.umask') {
        const mask = site.positional[0] ? evaluateMode(analysis.text(site.positional[0])) : undefined;
        if (mask !== undefined && (mask & 0o022) === 0) analysis.report('FDSP-PY-PERM-001', site.node);
        return;
      }
      let mode: PlainNode | undefined;
      if (['os.chmod', 'os.fchmod', 'os.lchmod'].includes(site.name) || (site.method === 'chmod' && site.receiver))
        mode = site.keywords.get('mode') ?? site.positional[site.name.startsWith('os.') ? 1 : 0];
      else if (site.name === 'os.open') mode = site.keywords.get('mode') ?? site.positional[2];
      else if (site.name === 'os.makedirs' || site.name === 'os.mkdir')
        mode = site.keywords.get('mode') ?? site.positional[1];
      if (!mode) return;
      const bits = evaluateMode(analysis.text(mode));
      if (bits === undefined) return;
      // Write access for group/others lets them change the file; on a file (not a directory, where x means "enter")
      // execute access for others lets every local user run what this program wrote. Group-only execute (0o750) is a
      // deliberately restricted mode, so unlike Bandit B103 it is not flagged.
      const isFile = site.name !== 'os.makedirs' && site.name !== 'os.mkdir';
      if ((bits & 0o022) !== 0 || (isFile && (bits & 0o001) !== 0))
        analysis.report('FDSP-PY-PERM-001', site.node, { detail: `mode ${bits.toString(8)}` });
    },
  },
  'FDSP-PY-TOCTOU-001': {
    node(node, analysis) {
      if (node.type !== 'if_statement') return;
      const condition = childByField(node, 'condition');
      if (!condition) return;
      // by qualified name, so `from os.path import exists` and a helper that forwards to open() read the same
      const checked = [condition, ...descendants(condition)].find(
        (part) =>
          part.type === 'call' &&
          /^os\.(path\.(exists|isfile|isdir|islink)|access)$/.test(analysis.callAt(part).name) &&
          /^[\w.]+$/.test(analysis.text(callArgumentNodes(part)[0] ?? part)),
      );
      // pathlib's spelling: `if path.exists(): path.read_text()` checks and uses the same Path object. Only the use
      // the check guards: `if not path.exists(): return DEFAULTS` before reading one's own settings file is the
      // everyday idiom the neutral corpus keeps quiet (neutral-json-config).
      const checkedPath =
        checked || /^\s*not\b/.test(analysis.text(condition))
          ? undefined
          : [condition, ...descendants(condition)].find((part) => pathlibCheck(part, analysis) !== undefined);
      const name = checked
        ? analysis.text(callArgumentNodes(checked)[0] ?? checked)
        : checkedPath && pathlibCheck(checkedPath, analysis);
      const consequence = childByField(node, 'consequence');
      if (!name || !consequence) return;
      // `if check(p): use(p)` uses the file inside; `if not check(p): return / raise` uses it after the if
      const negated = /^\s*not\b/.test(analysis.text(condition));
      const scope = negated ? usesAfterEarlyExit(node, consequence) : { limit: consequence, parts: [consequence] };
      if (!scope) return;
      const body = scope.limit;
      const use = /^(open|io\.open|os\.(remove|unlink|chmod|chown|rename|rmdir)|shutil\.\w+)$/;
      const uses = scope.parts
        .flatMap((part) => [part, ...descendants(part)])
        .flatMap((part) => {
          if (part.type !== 'call') return [];
          const site = analysis.callAt(part);
          // the path by position or by its parameter's name (open(file=…), os.remove(path=…), shutil.copy(src=…))
          const first =
            site.positional[0] ?? site.keywords.get('file') ?? site.keywords.get('path') ?? site.keywords.get('src');
          if (site.receiver && analysis.text(site.receiver) === name && pathlibUse.test(site.method)) return [site];
          return use.test(site.name) && first !== undefined && analysis.text(first) === name ? [site] : [];
        });
      if (uses.length > 0 && !uses.every((part) => isHandledRead(part, body, analysis)))
        analysis.report('FDSP-PY-TOCTOU-001', condition);
    },
  },
  'FDSP-PY-UPLOAD-001': {
    call(site, analysis) {
      const fn = analysis.function;
      if (!fn) return;
      const isUpload = (node: PlainNode | undefined): node is PlainNode => {
        const taint = node ? analysis.taint(node) : undefined;
        if (taint?.origin !== 'remote') return false;
        if (/^request\.(files|FILES)/.test(taint.from)) return true;
        // FastAPI/Starlette: a handler parameter declared as UploadFile (`fastapi.UploadFile`, `list[UploadFile]`).
        return /^request parameter/.test(taint.from) && uploadAnnotation.test(analysis.text(fn.node));
      };
      let upload: PlainNode | undefined;
      let destination: PlainNode | undefined;
      if (site.method === 'save' && site.receiver && isUpload(site.receiver)) {
        upload = site.receiver;
        destination = argument(site, 0, 'dst');
      } else if (site.method === 'save' && site.receiver && isUpload(site.positional[1])) {
        // Django storage: default_storage.save(name, uploaded_file).
        upload = site.positional[1];
        destination = site.positional[0];
      } else if ((site.method === 'write' || /shutil\.copyfileobj$/.test(site.name)) && isUpload(site.positional[0])) {
        upload = site.positional[0];
      }
      if (!upload) return;
      const destinationTaint = destination ? analysis.taint(destination) : undefined;
      const clientName =
        destinationTaint !== undefined && /^request/.test(destinationTaint.from) && reaches(destinationTaint, 'path');
      if (!clientName && validatesUploadType(fn.node, analysis)) return;
      analysis.report('FDSP-PY-UPLOAD-001', site.node, {
        detail: clientName ? 'saved under the client-supplied file name' : 'no extension or content-type check',
      });
    },
  },
};

export const filesystemRules: RuleFamily = { definitions, logic };

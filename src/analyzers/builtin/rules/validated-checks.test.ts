// The insufficient-fix rules CHECK-004 and CHECK-007 ask the engine whether the sink's very value was validated for the sink
// on every path (`validatedFor`), not only whether a check's text appears in the function: a module helper that checks
// the host, or a containment check on the path the sink opens, makes the weak-looking check irrelevant; a check of
// another variable, or on one branch only, does not. Twins written from the CWE semantics, not from the labels.
import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from '../engine/flow-twins.js';

const header =
  "import os, requests\nfrom urllib.parse import urlparse\nfrom werkzeug.utils import secure_filename\nfrom flask import Flask, request, abort, redirect\napp = Flask(__name__)\nALLOWED_HOSTS = {'api.example.com'}\n";
const permitted = 'def permitted(u):\n    return urlparse(u).hostname in ALLOWED_HOSTS\n';
const view = (body: string, extra = ''): string => flaskView(header, body, extra);

const schemeTwins: readonly Twin[] = [
  {
    name: 'CHECK-004: a scheme check next to a host check of another value',
    vulnerable: view(
      "target = request.args['t']\nhome = request.args['home']\nif not target.startswith('https://') or not permitted(home):\n    abort(400)\nreturn requests.get(target, timeout=5).text",
      permitted,
    ),
    safe: view(
      "target = request.args['t']\nif not target.startswith('https://') or not permitted(target):\n    abort(400)\nreturn requests.get(target, timeout=5).text",
      permitted,
    ),
    check: flags('FDSP-PY-CHECK-004'),
  },
  {
    name: 'CHECK-007: the late sanitizing is covered by a containment check of the opened path',
    vulnerable: view(
      "name = request.args.get('file', '')\npath = os.path.join('/srv/share', name)\nname = secure_filename(name)\nif not name:\n    abort(400)\nreturn open(path, 'rb').read()",
    ),
    safe: view(
      "name = request.args.get('file', '')\npath = os.path.join('/srv/share', name)\nname = secure_filename(name)\nif not os.path.realpath(path).startswith('/srv/share/'):\n    abort(400)\nreturn open(path, 'rb').read()",
    ),
    check: flags('FDSP-PY-CHECK-007'),
  },
];

describe('insufficient-fix rules ask what the engine proved for the sink value', () => {
  for (const twin of twinCases(schemeTwins, flags('FDSP-PY-CHECK-004')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

// Request data a constructor stores on `self` is request data in the class's other methods; a check in `__init__`
// before the store, or a value from a constant, is not; one class's constructor arguments never reach another's.
const header =
  'import os\nfrom flask import Flask, request\nfrom werkzeug.utils import secure_filename\napp = Flask(__name__)\n';
const exporter = (store: string): string =>
  `${header}\nclass Export:\n    def __init__(self, name):\n        self.target = ${store}\n\n    def write(self, rows):\n        with open(self.target, 'w') as fh:\n            fh.write(rows)\n`;
const twins: readonly Twin[] = [
  {
    name: 'a path stored on self by the constructor and opened by another method',
    vulnerable: flaskView(
      exporter("os.path.join('/srv/exports', name)"),
      "Export(request.args['n']).write('x')\nreturn 'ok'",
    ),
    safe: flaskView(
      exporter("os.path.join('/srv/exports', secure_filename(name))"),
      "Export(request.args['n']).write('x')\nreturn 'ok'",
    ),
  },
  {
    name: "another class's constructor receives the request data",
    vulnerable: flaskView(
      `${exporter("os.path.join('/srv/exports', name)")}\nclass Label:\n    def __init__(self, text):\n        self.text = text\n`,
      "Export(request.args['n']).write('x')\nreturn 'ok'",
    ),
    safe: flaskView(
      `${exporter("os.path.join('/srv/exports', name)")}\nclass Label:\n    def __init__(self, text):\n        self.text = text\n`,
      "Label(request.args['n'])\nExport('daily.csv').write('x')\nreturn 'ok'",
    ),
  },
];

describe('request data stored on self', () => {
  for (const twin of twinCases(twins, flags('FDSP-PY-PATH-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

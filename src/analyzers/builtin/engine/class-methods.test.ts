import { describe, expect, it } from 'vitest';

import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

// GPT-4 writes validators as classes: a static or class method called on its class is summarized like a module
// function, and a pattern compiled in the class body is read through `cls.` / `self.` / the class name.
const classHeader =
  "import re\nimport os\nfrom flask import Flask, request, abort\napp = Flask(__name__)\n\nclass Names:\n    WORD = re.compile(r'[a-z]+')\n    LOOSE = re.compile(r'[a-z]+.*')\n\n    @classmethod\n    def ok(cls, value):\n        return cls.WORD.fullmatch(value) is not None\n\n    @classmethod\n    def loose(cls, value):\n        return cls.LOOSE.fullmatch(value) is not None\n\n    @staticmethod\n    def plain(value):\n        return Names.WORD.fullmatch(value) is not None\n";
const classTwins: readonly Twin[] = [
  {
    name: 'a classmethod validator with a class-body pattern',
    vulnerable: flaskView(
      classHeader,
      "n = request.args['n']\nif not Names.loose(n):\n    abort(400)\nos.system('id ' + n)",
    ),
    safe: flaskView(classHeader, "n = request.args['n']\nif not Names.ok(n):\n    abort(400)\nos.system('id ' + n)"),
  },
  {
    name: 'a staticmethod validator called on its class, not on another name',
    vulnerable: flaskView(
      classHeader,
      "n = request.args['n']\nif not Other.plain(n):\n    abort(400)\nos.system('id ' + n)",
    ),
    safe: flaskView(classHeader, "n = request.args['n']\nif not Names.plain(n):\n    abort(400)\nos.system('id ' + n)"),
  },
];

describe('class validators', () => {
  for (const twin of twinCases(classTwins, flags('FDSP-PY-CMDI-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

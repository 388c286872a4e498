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

// A method called on a fresh instance (`Client().fetch(x)`) reaches its sinks with `self` bound.
const clientHeader =
  "import requests\nfrom flask import Flask, request\napp = Flask(__name__)\n\nclass Weather:\n    def city(self, name):\n        return requests.get('https://' + name + '/forecast', timeout=5).text\n\n    def fixed(self, name):\n        return requests.get('https://api.example.com/forecast', params={'q': name}, timeout=5).text\n";
const instanceTwins: readonly Twin[] = [
  {
    name: 'a method of a new instance receives the request value as its first parameter after self',
    vulnerable: flaskView(clientHeader, "return Weather().city(request.args['c'])"),
    safe: flaskView(clientHeader, "return Weather().fixed(request.args['c'])"),
  },
];

describe('methods of a fresh instance', () => {
  for (const twin of twinCases(instanceTwins, flags('FDSP-PY-SSRF-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

// A name bound once in its scope to an instance of the module's class (`mailer = Mailer()` at module level, or in the
// function) calls that class's method with `self` bound, as `Mailer().send(x)` does.
const reportHeader =
  "from flask import Flask, request\napp = Flask(__name__)\n\nclass Reports:\n    def body(self, name):\n        with open('/srv/reports/' + name) as fh:\n            return fh.read()\n\n    def latest(self, name):\n        with open('/srv/reports/latest.txt') as fh:\n            return fh.read()\n";
const boundInstanceTwins: readonly Twin[] = [
  {
    name: 'a module-level instance reaches the method with the request value',
    vulnerable: flaskView(`${reportHeader}\nreports = Reports()\n`, "return reports.body(request.args['r'])"),
    safe: flaskView(`${reportHeader}\nreports = Reports()\n`, "return reports.latest(request.args['r'])"),
  },
];
const localInstanceTwins: readonly Twin[] = [
  {
    name: 'an instance bound in the function reaches the method',
    vulnerable: flaskView(reportHeader, "found = Reports()\nreturn found.body(request.args['r'])"),
    safe: flaskView(reportHeader, "found = Reports()\nreturn found.latest(request.args['r'])"),
  },
];

describe('methods through a name bound to an instance', () => {
  for (const twin of twinCases(boundInstanceTwins, flags('FDSP-PY-PATH-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
  for (const twin of twinCases(localInstanceTwins, flags('FDSP-PY-PATH-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

// A method of the module's own class is no database driver's, though it shares a driver's name (`find`, `execute`).
const repositoryHeader =
  "import pymongo\nfrom flask import Flask, request\napp = Flask(__name__)\nclient = pymongo.MongoClient()\n\nclass Accounts:\n    def find(self, query):\n        return [row for row in ROWS if row.get('name') == query.get('name')]\n\nROWS = []\naccounts = Accounts()\n";
const driverNameTwins: readonly Twin[] = [
  {
    name: "a Mongo filter from the body goes to the driver, not to the module's own find()",
    vulnerable: flaskView(repositoryHeader, 'return str(list(client.shop.accounts.find(request.get_json())))'),
    safe: flaskView(repositoryHeader, 'return str(accounts.find(request.get_json()))'),
  },
];
const argvTwins: readonly Twin[] = [
  {
    name: 'execute() given text builds SQL; given an argv list it runs no query',
    vulnerable: flaskView(
      'import sqlite3\nfrom flask import Flask, request\napp = Flask(__name__)\n',
      "db = sqlite3.connect('a.db')\nreturn str(db.execute('SELECT * FROM t WHERE n = ' + request.args['n']).fetchall())",
    ),
    safe: flaskView(
      'from flask import Flask, request\nfrom tasks import queue\napp = Flask(__name__)\n',
      "queue.execute(['report', '--name', request.args['n']])\nreturn 'queued'",
    ),
  },
];

describe('calls that only share a driver method name', () => {
  for (const twin of twinCases(driverNameTwins, flags('FDSP-PY-NOSQL-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
  for (const twin of twinCases(argvTwins, flags('FDSP-PY-SQLI-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

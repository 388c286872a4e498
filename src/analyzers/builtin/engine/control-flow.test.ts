// Control flow the engine follows: finally bodies on every way out of a try, `with suppress(…)`, exception edges into
// handlers, conversions that raise, and `match` statements. Each shape is a vulnerable/safe twin written from Python's
// semantics (not from the labelled sets).
import { describe, expect, it } from 'vitest';

import { scanSource } from '../builtin-analyzer.js';
import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

const header =
  "import os, re\nfrom contextlib import suppress\nfrom flask import Flask, request, abort, make_response\napp = Flask(__name__)\nALLOWED = {'ls', 'df'}\n";
const view = (body: string, extra = ''): string => flaskView(header, body, extra);
const command = flags('FDSP-PY-CMDI-001');
const ensure = 'def ensure(v):\n    if v not in ALLOWED:\n        raise ValueError(v)\n';

const finallyTwins: readonly Twin[] = [
  {
    name: 'a finally body runs on the early-return path, before the check took effect',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        return 'no'\nfinally:\n    os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        return 'no'\nfinally:\n    print('checked')\nos.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'a finally body runs on the raise path',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        raise ValueError(c)\nfinally:\n    os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        raise ValueError(c)\nfinally:\n    os.system('true')\nos.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'taint assigned in a finally body reaches what follows',
    vulnerable: view("c = 'ls'\ntry:\n    print(c)\nfinally:\n    c = request.args['c']\nos.system(c)\nreturn 'ok'"),
    safe: view("c = request.args['c']\ntry:\n    print(c)\nfinally:\n    c = 'ls'\nos.system(c)\nreturn 'ok'"),
  },
  {
    name: 'a guard in a finally body applies after the try',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    print(c)\nfinally:\n    if c in ALLOWED:\n        abort(400)\nos.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    print(c)\nfinally:\n    if c not in ALLOWED:\n        abort(400)\nos.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'continue inside try runs the finally body and goes back to the loop',
    vulnerable: view(
      "for c in request.args.getlist('c'):\n    try:\n        if c not in ALLOWED:\n            continue\n    finally:\n        os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "for c in request.args.getlist('c'):\n    try:\n        if c not in ALLOWED:\n            continue\n    finally:\n        print(c)\n    os.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'break inside try runs the finally body and leaves the loop',
    vulnerable: view(
      "c = 'ls'\nfor item in request.args.getlist('c'):\n    try:\n        c = item\n        break\n    finally:\n        print(item)\nos.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = 'ls'\nfor item in request.args.getlist('c'):\n    try:\n        c = item\n        break\n    finally:\n        c = 'df'\nos.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'nested finally bodies both run on a return',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    try:\n        if c not in ALLOWED:\n            return 'no'\n    finally:\n        print(c)\nfinally:\n    os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    try:\n        if c not in ALLOWED:\n            return 'no'\n    finally:\n        print(c)\nfinally:\n    print(c)\nos.system(c)\nreturn 'ok'",
    ),
  },
];

const exceptionTwins: readonly Twin[] = [
  {
    name: 'a handler sees the value from before the statement that raised',
    vulnerable: view(
      "c = request.args['c']\ntry:\n    n = int(c)\nexcept ValueError:\n    os.system('kill ' + c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\ntry:\n    n = int(c)\nexcept ValueError:\n    return 'bad', 400\nos.system('kill ' + c)\nreturn 'ok'",
    ),
  },
  {
    name: 'a conversion as a statement narrows what follows (the raising path ends)',
    vulnerable: view("c = request.args['c']\nn = len(c)\nos.system('kill ' + c)\nreturn 'ok'"),
    safe: view("c = request.args['c']\nn = float(c)\nos.system('kill ' + c)\nreturn 'ok'"),
  },
  {
    name: 'a conversion leaves header sinks tainted (int() accepts a trailing CR/LF)',
    vulnerable: view("v = request.args['v']\nint(v)\nresp = make_response('ok')\nresp.headers['X-N'] = v\nreturn resp"),
    safe: view(
      "v = request.args['v']\nv = str(int(v))\nresp = make_response('ok')\nresp.headers['X-N'] = v\nreturn resp",
    ),
    check: flags('FDSP-PY-HEADER-001'),
  },
  {
    name: 'with suppress(): a swallowed exception skips the rest of the block',
    vulnerable: view(
      `c = request.args['c']\nwith suppress(ValueError):\n    ensure(c)\nos.system(c)\nreturn 'ok'`,
      ensure,
    ),
    safe: view(
      `c = request.args['c']\nwith open('/tmp/log') as log:\n    ensure(c)\nos.system(c)\nreturn 'ok'`,
      ensure,
    ),
  },
  {
    name: 'with suppress(): inside the block, after the check, the value is checked',
    vulnerable: view(
      `c = request.args['c']\nwith suppress(ValueError):\n    os.system(c)\n    ensure(c)\nreturn 'ok'`,
      ensure,
    ),
    safe: view(
      `c = request.args['c']\nwith suppress(ValueError):\n    ensure(c)\n    os.system(c)\nreturn 'ok'`,
      ensure,
    ),
  },
];

const matchTwins: readonly Twin[] = [
  {
    name: 'literal alternatives narrow the subject inside the case',
    vulnerable: view("c = request.args['c']\nmatch c:\n    case str():\n        os.system(c)\nreturn 'ok'"),
    safe: view("c = request.args['c']\nmatch c:\n    case 'ls' | 'df':\n        os.system(c)\nreturn 'ok'"),
  },
  {
    name: 'a class pattern of a textless type narrows the subject',
    vulnerable: view(
      "n = request.json['n']\nmatch n:\n    case str():\n        os.system('kill ' + str(n))\nreturn 'ok'",
    ),
    safe: view("n = request.json['n']\nmatch n:\n    case int():\n        os.system('kill ' + str(n))\nreturn 'ok'"),
  },
  {
    name: 'a case guard narrows the capture and the subject it aliases',
    vulnerable: view("c = request.args['c']\nmatch c:\n    case x if len(x) < 5:\n        os.system(x)\nreturn 'ok'"),
    safe: view(
      "c = request.args['c']\nmatch c:\n    case x if x in ALLOWED:\n        os.system(x)\n        os.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'case _ after a rejecting guard gets the complement',
    vulnerable: view(
      "c = request.args['c']\nmatch c:\n    case x if x in ALLOWED:\n        return 'no'\n    case _:\n        os.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\nmatch c:\n    case x if x not in ALLOWED:\n        return 'no'\n    case _:\n        os.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'falling out of a match whose only case rejected keeps the narrowing',
    vulnerable: view(
      "c = request.args['c']\nmatch c:\n    case x if x in ALLOWED:\n        return 'no'\nos.system(c)\nreturn 'ok'",
    ),
    safe: view(
      "c = request.args['c']\nmatch c:\n    case x if x not in ALLOWED:\n        return 'no'\nos.system(c)\nreturn 'ok'",
    ),
  },
  {
    name: 'captures inside a mapping pattern hold parts of the subject',
    vulnerable: view("match request.json:\n    case {'cmd': cmd}:\n        os.system(cmd)\nreturn 'ok'"),
    safe: view("match request.json:\n    case {'cmd': 'ls' | 'df'}:\n        os.system('ls')\nreturn 'ok'"),
  },
];

describe('finally on every way out of a try', () => {
  for (const twin of twinCases(finallyTwins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
describe('exception edges, conversions and with', () => {
  for (const twin of twinCases(exceptionTwins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});
describe('match statements', () => {
  for (const twin of twinCases(matchTwins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

describe('finally copies', () => {
  it('reports a sink inside a finally body once, though the body is built for each way out', () => {
    const code = view(
      "c = request.args['c']\ntry:\n    if c:\n        return 'a'\n    if c == 'x':\n        raise ValueError()\nfinally:\n    os.system(c)\nreturn 'ok'",
    );
    const found = scanSource('t.py', code).filter((finding) => finding.ruleId === 'FDSP-PY-CMDI-001');
    expect(found).toHaveLength(1);
  });
});

// Exception types: a statement's exception reaches only the handlers that can catch its class (by Python's built-in
// hierarchy and the module's own exception classes) and goes on to the enclosing try, or out of the function, when
// none surely does. Each shape is a vulnerable/safe twin written from Python's semantics (not from the labelled sets):
// the vulnerable twin's handler swallows the rejection and falls through to the sink; the safe twin's handler cannot
// catch it, so the rejected value never reaches the sink.
import { describe, expect, it } from 'vitest';

import { parsePython, toPlainTree } from '../../../python-syntax/index.js';
import { ExceptionHierarchy, handlerCatches, localExceptionBases, raisedClasses } from './exceptions.js';
import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';

const header =
  "import os, sys\nfrom contextlib import suppress\nfrom flask import Flask, request, abort\napp = Flask(__name__)\nALLOWED = {'ls', 'df'}\n";
const view = (body: string, extra = ''): string => flaskView(header, body, extra);
const command = flags('FDSP-PY-CMDI-001');
const ensure = 'def ensure(v):\n    if v not in ALLOWED:\n        raise ValueError(v)\n';
const ensureOwn =
  'class BadCommand(ValueError):\n    pass\n\ndef ensure(v):\n    if v not in ALLOWED:\n        raise BadCommand(v)\n';

/** `c` checked by `check` inside a try whose handler is `handler` and falls through; the sink after the try. */
const swallowed = (check: string, handler: string): string =>
  view(`c = request.args['c']\ntry:\n    ${check}\n${handler}:\n    pass\nos.system(c)\nreturn 'ok'`);
/** `c` checked by the helper `ensure` inside a try whose handler is `handler` (its body `body`); the sink after the try. */
const ensured = (handler: string, helper: string, body = 'pass'): string =>
  view(`c = request.args['c']\ntry:\n    ensure(c)\n${handler}:\n    ${body}\nos.system(c)\nreturn 'ok'`, helper);
const rejectInline = 'if c not in ALLOWED:\n        raise PermissionError(c)';

const twins: readonly Twin[] = [
  {
    name: 'a raise of one class is not caught by a handler of an unrelated class',
    vulnerable: swallowed(rejectInline, 'except OSError'),
    safe: swallowed(rejectInline, 'except ValueError'),
  },
  {
    name: "a local checker's ValueError passes a KeyError handler",
    vulnerable: ensured('except ValueError', ensure),
    safe: ensured('except KeyError', ensure),
  },
  {
    name: 'a tuple of handler classes catches what any of them catches',
    vulnerable: ensured('except (KeyError, ValueError) as error', ensure, 'print(error)'),
    safe: ensured('except (KeyError, TypeError) as error', ensure, 'print(error)'),
  },
  {
    name: "the module's own exception class derives from ValueError",
    vulnerable: ensured('except ValueError', ensureOwn),
    safe: ensured('except LookupError', ensureOwn),
  },
  {
    name: 'sys.exit raises SystemExit, which `except Exception` does not catch',
    vulnerable: swallowed('if c not in ALLOWED:\n        sys.exit(1)', 'except BaseException'),
    safe: swallowed('if c not in ALLOWED:\n        sys.exit(1)', 'except Exception'),
  },
  {
    name: 'a bare except catches everything',
    vulnerable: swallowed('if c not in ALLOWED:\n        sys.exit(1)', 'except'),
    safe: swallowed('if c not in ALLOWED:\n        sys.exit(1)', 'except KeyboardInterrupt'),
  },
  {
    name: "abort()'s HTTPException is swallowed by `except Exception` but not by `except ValueError`",
    vulnerable: swallowed('if c not in ALLOWED:\n        abort(400)', 'except Exception'),
    safe: swallowed('if c not in ALLOWED:\n        abort(400)', 'except ValueError'),
  },
  {
    name: 'an exception no inner handler catches goes to the enclosing try',
    vulnerable: view(
      `c = request.args['c']\ntry:\n    try:\n        ensure(c)\n    except KeyError:\n        return 'missing'\nexcept ValueError:\n    os.system('echo ' + c)\nreturn 'ok'`,
      ensure,
    ),
    safe: view(
      `c = request.args['c']\ntry:\n    try:\n        ensure(c)\n    except ValueError:\n        return 'rejected'\nexcept ValueError:\n    os.system('echo ' + c)\nreturn 'ok'`,
      ensure,
    ),
  },
  {
    name: 'a handler sees only the paths whose exception it catches',
    vulnerable: view(
      `c = request.args['c']\ntry:\n    ${rejectInline}\n    os.system(c)\nexcept PermissionError:\n    os.system('echo ' + c)\nreturn 'ok'`,
    ),
    safe: view(
      `c = request.args['c']\ntry:\n    ${rejectInline}\n    os.system(c)\nexcept ValueError:\n    os.system('echo ' + c)\nreturn 'ok'`,
    ),
  },
  {
    name: 'suppress() swallows only the classes it names',
    vulnerable: view(
      `c = request.args['c']\nwith suppress(ValueError):\n    ensure(c)\nos.system(c)\nreturn 'ok'`,
      ensure,
    ),
    safe: view(`c = request.args['c']\nwith suppress(KeyError):\n    ensure(c)\nos.system(c)\nreturn 'ok'`, ensure),
  },
  {
    // werkzeug's BadRequestKeyError is both a BadRequest and a KeyError: a class outside the known hierarchy may be
    // caught by any handler.
    name: 'a library exception class may be caught by any handler',
    vulnerable: view(
      `c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        raise BadRequest(c)\nexcept KeyError:\n    pass\nos.system(c)\nreturn 'ok'`,
      'from werkzeug.exceptions import BadRequest\n',
    ),
    safe: view(
      `c = request.args['c']\ntry:\n    if c not in ALLOWED:\n        raise BadRequest(c)\nexcept KeyError:\n    return 'bad'\nos.system(c)\nreturn 'ok'`,
      'from werkzeug.exceptions import BadRequest\n',
    ),
  },
];

describe('exception types decide which handler a statement reaches', () => {
  for (const twin of twinCases(twins, command))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

describe('the exception hierarchy', () => {
  const hierarchy = new ExceptionHierarchy(new Map([['AppError', ['ValueError']]]));
  it.each([
    ['ValueError', 'UnicodeDecodeError', 'surely'],
    ['LookupError', 'KeyError', 'surely'],
    ['LookupError', 'IndexError', 'surely'],
    ['OSError', 'FileNotFoundError', 'surely'],
    ['OSError', 'TimeoutError', 'surely'],
    ['ValueError', 'AppError', 'surely'],
    ['KeyError', 'ValueError', 'no'],
    ['ValueError', 'LookupError', 'no'],
    ['Exception', 'SystemExit', 'no'],
    ['FileNotFoundError', 'OSError', 'maybe'],
    ['RequestException', 'ValueError', 'maybe'],
  ] as const)('except %s, raise %s: %s', (caught, raised, verdict) => {
    expect(hierarchy.catches(caught, raised)).toBe(verdict);
  });
  it('treats an unnamed exception as any Exception', () => {
    expect(hierarchy.catches('Exception', undefined)).toBe('surely');
    expect(hierarchy.catches('ValueError', undefined)).toBe('maybe');
    expect(hierarchy.catches('KeyboardInterrupt', undefined)).toBe('no');
  });
});

describe('handler and raise syntax', () => {
  const code =
    'class AppError(ValueError):\n    pass\ntry:\n    raise AppError("x") from None\nexcept (IOError, json.JSONDecodeError) as e:\n    raise\nexcept:\n    pass\n';
  const { root, nodes } = toPlainTree(parsePython(code));
  const text = (node: { start: number; end: number }): string => code.slice(node.start, node.end);
  const clauses = nodes.filter((node) => node.type === 'except_clause');
  const raises = nodes.filter((node) => node.type === 'raise_statement');
  it('reads a tuple with aliases and a bare except', () => {
    expect(clauses.map((clause) => handlerCatches(clause, text))).toEqual([
      ['OSError', 'JSONDecodeError'],
      ['BaseException'],
    ]);
  });
  it('reads the raised class, and a re-raise as unknown', () => {
    expect(raises.map((statement) => raisedClasses(statement, text))).toEqual([['AppError'], undefined]);
  });
  it("reads the module's exception classes", () => {
    expect([...localExceptionBases(root, text)]).toEqual([['AppError', ['ValueError']]]);
  });
});

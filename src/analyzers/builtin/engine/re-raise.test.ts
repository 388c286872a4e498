// A body-wide `try` whose handlers only re-raise changes nothing a function does (re-raise.ts): the shape rules read
// through it — a forwarder still forwards, a stub is still a stub, a callback still accepts everything — and a
// handler that does something else keeps the try opaque.
import { describe, expect, it } from 'vitest';

import { scanSource } from '../index.js';

const rules = (code: string): string[] => scanSource('t.py', code).map((finding) => finding.ruleId);

const wrapped = (body: string, handler = 'except Exception:\n        raise'): string =>
  `    try:\n${body
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n')}\n    ${handler}\n`;

describe('a body-wide try that only re-raises', () => {
  it('leaves a forwarding helper a forwarder: judged at the call with the caller’s values', () => {
    const helper = `def run_query(cursor, sql, params):\n${wrapped('return cursor.execute(sql, params)')}`;
    const safe = `${helper}def remove(cursor, name: str):\n    run_query(cursor, 'DELETE FROM users WHERE name = %s', (name,))\n`;
    expect(rules(safe)).toEqual([]);
    const flask = 'from flask import Flask, request\napp = Flask(__name__)\n';
    const tainted = `${flask}${helper}@app.route('/d')\ndef d():\n    run_query(db.cursor(), "DELETE FROM t WHERE n = '" + request.args['n'] + "'", ())\n    return 'ok'\n`;
    expect(rules(tainted)).toContain('FDSP-PY-SQLI-001');
  });

  it('names the bound exception too (`except ValueError as error: raise error`)', () => {
    const helper = `def run_query(cursor, sql):\n${wrapped('return cursor.execute(sql)', 'except ValueError as error:\n        raise error')}`;
    expect(rules(`${helper}def count(cursor):\n    return run_query(cursor, 'SELECT count(*) FROM t')\n`)).toEqual([]);
  });

  it('keeps a pyOpenSSL callback that returns True whatever happens an accept-all callback', () => {
    const code = (callback: string): string =>
      `from OpenSSL import SSL\ndef check(conn, cert, errno, depth, ok):\n${callback}def ctx():\n    c = SSL.Context(SSL.TLS_METHOD)\n    c.set_verify(SSL.VERIFY_PEER, check)\n    return c\n`;
    expect(rules(code(wrapped('return True')))).toContain('FDSP-PY-TLS-002');
    // a callback that rejects by raising its own error is a real check
    expect(rules(code(wrapped("if not ok:\n    raise SSL.Error('bad certificate')\nreturn True")))).not.toContain(
      'FDSP-PY-TLS-002',
    );
  });

  it('keeps a stubbed task handler a stub', () => {
    const flask = "from flask import Flask, request\napp = Flask(__name__)\n@app.route('/ping')\n";
    const stub = `${flask}def ping():\n    """Ping the host given in the request."""\n${wrapped("host = request.args['host']\n# TODO: run ping safely\nreturn 'not implemented'")}`;
    expect(rules(stub).some((id) => id.startsWith('FDSP-PY-STUB-'))).toBe(true);
  });

  it('is opaque when a handler does something else (here: swallows the error and returns None)', () => {
    const helper = `def run_query(cursor, sql, params):\n${wrapped('return cursor.execute(sql, params)', 'except Exception:\n        return None')}`;
    // no forwarder: the helper's own parameter reaches the sink and is judged there, as for any helper
    const code = `${helper}def remove(cursor, name: str):\n    run_query(cursor, 'DELETE FROM users WHERE name = %s', (name,))\n`;
    expect(rules(code)).toContain('FDSP-PY-SQLI-001');
  });
});

// Conversions inside formatting, as the sinks see them: `!r` / `%r` neutralize line breaks (log, header) but not shell,
// SQL or HTML metacharacters; a numeric presentation type (`:d`, `%d`) leaves only digits; `!s` changes nothing.
// Vulnerable/safe twins written from Python's formatting semantics, not from the labelled sets.
import { describe, expect, it } from 'vitest';

import { converted, interpolationConversion } from './format-conversions.js';
import { flags, flaskView, twinCases, type Twin } from './flow-twins.js';
import { parsePython, toPlainTree } from '../../../python-syntax/index.js';

const header =
  'import os, shlex, html, logging\nfrom flask import Flask, request, make_response\napp = Flask(__name__)\n';
const view = (body: string): string => flaskView(header, body);
const input = "u = request.args['u']\n";

const twins: readonly Twin[] = [
  {
    name: 'a header value: {u!s} keeps line breaks, {u!r} escapes them',
    vulnerable: view(`${input}r = make_response('ok')\nr.headers['X-User'] = f'user={u!s}'\nreturn r`),
    safe: view(`${input}r = make_response('ok')\nr.headers['X-User'] = f'user={u!r}'\nreturn r`),
    check: flags('FDSP-PY-HEADER-001'),
  },
  {
    name: 'a log line through .format: {} vs {!r}',
    vulnerable: view(`${input}logging.warning('login by {}'.format(u))\nreturn 'ok'`),
    safe: view(`${input}logging.warning('login by {!r}'.format(u))\nreturn 'ok'`),
    check: flags('FDSP-PY-LOG-001'),
  },
  {
    name: 'a log line through % with a key: %(u)s vs %(u)r',
    vulnerable: view(`${input}logging.warning('login by %(u)s' % {'u': u})\nreturn 'ok'`),
    safe: view(`${input}logging.warning('login by %(u)r' % {'u': u})\nreturn 'ok'`),
    check: flags('FDSP-PY-LOG-001'),
  },
  {
    name: 'repr quoting is not shell quoting',
    vulnerable: view(`${input}os.system(f'echo {u!r}')\nreturn 'ok'`),
    safe: view(`${input}os.system(f'echo {shlex.quote(u)}')\nreturn 'ok'`),
    check: flags('FDSP-PY-CMDI-001'),
  },
  {
    name: 'a numeric presentation type leaves digits only',
    vulnerable: view(`${input}os.system(f'kill {u:>8}')\nreturn 'ok'`),
    safe: view(`${input}os.system(f'kill {u:d}')\nreturn 'ok'`),
    check: flags('FDSP-PY-CMDI-001'),
  },
  {
    name: '.format with a numeric field',
    vulnerable: view(`${input}os.system('kill {0}'.format(u))\nreturn 'ok'`),
    safe: view(`${input}os.system('kill {0:d}'.format(u))\nreturn 'ok'`),
    check: flags('FDSP-PY-CMDI-001'),
  },
];

describe('format conversions as the sinks see them', () => {
  for (const twin of twinCases(twins, flags('FDSP-PY-LOG-001')))
    it(twin.title, () => {
      expect(twin.actual()).toBe(twin.flagged);
    });
});

describe('interpolationConversion', () => {
  const code = 'f"{a!r} {b:d} {c!s:>4} {d:.2f} {e!r:d} {f:%Y-%m}"\n';
  const { nodes } = toPlainTree(parsePython(code));
  const text = (node: { start: number; end: number }): string => code.slice(node.start, node.end);
  it('reads !r, numeric types (which win over a conversion) and a plain spec', () => {
    expect(
      nodes.filter((node) => node.type === 'interpolation').map((node) => interpolationConversion(node, text)),
    ).toEqual(['!r', ':d', '!s', ':f', ':d', undefined]);
  });
  it('clears only the sinks a conversion neutralizes', () => {
    const taint = { origin: 'remote', safe: 0, from: 'request' } as const;
    expect(converted(taint, '!r')?.safe).toBeGreaterThan(0);
    expect(converted(taint, '!s')).toEqual(taint);
    expect(converted(taint, ':d')).toBeUndefined();
  });
});

// What a string-formatting conversion does to the text it inserts, as one table (each entry with a vulnerable and a
// safe example, run by tables.test.ts): `{x!r}` / `%r` (and `!a` / `%a`) insert repr() of the value — quoted, with CR
// and LF written as the escapes \r and \n — so no line break reaches a log line or a header, while markup, quotes and
// shell or SQL metacharacters survive; `{x!s}` / `%s` insert the text as it is; a numeric presentation type (`{x:d}`,
// `{x:.2f}`, `%d`, `%x` …) accepts only a number (a str raises), so the inserted text is digits and carries nothing.
// The rules decide by sink kind, so a LOG or HEADER rule sees `!r` as a sanitizer without knowing about it.
import type { PlainNode } from '../../../python-syntax/index.js';
import { allSinks, sanitize, sinkMask, type SinkKind, type Taint } from '../taint.js';

export interface ConversionEntry {
  /** The conversion as written: `!r`, `%r`, `:d`, `%d` (the presentation type of a format spec or a %-directive). */
  readonly conversions: readonly string[];
  readonly neutralizes: readonly SinkKind[] | 'all' | 'none';
  readonly why: string;
  readonly example: { readonly rule: string; readonly vulnerable: string; readonly safe: string };
}

const flaskHandler = (body: string, imports = ''): string =>
  `from flask import Flask, request, make_response\n${imports}app = Flask(__name__)\n\n@app.route('/x')\ndef view():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;

const numericTypes = ['d', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G', 'n', '%'];

export const conversionTable: readonly ConversionEntry[] = [
  {
    conversions: ['!r', '!a', '%r', '%a'],
    neutralizes: ['log', 'header'],
    why: 'repr()/ascii() of a str quotes it and writes CR and LF as \\r and \\n: no line break survives. Quotes, markup and metacharacters do.',
    example: {
      rule: 'FDSP-PY-LOG-001',
      vulnerable: flaskHandler(
        "u = request.args['u']\nlogging.info(f'login by {u!s}')\nreturn 'ok'",
        'import logging\n',
      ),
      safe: flaskHandler("u = request.args['u']\nlogging.info(f'login by {u!r}')\nreturn 'ok'", 'import logging\n'),
    },
  },
  {
    conversions: ['%r'],
    neutralizes: ['log', 'header'],
    why: 'A header value built with %r cannot carry a line break; with %s it can (response splitting).',
    example: {
      rule: 'FDSP-PY-HEADER-001',
      vulnerable: flaskHandler(
        "r = make_response('ok')\nr.headers['X-User'] = 'user=%s' % request.args['u']\nreturn r",
      ),
      safe: flaskHandler("r = make_response('ok')\nr.headers['X-User'] = 'user=%r' % request.args['u']\nreturn r"),
    },
  },
  {
    conversions: ['!r'],
    neutralizes: ['log', 'header'],
    why: 'repr() quoting is not SQL quoting: a quote inside the value is escaped for Python, not for the database.',
    example: {
      rule: 'FDSP-PY-SQLI-001',
      vulnerable: flaskHandler(
        "name = request.args['n']\ncursor.execute(f\"SELECT * FROM t WHERE n = {name!r}\")\nreturn 'ok'",
        "import sqlite3\ncursor = sqlite3.connect('d').cursor()\n",
      ),
      safe: flaskHandler(
        "name = request.args['n']\ncursor.execute('SELECT * FROM t WHERE n = ?', (name,))\nreturn 'ok'",
        "import sqlite3\ncursor = sqlite3.connect('d').cursor()\n",
      ),
    },
  },
  {
    conversions: [
      ...numericTypes.map((type) => `:${type}`),
      ...numericTypes.filter((type) => type !== '%').map((type) => `%${type}`),
    ],
    neutralizes: 'all',
    why: 'A numeric presentation type formats only a number (a str raises ValueError or TypeError): the text is digits.',
    example: {
      rule: 'FDSP-PY-SQLI-001',
      vulnerable: flaskHandler(
        "uid = request.args['id']\ncursor.execute('SELECT * FROM t WHERE id = %s' % uid)\nreturn 'ok'",
        "import sqlite3\ncursor = sqlite3.connect('d').cursor()\n",
      ),
      safe: flaskHandler(
        "uid = request.args['id']\ncursor.execute('SELECT * FROM t WHERE id = %d' % uid)\nreturn 'ok'",
        "import sqlite3\ncursor = sqlite3.connect('d').cursor()\n",
      ),
    },
  },
  {
    conversions: ['!s', '%s', ':s', '%c', ':c'],
    neutralizes: 'none',
    why: 'str() inserts the text as it is; %c / :c insert any one character, a line break included.',
    example: {
      rule: 'FDSP-PY-LOG-001',
      vulnerable: flaskHandler(
        "u = request.args['u']\nlogging.info('login by %s' % u)\nreturn 'ok'",
        'import logging\n',
      ),
      safe: flaskHandler("u = request.args['u']\nlogging.info('login by %r' % u)\nreturn 'ok'", 'import logging\n'),
    },
  },
];

const conversionMasks: ReadonlyMap<string, number> = new Map(
  conversionTable.flatMap((entry) =>
    entry.conversions.map((conversion): [string, number] => [
      conversion,
      entry.neutralizes === 'all' ? allSinks : entry.neutralizes === 'none' ? 0 : sinkMask(entry.neutralizes),
    ]),
  ),
);

/** The taint of a value inserted with `conversion` (`!r`, `:d`, `%r`; undefined: as it is). */
export function converted(taint: Taint | undefined, conversion: string | undefined): Taint | undefined {
  const mask = conversion === undefined ? 0 : (conversionMasks.get(conversion) ?? 0);
  return mask === 0 ? taint : sanitize(taint, mask);
}

/** The conversion of an f-string interpolation: its numeric presentation type if any (a str would raise), else its
 * `!r` / `!a` / `!s`. */
export function interpolationConversion(
  interpolation: PlainNode,
  text: (node: PlainNode) => string,
): string | undefined {
  let conversion: string | undefined;
  for (const child of interpolation.children) {
    if (child.type === 'type_conversion') conversion = text(child);
    if (child.type === 'format_specifier') {
      const type = /([a-zA-Z%])$/.exec(text(child))?.[1];
      if (type && numericTypes.includes(type)) return `:${type}`;
    }
  }
  return conversion;
}

/** The conversion of a `%` directive or a `{…}` field as the table names it. */
export function directiveConversion(
  style: 'percent' | 'braces',
  type: string | undefined,
  spec?: string,
): string | undefined {
  if (style === 'percent') return type === undefined ? undefined : `%${type}`;
  const presentation = spec ? /([a-zA-Z%])$/.exec(spec)?.[1] : undefined;
  if (presentation && numericTypes.includes(presentation)) return `:${presentation}`;
  return type === undefined ? undefined : `!${type}`;
}

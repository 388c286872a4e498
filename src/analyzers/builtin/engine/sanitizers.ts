// Sanitizers that suit the sink: a transform clears taint only for the sink kinds it neutralizes, by the CWE's
// semantics. One table, one entry per transform family, each with a vulnerable and a safe example that
// sanitizers.test.ts runs (the rule named must fire on `vulnerable` and stay quiet on `safe`).
//
// Modelled elsewhere, on purpose: parameterized queries (the SQL rule checks the query argument is a constant with
// placeholders), list-form subprocess without a shell (the command rule), defusedxml / yaml.safe_load /
// hmac.compare_digest / secrets / env-read credentials (the rules owning those CWEs match the API, not a taint).
// A fixed scheme+host prefix (f"https://api.example.com/{x}") pins the host for outbound requests: see
// `pinnedHostPrefix` below; `urljoin(BASE, x)` does not (an absolute `x` replaces the base).
import { outputEncoded, sinkMask, type SinkKind } from '../taint.js';

export interface SanitizerEntry {
  /** Qualified callee names (after import resolution). */
  readonly names: readonly string[];
  /** The sink kinds whose danger the transform removes; `all` for transforms whose result carries no attacker text. */
  readonly neutralizes: readonly SinkKind[] | 'all';
  /** An output encoding a log viewer can handle that keeps CR/LF (taint.ts `outputEncoded`): the log rule then
   * reports CRLF injection (LOG-002, CWE-93) instead of the missing encoding (LOG-001, CWE-117). */
  readonly encodesForLogs?: true;
  readonly why: string;
  readonly example: { readonly rule: string; readonly vulnerable: string; readonly safe: string };
  /** More vulnerable / safe pairs for the entry's other decisions (sanitizers.test.ts runs them as well). */
  readonly twins?: readonly { readonly rule: string; readonly vulnerable: string; readonly safe: string }[];
}

const flaskHandler = (body: string, imports = ''): string =>
  `from flask import Flask, request\n${imports}app = Flask(__name__)\n\n@app.route('/x')\ndef view():\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n`;

export const sanitizerTable: readonly SanitizerEntry[] = [
  {
    names: [
      'html.escape',
      'cgi.escape',
      'tornado.escape.xhtml_escape',
      'markupsafe.escape',
      'markupsafe.Markup.escape',
      'flask.escape',
      'jinja2.escape',
      'django.utils.html.escape',
      'django.utils.html.format_html',
      'bleach.clean',
    ],
    neutralizes: ['html'],
    encodesForLogs: true,
    why: 'HTML entity encoding stops markup injection; it leaves quotes for a shell, SQL and newlines for logs. For a log it is the output encoding CWE-117 asks for (a log viewer shows the markup as text), but CR/LF survive, so forged log lines remain: LOG-002 (CWE-93) instead of LOG-001 (CWE-117).',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: flaskHandler(
        "name = html.escape(request.args['n'])\nos.system('echo ' + name)\nreturn 'ok'",
        'import html, os\n',
      ),
      safe: flaskHandler(
        "name = shlex.quote(request.args['n'])\nos.system('echo ' + name)\nreturn 'ok'",
        'import shlex, os\n',
      ),
    },
    twins: [
      // No encoding at all: the missing output encoding, CWE-117.
      {
        rule: 'FDSP-PY-LOG-001',
        vulnerable: flaskHandler("logging.info('user %s', request.args['u'])\nreturn 'ok'", 'import logging\n'),
        safe: flaskHandler(
          "logging.info('user %s', html.escape(request.args['u']))\nreturn 'ok'",
          'import logging, html\n',
        ),
      },
      // Escaped but CR/LF kept: the residual is CRLF injection, CWE-93, until both terminators are removed.
      {
        rule: 'FDSP-PY-LOG-002',
        vulnerable: flaskHandler(
          "name = escape(request.args['u'])\napp.logger.info(f'user {name}')\nreturn 'ok'",
          'from markupsafe import escape\n',
        ),
        safe: flaskHandler(
          "name = html.escape(request.args['u']).replace('\\r', '').replace('\\n', '')\napp.logger.info(f'user {name}')\nreturn 'ok'",
          'import html\n',
        ),
      },
      // Removing LF alone keeps CR, which a terminal or a CR-splitting log viewer still reads as a new line.
      {
        rule: 'FDSP-PY-LOG-002',
        vulnerable: flaskHandler(
          "name = html.escape(request.args['u']).replace('\\n', ' ')\nlogging.warning('user ' + name)\nreturn 'ok'",
          'import logging, html\n',
        ),
        safe: flaskHandler(
          "name = html.escape(request.args['u'])\nlogging.warning('user %r', name)\nreturn 'ok'",
          'import logging, html\n',
        ),
      },
      // An escaped value next to a raw one: the raw one still lacks the encoding.
      {
        rule: 'FDSP-PY-LOG-001',
        vulnerable: flaskHandler(
          "logging.info(html.escape(request.args['u']) + request.args['v'])\nreturn 'ok'",
          'import logging, html\n',
        ),
        safe: flaskHandler(
          "logging.info(f\"{html.escape(request.args['u'])!r} {json.dumps(request.args['v'])}\")\nreturn 'ok'",
          'import logging, html, json\n',
        ),
      },
    ],
  },
  {
    names: ['xml.sax.saxutils.escape'],
    neutralizes: ['html', 'xpath'],
    encodesForLogs: true,
    why: 'Escapes &, < and > (and given entities): markup-safe, not quote-safe for shells or SQL. Like html.escape, an output encoding for a log viewer that keeps CR/LF.',
    example: {
      rule: 'FDSP-PY-XSS-001',
      vulnerable: flaskHandler("return '<p>' + request.args['n'] + '</p>'"),
      safe: flaskHandler("return '<p>' + escape(request.args['n']) + '</p>'", 'from xml.sax.saxutils import escape\n'),
    },
  },
  {
    names: ['shlex.quote', 'pipes.quote'],
    neutralizes: ['shell'],
    why: 'Quotes one shell word; it does nothing for HTML, SQL or a path.',
    example: {
      rule: 'FDSP-PY-XSS-001',
      vulnerable: flaskHandler("return '<p>' + shlex.quote(request.args['n']) + '</p>'", 'import shlex\n'),
      safe: flaskHandler("return '<p>' + html.escape(request.args['n']) + '</p>'", 'import html\n'),
    },
  },
  {
    names: ['re.escape'],
    neutralizes: ['regex'],
    why: 'Escapes regex metacharacters so user text matches literally.',
    example: {
      rule: 'FDSP-PY-REGEX-001',
      vulnerable: flaskHandler("pattern = request.args['p']\nreturn str(re.search(pattern, 'text'))", 'import re\n'),
      safe: flaskHandler(
        "pattern = re.escape(request.args['p'])\nreturn str(re.search(pattern, 'text'))",
        'import re\n',
      ),
    },
  },
  {
    names: ['werkzeug.utils.secure_filename', 'werkzeug.secure_filename', 'os.path.basename'],
    neutralizes: ['path'],
    why: 'Strips directory parts, so the name cannot leave the directory it is joined to (the upload rule also wants an allow-listed extension).',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: flaskHandler(
        "name = request.args['f']\nreturn open(os.path.join('/srv/files', name)).read()",
        'import os\n',
      ),
      safe: flaskHandler(
        "name = os.path.basename(request.args['f'])\nreturn open(os.path.join('/srv/files', name)).read()",
        'import os\n',
      ),
    },
  },
  {
    names: [
      'werkzeug.security.safe_join',
      'werkzeug.utils.safe_join',
      'flask.safe_join',
      'flask.helpers.safe_join',
      'django.utils._os.safe_join',
    ],
    neutralizes: ['path'],
    why: 'Joins the untrusted parts under the base and refuses a result outside it (werkzeug returns None, Flask < 2.1 raises NotFound, Django raises SuspiciousFileOperation): the path it returns cannot leave the base.',
    example: {
      rule: 'FDSP-PY-PATH-001',
      vulnerable: flaskHandler(
        "name = request.args['f']\nreturn send_file(os.path.join(app.root_path, name))",
        'import os\nfrom flask import send_file\n',
      ),
      safe: flaskHandler(
        "name = request.args['f']\nreturn send_file(safe_join(app.root_path, name))",
        'from flask import send_file\nfrom werkzeug.security import safe_join\n',
      ),
    },
  },
  {
    names: [
      'ldap.filter.escape_filter_chars',
      'ldap.dn.escape_dn_chars',
      'ldap3.utils.conv.escape_filter_chars',
      'ldap3.utils.dn.escape_rdn',
      'escape_filter_chars',
    ],
    neutralizes: ['ldap'],
    why: 'Escapes LDAP filter / DN metacharacters (*, (, ), \\, NUL).',
    example: {
      rule: 'FDSP-PY-LDAP-001',
      vulnerable: flaskHandler(
        "user = request.args['u']\nconn = ldap.initialize('ldap://x')\nreturn str(conn.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + user + ')'))",
        'import ldap\n',
      ),
      safe: flaskHandler(
        "user = escape_filter_chars(request.args['u'])\nconn = ldap.initialize('ldap://x')\nreturn str(conn.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + user + ')'))",
        'import ldap\nfrom ldap.filter import escape_filter_chars\n',
      ),
    },
  },
  {
    names: ['urllib.parse.quote', 'urllib.parse.quote_plus'],
    neutralizes: ['header', 'log', 'html', 'path', 'shell'],
    why: 'Percent-encodes everything but unreserved characters (and "/" by default): no CR/LF, quotes, <, > or spaces survive.',
    example: {
      rule: 'FDSP-PY-HEADER-001',
      vulnerable: flaskHandler(
        "response = make_response('ok')\nresponse.headers['X-Name'] = request.args['n']\nreturn response",
        'from flask import make_response\n',
      ),
      safe: flaskHandler(
        "response = make_response('ok')\nresponse.headers['X-Name'] = quote(request.args['n'])\nreturn response",
        'from flask import make_response\nfrom urllib.parse import quote\n',
      ),
    },
  },
  {
    names: ['json.dumps'],
    neutralizes: ['log', 'header'],
    why: 'JSON string encoding escapes control characters, so CR/LF cannot forge a log line or header.',
    example: {
      rule: 'FDSP-PY-LOG-001',
      vulnerable: flaskHandler("logging.info('user %s', request.args['u'])\nreturn 'ok'", 'import logging\n'),
      safe: flaskHandler(
        "logging.info('user %s', json.dumps(request.args['u']))\nreturn 'ok'",
        'import logging, json\n',
      ),
    },
  },
  {
    names: ['repr', 'ascii'],
    neutralizes: ['log', 'header'],
    why: 'repr()/ascii() of a string writes CR and LF as the escapes \\r and \\n (and quotes the value): no line break survives. Markup and quotes do.',
    example: {
      rule: 'FDSP-PY-LOG-001',
      vulnerable: flaskHandler("logging.info('user %s', request.args['u'])\nreturn 'ok'", 'import logging\n'),
      safe: flaskHandler("logging.info('user %s', repr(request.args['u']))\nreturn 'ok'", 'import logging\n'),
    },
    twins: [
      // f-string `!r` / `!a` is repr() / ascii() of the value.
      {
        rule: 'FDSP-PY-LOG-001',
        vulnerable: flaskHandler("app.logger.info(f\"user {request.args['u']!s}\")\nreturn 'ok'"),
        safe: flaskHandler("app.logger.info(f\"user {request.args['u']!r}\")\nreturn 'ok'"),
      },
      {
        rule: 'FDSP-PY-LOG-002',
        vulnerable: flaskHandler(
          "app.logger.info(f'user {html.escape(request.args[\"u\"])}')\nreturn 'ok'",
          'import html\n',
        ),
        safe: flaskHandler(
          "app.logger.info(f'user {html.escape(request.args[\"u\"])!a}')\nreturn 'ok'",
          'import html\n',
        ),
      },
    ],
  },
  {
    names: ['psycopg2.sql.Identifier', 'psycopg2.sql.Literal', 'psycopg.sql.Identifier', 'psycopg.sql.Literal'],
    neutralizes: ['sql'],
    why: 'psycopg\'s composition API quotes the value for its place in the statement: Identifier double-quotes a table or column name (doubling embedded quotes), Literal renders a quoted, escaped SQL literal. The statement text around it stays the program\'s own sql.SQL(...).',
    example: {
      rule: 'FDSP-PY-SQLI-001',
      vulnerable: flaskHandler(
        "column = request.args['sort']\ncur.execute(sql.SQL('SELECT * FROM items ORDER BY ' + column))\nreturn 'ok'",
        'import psycopg2\nfrom psycopg2 import sql\ncur = psycopg2.connect("dbname=app").cursor()\n',
      ),
      safe: flaskHandler(
        "column = request.args['sort']\ncur.execute(sql.SQL('SELECT * FROM items ORDER BY {}').format(sql.Identifier(column)))\nreturn 'ok'",
        'import psycopg2\nfrom psycopg2 import sql\ncur = psycopg2.connect("dbname=app").cursor()\n',
      ),
    },
  },
  {
    names: ['str'],
    neutralizes: ['nosql'],
    why: 'A string cannot be a query-operator object ({"$ne": ""}), so str() closes NoSQL operator injection.',
    example: {
      rule: 'FDSP-PY-SQLI-001',
      vulnerable: flaskHandler(
        "name = str(request.args['n'])\ncursor.execute(\"SELECT * FROM t WHERE n = '\" + name + \"'\")\nreturn 'ok'",
        'import sqlite3\ncursor = sqlite3.connect("d").cursor()\n',
      ),
      safe: flaskHandler(
        "name = int(request.args['n'])\ncursor.execute(\"SELECT * FROM t WHERE n = \" + str(name))\nreturn 'ok'",
        'import sqlite3\ncursor = sqlite3.connect("d").cursor()\n',
      ),
    },
  },
  {
    names: [
      'int',
      'float',
      'bool',
      'len',
      'abs',
      'round',
      'ord',
      'hash',
      'id',
      'isinstance',
      'uuid.UUID',
      'datetime.datetime.strptime',
      'datetime.date.fromisoformat',
      'ipaddress.ip_address',
      'bcrypt.hashpw',
      'bcrypt.checkpw',
      'hmac.compare_digest',
      'secrets.compare_digest',
      'os.path.exists',
      'os.path.isfile',
      'os.path.isdir',
      'url_for',
      'flask.url_for',
      'django.urls.reverse',
      'reverse',
    ],
    neutralizes: 'all',
    why: 'The result is a number, a boolean, a parsed value or a URL the application builds: no attacker-chosen text.',
    example: {
      rule: 'FDSP-PY-CMDI-001',
      vulnerable: flaskHandler("count = request.args['n']\nos.system('seq ' + count)\nreturn 'ok'", 'import os\n'),
      safe: flaskHandler("count = int(request.args['n'])\nos.system('seq ' + str(count))\nreturn 'ok'", 'import os\n'),
    },
  },
];

/** Callee prefixes whose results are digests or MACs: fixed-alphabet text of fixed length. */
export const cleaningPrefixes: readonly string[] = ['hashlib.', 'hmac.'];

const allKinds = -1;

/** Qualified name → mask of sink kinds cleared (all bits for `all`). */
export const sanitizerMasks: ReadonlyMap<string, number> = new Map(
  sanitizerTable.flatMap((entry) =>
    entry.names.map((name): [string, number] => [
      name,
      entry.neutralizes === 'all' ? allKinds : sinkMask(entry.neutralizes) | (entry.encodesForLogs ? outputEncoded : 0),
    ]),
  ),
);

/**
 * The literal text before the first interpolation of an f-string / concatenation pins the destination host when it
 * names a scheme and a host and ends the authority ("https://api.example.com/…"): the user part can only be a path.
 * "https://" + host, or "http://{host}/" does not; neither does a prefix without the slash ending the host.
 */
export function pinnedHostPrefix(literal: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}\s'"]+[/?#]/i.test(literal);
}

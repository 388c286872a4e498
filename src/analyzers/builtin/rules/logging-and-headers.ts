// Log and header injection (CWE-117, CWE-113): untrusted CR/LF in log records and response headers. A log value that
// went through an output encoding (`html.escape`, taint.ts `outputEncoded`) has CWE-117's mitigation applied; what it
// keeps is CR/LF, so it is reported as CRLF injection (LOG-002, CWE-93), still blocking, and LOG-001 stays for values
// with no encoding at all.
import { childByField, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { isOutputEncoded } from '../taint.js';
import { flow, literalDictPairs, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { responseCalls } from './shared-facts.js';

const loggingMethods = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log']);

/** The conversion letters of a %-format string in order (`"a %s b %r"` → s, r); `%%` is no conversion. */
function percentConversions(format: string | undefined): string[] | undefined {
  if (format === undefined) return undefined;
  return [...format.matchAll(/%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([a-zA-Z%])/g)]
    .map((match) => match[1] ?? '')
    .filter((letter) => letter !== '%');
}

/** The values a logging call writes as text: the message, its %s-formatted arguments (`%r` / `%a` write CR and LF as
 * escapes, so those arguments are skipped) and keyword values. Nothing for calls that are not logging calls. */
function logValues(site: CallSite, analysis: ModuleAnalysis, visit: (value: PlainNode) => void): void {
  if (
    !loggingMethods.has(site.method) ||
    !/(^logging|logger|log|\.logger)(\.|$)/i.test(site.name.slice(0, site.name.length - site.method.length - 1))
  )
    return;
  // logger.log(level, msg, *args) puts the format one place later.
  const formatIndex = site.method === 'log' ? 1 : 0;
  const conversions = percentConversions(stringValue(analysis, site.positional[formatIndex]));
  site.positional.forEach((value, index) => {
    const conversion = index > formatIndex ? conversions?.[index - formatIndex - 1] : undefined;
    if (conversion !== 'r' && conversion !== 'a') visit(value);
  });
  for (const value of site.keywords.values()) visit(value);
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-LOG-001',
    name: 'log-injection',
    cwe: 117,
    severity: 'medium',
    confidence: 'medium',
    message: 'Request data is written to a log without neutralising line breaks',
    fixHint:
      'Remove or encode CR/LF before logging user data, e.g. value.replace("\\r", "").replace("\\n", ""), or log it with repr(); prefer structured logging with the value as a separate field.',
    flow: { sink: 'log', parameterSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    logging.info('user: ' + request.args['u'])\n    return ''\n`,
        `${flaskPrelude}@app.route('/l')\ndef l():\n    app.logger.error(f"bad input {request.args.get('x')}")\n    return ''\n`,
        // a plain encode keeps CR/LF as bytes
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    logging.info('user %s', request.args['u'].encode('utf-8').decode())\n    return ''\n`,
        // %r covers the first argument only; the second is formatted with %s
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    logging.warning('user %r from %s', request.args['u'], request.args['from'])\n    return ''\n`,
      ],
      safe: [
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    u = request.args['u'].replace('\\n', '').replace('\\r', '')\n    logging.info('user: %s', u)\n    return ''\n`,
        `${flaskPrelude}import logging\nlog = logging.getLogger(__name__)\n@app.route('/l')\ndef l():\n    log.log(logging.INFO, 'user %r asked for %5.2r', request.args['u'], request.args['page'])\n    return ''\n`,
        // unicode_escape writes CR/LF as the escapes \r and \n
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    u = request.args['u'].encode('unicode_escape').decode('ascii')\n    logging.info('user %s', u)\n    return ''\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-LOG-002',
    name: 'log-crlf-injection',
    cwe: 93,
    severity: 'medium',
    confidence: 'medium',
    message:
      'Request data is written to a log output-encoded (e.g. html.escape) but with CR/LF kept, so it can still forge log lines',
    fixHint:
      'The encoding keeps line breaks: also remove CR and LF, e.g. value.replace("\\r", "").replace("\\n", ""), or log it with %r / repr(), which writes them as \\r and \\n.',
    flow: { sink: 'log', parameterSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}import logging, html\n@app.route('/l')\ndef l():\n    logging.info(html.escape(request.args['u']))\n    return ''\n`,
        // the encoding survives formatting into the message
        `${flaskPrelude}import logging, html\n@app.route('/l')\ndef l():\n    logging.info('user {} asked'.format(html.escape(request.args['u'])))\n    return ''\n`,
        `${flaskPrelude}import logging\nfrom xml.sax.saxutils import escape\n@app.route('/l')\ndef l():\n    logging.error('user %s asked' % escape(request.args['u']))\n    return ''\n`,
        // a module-local helper that escapes: its summary carries the encoding
        `${flaskPrelude}from markupsafe import escape\ndef clean(v):\n    return str(escape(v))\n@app.route('/l')\ndef l():\n    app.logger.warning('user %s', clean(request.args['u']))\n    return ''\n`,
      ],
      safe: [
        `${flaskPrelude}import logging, html\n@app.route('/l')\ndef l():\n    u = html.escape(request.args['u']).replace('\\r', '').replace('\\n', '')\n    logging.info(u)\n    return ''\n`,
        `${flaskPrelude}import logging, html\n@app.route('/l')\ndef l():\n    logging.info('user %r', html.escape(request.args['u']))\n    return ''\n`,
        // no encoding: that is LOG-001's finding, not this one
        `${flaskPrelude}import logging\n@app.route('/l')\ndef l():\n    logging.info(request.args['u'])\n    return ''\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-HEADER-001',
    name: 'http-header-injection',
    cwe: 113,
    severity: 'medium',
    confidence: 'medium',
    message: 'Request data is written into an HTTP response header without removing CR/LF',
    fixHint:
      'Reject or strip "\\r" and "\\n" from any value put into a header, and validate it against the expected format (e.g. an allow-list of content types).',
    flow: { sink: 'header', parameterSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}@app.route('/h')\ndef h():\n    r = make_response('x')\n    r.headers['X-User'] = request.args['u']\n    return r\n`,
        `${flaskPrelude}@app.route('/h')\ndef h():\n    return Response('x', content_type=request.args['ct'])\n`,
        'from django.http import HttpResponse\ndef h(request):\n    r = HttpResponse()\n    r["X-Name"] = request.GET["n"]\n    return r\n',
        `${flaskPrelude}@app.route('/h')\ndef h():\n    return Response('x', headers={'Location': '/', 'X-Lang': request.args['lang']})\n`,
        // Bottle's and Tornado's header setters
        'from bottle import request, response, route\n@route("/h")\ndef h():\n    response.set_header("X-Lang", request.query.lang)\n    return "x"\n',
        'import tornado.web\nclass H(tornado.web.RequestHandler):\n    def get(self):\n        self.set_header("X-Lang", self.get_argument("lang"))\n',
      ],
      safe: [
        `${flaskPrelude}@app.route('/h')\ndef h():\n    r = make_response('x')\n    r.headers['X-User'] = request.args['u'].replace('\\r', '').replace('\\n', '')\n    return r\n`,
        // the request value is the redirect target: REDIRECT-001's finding, not a second one here
        `${flaskPrelude}@app.route('/h')\ndef h():\n    return Response('', status=302, headers={'Location': request.args['next'], 'Cache-Control': 'no-store'})\n`,
        'import tornado.web\nLANGS = {"en": "en-US", "de": "de-DE"}\nclass H(tornado.web.RequestHandler):\n    def get(self):\n        self.set_header("Content-Language", LANGS.get(self.get_argument("lang"), "en-US"))\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-LOG-001': {
    call(site, analysis) {
      logValues(site, analysis, (value) => {
        const taint = analysis.taint(value);
        if (!isOutputEncoded(taint)) flow(analysis, 'FDSP-PY-LOG-001', site.node, taint);
      });
    },
  },
  'FDSP-PY-LOG-002': {
    call(site, analysis) {
      logValues(site, analysis, (value) => {
        const taint = analysis.taint(value);
        if (isOutputEncoded(taint)) flow(analysis, 'FDSP-PY-LOG-002', site.node, taint);
      });
    },
  },
  'FDSP-PY-HEADER-001': {
    call(site, analysis) {
      if (matches(site.name, responseCalls)) {
        for (const key of ['content_type', 'mimetype', 'headers']) {
          const value = site.keywords.get(key);
          // A literal headers dict is judged per header; its Location value is REDIRECT-001's, as in `add`/`[...] =`.
          const pairs = key === 'headers' ? literalDictPairs(analysis, value) : undefined;
          const values = pairs
            ? pairs.filter((pair) => !/^location$/i.test(pair.key)).map((pair) => pair.value)
            : [value];
          for (const part of values)
            if (part && flow(analysis, 'FDSP-PY-HEADER-001', site.node, analysis.taint(part))) return;
        }
        return;
      }
      if (
        (site.method === 'add' ||
          site.method === 'set' ||
          site.method === 'add_header' ||
          site.method === 'set_header' ||
          site.method === 'setdefault') &&
        site.receiver &&
        /header/i.test(analysis.text(site.receiver) + site.name)
      ) {
        if (/location/i.test(stringValue(analysis, site.positional[0]) ?? '')) return;
        const value = site.positional[1];
        if (value) flow(analysis, 'FDSP-PY-HEADER-001', site.node, analysis.taint(value));
      }
    },
    assign(target, value, analysis) {
      if (target.type !== 'subscript') return;
      const container = childByField(target, 'value');
      const key = stringValue(analysis, childByField(target, 'subscript'));
      if (!container || key === undefined || /^location$/i.test(key)) return;
      // `resp.headers[k] = v`, or Django's `response[k] = v` on an HttpResponse.
      const headers =
        /headers$/i.test(analysis.text(container)) ||
        /HttpResponse|Response\(\)/.test(analysis.qualify(container) ?? '') ||
        /^[A-Z][\w-]*-[\w-]+$|^Content/.test(key);
      if (headers) flow(analysis, 'FDSP-PY-HEADER-001', target, analysis.taint(value));
    },
  },
};

export const loggingAndHeaderRules: RuleFamily = { definitions, logic };

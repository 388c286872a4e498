// A host chosen by the request and checked only for its format (CWE-918, issue 10 insufficient fixes): the repair
// validates the characters of a value (`sub.isalnum()`, `re.fullmatch(r"[a-z0-9-]+", host)`) and then builds the
// outbound URL's host or port from it (`f"https://{sub}.example.com"`, `f"http://{host}:8080/"`). The check makes the
// value well-formed, not trusted: the request still picks which server (any name under the domain, an internal
// service, any port) the application calls. The engine treats such a check as a guard, so the plain SSRF rule is
// quiet; this rule reports it unless the value is also checked against an allow-list (`in ALLOWED`).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { CallSite } from '../engine/call-sites.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction, escapeRegExp, httpClientCalls } from './shared-facts.js';
import { matches } from './check-helpers.js';
import { definingExpression, holesInContext, urlParts } from './url-parts.js';

const formatMethods = /^(isalnum|isalpha|isdigit|isdecimal|isnumeric|isidentifier|isascii|islower)$/;

/** The value a format check tests: `x.isalnum()` or `re.fullmatch(pattern, x)`, inside a condition. */
function formatChecked(node: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  if (node.type !== 'call') return undefined;
  const callee = childByField(node, 'function');
  let subject: PlainNode | undefined;
  if (callee?.type === 'attribute') {
    const method = childByField(callee, 'attribute');
    if (method && formatMethods.test(analysis.text(method))) subject = childByField(callee, 'object');
  }
  if (!subject && callee && /^re\.(match|fullmatch|search)$/.test(analysis.qualify(callee) ?? ''))
    subject = namedChildren(childByField(node, 'arguments') ?? node)[1];
  if (subject?.type !== 'identifier') return undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'if_statement' || current.type === 'elif_clause' || current.type === 'while_statement')
      return node.start < (childByField(current, 'condition')?.end ?? 0) ? subject : undefined;
    if (current.type === 'assert_statement') return subject;
    if (current.type === 'block' || current.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** Whether `name` fills the host name (or the port) of the URL: `https://{name}.corp`, `http://db-{name}:5432/`. */
function hostHole(url: PlainNode, name: string, analysis: ModuleAnalysis): 'host' | 'port' | undefined {
  const parts = urlParts(url, analysis);
  for (const { hole, prefix, following } of parts ? holesInContext(parts) : []) {
    const authority = /^[a-z][\w+.-]*:\/\/(?:[^/?#@]*@)?([^/?#@]*)$/i.exec(prefix)?.[1];
    if (authority === undefined || hole.type !== 'identifier' || analysis.text(hole) !== name) continue;
    if (authority.endsWith(':')) return 'port';
    // Text glued after a complete host is the authority rule's case (FDSP-PY-CHECK-006), not this one.
    if (authority === '' || /[.-]$/.test(authority) || /^[.:-]/.test(following)) return 'host';
  }
  return undefined;
}

/** Outbound requests after `after` in `fn`, as the rules judge calls: a helper that forwards to one is one. */
function outboundCalls(fn: PlainNode, after: number, analysis: ModuleAnalysis): CallSite[] {
  return descendants(fn).flatMap((node) => {
    if (node.type !== 'call' || node.start < after) return [];
    const site = analysis.callAt(node);
    return matches(site.name, httpClientCalls) ? [site] : [];
  });
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CHECK-009',
    name: 'format-checked-request-host',
    cwe: 918,
    severity: 'high',
    confidence: 'medium',
    message:
      'The host (or port) of an outbound request comes from the request and is checked only for its format, so the request still chooses which server is called',
    fixHint:
      'Map the request value to a destination instead of building one: HOSTS = {"eu": "eu.api.example.com", "us": "us.api.example.com"}; host = HOSTS.get(region) (reject when missing), or check the value against an allow-list before building the URL.',
    examples: {
      vulnerable: [
        `${flaskPrelude}import requests\n@app.route("/tenant")\ndef tenant():\n    sub = request.args.get("sub", "")\n    if not sub.isalnum():\n        return "invalid", 400\n    return requests.get(f"https://{sub}.example.com/status", timeout=5).text\n`,
        `${flaskPrelude}import re, urllib.request\n@app.route("/probe")\ndef probe():\n    port = request.args["port"]\n    if not re.fullmatch(r"\\d{2,5}", port):\n        return "bad port", 400\n    url = "http://inventory.internal:" + port + "/health"\n    return urllib.request.urlopen(url).read()\n`,
        // the same host choice written as a template or a concatenation of str()
        `${flaskPrelude}import requests\n@app.route("/tenant")\ndef tenant():\n    sub = request.args.get("sub", "")\n    if not sub.isalnum():\n        return "invalid", 400\n    url = "https://{}.example.com/status".format(sub)\n    return requests.get(url, timeout=5).text\n`,
        `${flaskPrelude}import requests\n@app.route("/tenant")\ndef tenant():\n    sub = request.args.get("sub", "")\n    if not sub.isalnum():\n        return "invalid", 400\n    return requests.get("https://%s.example.com/status" % sub, timeout=5).text\n`,
        `${flaskPrelude}import requests\n@app.route("/tenant")\ndef tenant():\n    sub = request.args.get("sub", "")\n    if not sub.isalnum():\n        return "invalid", 400\n    return requests.get("https://" + str(sub) + ".example.com/status", timeout=5).text\n`,
      ],
      safe: [
        `${flaskPrelude}import requests\nTENANTS = {"acme", "globex"}\n@app.route("/tenant")\ndef tenant():\n    sub = request.args.get("sub", "")\n    if not sub.isalnum() or sub not in TENANTS:\n        return "invalid", 400\n    return requests.get(f"https://{sub}.example.com/status", timeout=5).text\n`,
        `${flaskPrelude}import requests\n@app.route("/item")\ndef item():\n    item_id = request.args.get("id", "")\n    if not item_id.isdigit():\n        return "invalid", 400\n    return requests.get(f"https://api.example.com/items/{item_id}", timeout=5).text\n`,
        // a format-checked value in the path of a fixed host, by template: no host choice
        `${flaskPrelude}import requests\n@app.route("/item")\ndef item():\n    item_id = request.args.get("id", "")\n    if not item_id.isdigit():\n        return "invalid", 400\n    return requests.get("https://api.example.com/items/{}".format(item_id), timeout=5).text\n`,
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CHECK-009': {
    node(node, analysis) {
      const subject = formatChecked(node, analysis);
      if (!subject || analysis.taint(subject)?.origin !== 'remote') return;
      const fn = enclosingFunction(node);
      if (!fn) return;
      const name = analysis.text(subject);
      if (new RegExp(`\\b${escapeRegExp(name)}\\s+(not\\s+)?in\\b`).test(analysis.text(fn))) return;
      for (const site of outboundCalls(fn, node.end, analysis)) {
        const url = site.keywords.get('url') ?? site.positional[0];
        const call = site.node;
        const where = url ? hostHole(definingExpression(url, call.start, analysis, fn), name, analysis) : undefined;
        if (where)
          analysis.report('FDSP-PY-CHECK-009', call, {
            detail: `the ${where} comes from ${name}, checked only for format`,
          });
      }
    },
  },
};

export const requestChosenHostRules: RuleFamily = { definitions, logic };

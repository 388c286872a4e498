// Open redirect, SSRF and destination checks (CWE-601, CWE-918, CWE-941, CWE-20 for URL checks by pattern).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { callArgumentNodes } from '../engine/call-sites.js';
import { pinsUrlHost } from '../engine/host-patterns.js';
import { pythonStringValue } from '../engine/line-break-removal.js';
import { argument, assignmentsIn, flow, literalDictPairs, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import { variableHostCheck } from './host-variable-check.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { stubShape } from './stub-shapes.js';
import {
  codeText,
  descendants,
  enclosingFunction,
  escapeRegExp,
  httpClientCalls,
  lastIdentifier,
  responseCalls,
} from './shared-facts.js';

const redirectCalls = [
  'flask.redirect',
  'redirect',
  'django.shortcuts.redirect',
  'django.http.HttpResponseRedirect',
  'django.http.HttpResponsePermanentRedirect',
  'HttpResponseRedirect',
  'starlette.responses.RedirectResponse',
  'fastapi.responses.RedirectResponse',
  'RedirectResponse',
];

const hostLike = /^(https?:\/\/)?([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?\/?$/i;

const urlName =
  /url|uri|host|domain|netloc|origin|referr?er|link|target|next|redirect|location|href|site|email|mail|server/i;

// A host name in a pattern whose label separator before a top-level domain is a bare "." (any character).
const unescapedHostDot = /(^|[^\\\w])[\w)|-]+(?<!\\)\.(com|org|net|edu|gov|io|co|uk|de|info|dev|app)\b/i;

/**
 * The pattern a `re.match`/`re.search` call checks with: its first argument, or for a compiled pattern's
 * `.match`/`.search`, the literal given to the `re.compile` that made the receiver (inline or bound to a name).
 */
function checkedPattern(site: CallSite, analysis: ModuleAnalysis): string | undefined {
  if (/^re\.(match|search)$/.test(site.name)) return patternValue(analysis, argument(site, 0, 'pattern'));
  if (site.receiver?.type === 'attribute' && (site.method === 'match' || site.method === 'search'))
    return compiledPatternValue(classAttributeValue(site.receiver, analysis), analysis);
  if (!/\.compile\(\)\.(match|search)$/.test(site.name) || !site.receiver) return undefined;
  let compiled: PlainNode | undefined = site.receiver;
  if (compiled.type === 'identifier') {
    const name = analysis.text(compiled);
    const scopes = [enclosingFunction(site.node), analysis.root].filter((scope) => scope !== undefined);
    compiled = scopes
      .flatMap((scope) => assignmentsIn(scope, analysis).filter((assignment) => assignment.name === name))
      .at(0)?.value;
  }
  return compiledPatternValue(compiled, analysis);
}

function compiledPatternValue(compiled: PlainNode | undefined, analysis: ModuleAnalysis): string | undefined {
  if (
    compiled?.type !== 'call' ||
    !/(^|\.)compile$/.test(analysis.qualify(childByField(compiled, 'function') ?? compiled) ?? '')
  )
    return undefined;
  const args = childByField(compiled, 'arguments');
  return patternValue(analysis, args ? namedChildren(args)[0] : undefined);
}

/** `Policy.PATTERN` / `self.PATTERN` / `cls.PATTERN`: the value a module-level class body binds to the attribute. */
function classAttributeValue(attribute: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  const owner = childByField(attribute, 'object');
  const field = childByField(attribute, 'attribute');
  if (owner?.type !== 'identifier' || !field) return undefined;
  const ownerName = analysis.text(owner);
  let definition: PlainNode | undefined;
  if (ownerName === 'self' || ownerName === 'cls') {
    definition = attribute.parent;
    while (definition && definition.type !== 'class_definition') definition = definition.parent;
  } else {
    definition = namedChildren(analysis.root)
      .map((child) => (child.type === 'decorated_definition' ? childByField(child, 'definition') : child))
      .find(
        (child) =>
          child?.type === 'class_definition' && analysis.text(childByField(child, 'name') ?? child) === ownerName,
      );
  }
  const body = definition ? childByField(definition, 'body') : undefined;
  const name = analysis.text(field);
  return body ? assignmentsIn(body, analysis).find((assignment) => assignment.name === name)?.value : undefined;
}

/** A regex literal as Python reads it: `'example\\.com'` and `r'example\.com'` are one pattern. */
/** A pattern literal's value, or the value of the literal a module constant names (`HOST_PATTERN = "…"`): the
 * constant's own text is its name, not the pattern. */
function patternValue(analysis: ModuleAnalysis, node: PlainNode | undefined): string | undefined {
  if (stringValue(analysis, node) === undefined || !node) return undefined;
  return pythonStringValue(analysis.text(analysis.literalOf(node) ?? node));
}

function usedAsCheck(call: PlainNode, analysis: ModuleAnalysis): boolean {
  for (let current: PlainNode | undefined = call; current; current = current.parent) {
    if (current.field === 'condition') return true;
    if (current.type === 'assignment') {
      const target = childByField(current, 'left');
      if (target?.type !== 'identifier') return false;
      const fn = enclosingFunction(current) ?? analysis.root;
      const name = escapeRegExp(analysis.text(target));
      return new RegExp(`\\b(if|elif|while|and|or|not)\\b[^\\n]*\\b${name}\\b`).test(codeText(fn, analysis));
    }
    if (current.type.endsWith('statement')) return current.type === 'return_statement';
  }
  return false;
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-REDIRECT-001',
    name: 'open-redirect',
    cwe: 601,
    severity: 'medium',
    confidence: 'high',
    message: 'The redirect target comes from the request without checking it is a local or allowed URL',
    fixHint:
      'Redirect only to relative paths or allow-listed hosts: parse the target with urllib.parse.urlparse(), require an empty netloc (or a netloc in an allow-list) and a safe scheme, e.g. with django.utils.http.url_has_allowed_host_and_scheme(); otherwise redirect to a fixed default page.',
    flow: { sink: 'redirect', parameterSources: false },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/out")\ndef out():\n    url = request.args.get("url", "")\n    if url.startswith("http"):\n        return redirect(url)\n    return redirect("/")\n',
        `${flaskPrelude}@app.route('/go')\ndef go():\n    return redirect(request.args.get('next'))\n`,
        'from django.http import HttpResponseRedirect\ndef go(request):\n    return HttpResponseRedirect(request.GET["url"])\n',
        `${flaskPrelude}@app.route('/go')\ndef go():\n    r = Response('')\n    r.headers['Location'] = request.args['next']\n    return r\n`,
        'from django.http import HttpResponse\ndef go(request):\n    return HttpResponse(status=303, headers={"location": request.POST["back"]})\n',
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom urllib.parse import urlparse\nALLOWED = {"example.com"}\n@app.route("/out")\ndef out():\n    url = request.args.get("url", "")\n    if urlparse(url).hostname not in ALLOWED:\n        return "bad", 400\n    return redirect(url)\n',
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nfrom urllib.parse import urlparse\n@app.route("/done")\ndef done():\n    target = request.args.get("next", "")\n    parsed = urlparse(target)\n    if parsed.netloc or parsed.scheme:\n        return redirect("/")\n    return redirect(target or "/")\n',
        `${flaskPrelude}from urllib.parse import urlparse\n@app.route('/go')\ndef go():\n    target = request.args.get('next', '/')\n    if urlparse(target).netloc != '':\n        target = '/'\n    return redirect(target)\n`,
        `${flaskPrelude}@app.route('/go')\ndef go():\n    return redirect('/home')\n`,
        // a header other than Location is no redirect (HEADER-001 judges it)
        `${flaskPrelude}@app.route('/go')\ndef go():\n    return Response('', status=302, headers={'Location': '/home', 'X-Ref': 'static'})\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-SSRF-001',
    name: 'server-side-request-forgery',
    cwe: 918,
    severity: 'high',
    confidence: 'medium',
    message: 'An outbound request goes to a URL built from request data (SSRF)',
    fixHint:
      'Do not let the client choose the host: keep scheme and host fixed, validate the user part against an allow-list (or a strict pattern such as ^[A-Za-z0-9-]+$) and URL-encode it with urllib.parse.quote(); reject private and loopback addresses.',
    flow: { sink: 'url', parameterSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}import requests\n@app.route('/p')\ndef p():\n    return requests.get(request.args['url']).text\n`,
        `${flaskPrelude}import requests\n@app.route('/p')\ndef p():\n    sub = request.args.get('sub')\n    return requests.get(f"https://{sub}.example.com").text\n`,
      ],
      safe: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\nimport requests\nfrom urllib.parse import urlparse\nALLOWED_HOSTS = {"api.github.com"}\n@app.route("/p")\ndef p():\n    url = request.args.get("url", "")\n    if urlparse(url).hostname not in ALLOWED_HOSTS:\n        return "bad", 400\n    return requests.get(url, timeout=5).text\n',
        `${flaskPrelude}import requests\n@app.route('/p')\ndef p():\n    uid = request.args.get('id')\n    if not uid.isdigit():\n        return 'bad', 400\n    return requests.get(f"https://api.example.com/u/{uid}").text\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-ADDR-001',
    name: 'untrusted-network-destination',
    cwe: 941,
    severity: 'medium',
    confidence: 'medium',
    message: 'A socket connects or sends to an address taken from untrusted data',
    fixHint:
      'Do not take the destination host from the received data or the request; reply only to the verified peer address, or check the destination against an allow-list of hosts.',
    flow: { sink: 'address', parameterSources: true },
    examples: {
      vulnerable: [
        'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nwhile True:\n    data, addr = s.recvfrom(1024)\n    ip = data.decode().split(":")[0]\n    s.sendto(b"x", (ip, 53))\n',
        'def reply(sock, ip, payload):\n    sock.sendto(payload, (ip, 8080))\n',
        'import socket\ndef forward_to(dest_host, body):\n    pass\ndef relay(sock):\n    while True:\n        msg, _ = sock.recvfrom(4096)\n        target = msg.split(b" ")[0].decode()\n        forward_to(target, msg)\n',
        // the helper does send to the address it is given
        'import socket\ndef answer(sock, dest_ip, body):\n    sock.sendto(body, (dest_ip, 53))\ndef serve(sock):\n    while True:\n        msg, _ = sock.recvfrom(512)\n        answer(sock, msg.split(b" ")[0].decode(), msg)\n',
      ],
      safe: [
        'import socket\ndef connect(host):\n    return socket.create_connection((host, 443))\n',
        'import socket\ndef ping(sock):\n    sock.sendto(b"x", ("10.0.0.1", 53))\n',
        'def notify(sock, msg):\n    send_alert(msg, "10.0.0.7")\n',
        // the helper only compares the packet's address; it replies to a fixed one
        'import socket\nHOME = ("10.0.0.5", 5005)\ndef send_reply(sock, body, peer_address):\n    if peer_address != HOME[0]:\n        return\n    sock.sendto(body, HOME)\ndef serve(sock):\n    while True:\n        body, address = sock.recvfrom(512)\n        send_reply(sock, body, address[0])\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-URLCHECK-001',
    name: 'incomplete-url-validation',
    cwe: 20,
    severity: 'medium',
    confidence: 'medium',
    message:
      'A URL or host is validated by substring, prefix/suffix or an unanchored pattern, which attacker hosts such as "example.com.evil.net" or "evil.net/?example.com" pass',
    fixHint:
      'Parse the URL with urllib.parse.urlsplit() and compare the exact hostname (or hostname.endswith("." + domain)) against an allow-list; anchor URL regexes with ^...$ (or use re.fullmatch) and escape every literal dot.',
    examples: {
      vulnerable: [
        'def allowed(referrer):\n    return "trusted.example" in referrer\n',
        'def ok(callback_url):\n    return callback_url.startswith("https://pay.example.com")\n',
        'def same_org(email):\n    return email.endswith("example.org")\n',
        'import re\ndef check(link):\n    if re.match(r"https?://docs.example.com", link):\n        return True\n    return False\n',
        // a scheme-less host pattern, compiled first: "." before the domain matches any character
        'import re\nHOSTS = re.compile("(www|beta).example.com/")\ndef go(target):\n    if HOSTS.match(target):\n        return target\n    return "/"\n',
        'import re\ndef trusted(origin):\n    return re.search(r"^api-[a-z]+.corp.net$", origin) is not None\n',
        // The trusted host held in a name: the same missing boundary.
        'from urllib.parse import urlsplit\ndef same_site(link, site_domain):\n    return urlsplit(link).hostname.endswith(site_domain)\n',
        'from urllib.parse import urlparse\ndef is_ours(callback, allowed_host):\n    return allowed_host in urlparse(callback).netloc\n',
        // searched, not matched from the start: the domain may sit in the path or the query
        'import re\ndef trusted(return_url):\n    if re.search(r"shop\\.example\\.net", return_url) is None:\n        return False\n    return True\n',
        // the same pattern without r"": Python reads "\\." as "\."
        'import re\ndef trusted(return_url):\n    return re.search("shop\\\\.example\\\\.net", return_url) is not None\n',
        'def from_partner(referrer, partner_domain):\n    if partner_domain in referrer:\n        return True\n    return False\n',
        // the unescaped pattern named as a module constant
        'import re\nSHOP_PATTERN = "shop.example.org/"\ndef go(link):\n    if re.compile(SHOP_PATTERN).match(link):\n        return link\n    return "/"\n',
        // a pattern compiled in a class body, applied through the class or self
        'import re\nclass Links:\n    TRUSTED = re.compile(r"https://shop\\.example\\.net")\n    def ok(self, link):\n        return bool(self.TRUSTED.match(link))\n',
        'import re\nclass Links:\n    TRUSTED = re.compile(r"^https://shop.example.net/")\ndef ok(link):\n    if Links.TRUSTED.search(link):\n        return True\n    return False\n',
      ],
      safe: [
        'import re\nclass Links:\n    TRUSTED = re.compile(r"https://shop\\.example\\.net(/.*)?$")\n    def ok(self, link):\n        return bool(self.TRUSTED.match(link))\n',
        'from urllib.parse import urlsplit\ndef allowed(url):\n    return urlsplit(url).hostname in {"example.com", "www.example.com"}\n',
        'def ok(url):\n    return url.startswith("https://pay.example.com/")\n',
        'import re\ndef check(link):\n    return re.fullmatch(r"https://docs\\.example\\.com/[\\w/]*", link) is not None\n',
        'import re\nHOSTS = re.compile(r"^(www|beta)\\.example\\.com/")\ndef go(target):\n    if HOSTS.match(target):\n        return target\n    return "/"\n',
        // an escaped, anchored pattern named as a module constant
        'import re\nSHOP_PATTERN = r"^https://shop\\.example\\.org/"\ndef go(link):\n    if re.compile(SHOP_PATTERN).match(link):\n        return link\n    return "/"\n',
        // not a host being checked: a file name pattern
        'import re\ndef is_doc(filename):\n    return re.match(r"report.com", filename) is not None\n',
        'from urllib.parse import urlsplit\ndef same_site(link, domain):\n    host = urlsplit(link).hostname or ""\n    return host == domain or host.endswith("." + domain)\n',
        'def under(hostname, domain):\n    return hostname.endswith(f".{domain}")\n',
        'def known(domain, allowed_domains, host):\n    return domain in allowed_domains and host in ALLOWED_HOSTS\nALLOWED_HOSTS = {"a.example"}\n',
        'def same_ext(filename, suffix):\n    return filename.endswith(suffix)\n',
        // a scheme check only; the host is compared exactly
        'import re\nfrom urllib.parse import urlsplit\ndef allowed(link):\n    return bool(re.match(r"^https?://", link)) and urlsplit(link).hostname == "shop.example.net"\n',
        // anchored at the start
        'import re\ndef trusted(return_url):\n    return re.search(r"^https://shop\\.example\\.net/", return_url) is not None\n',
      ],
    },
  },
];

/** Whether `parameter` appears in the destination of a send or connect inside `fn` (or is handed on to a call). */
function addressesSendTo(fn: PlainNode, parameter: string, analysis: ModuleAnalysis): boolean {
  const name = new RegExp(`\\b${parameter}\\b`);
  return descendants(fn).some((node) => {
    if (node.type !== 'call') return false;
    const callee = analysis.text(childByField(node, 'function') ?? node);
    const args = callArgumentNodes(node);
    if (/(^|\.)(sendto|connect|connect_ex|create_connection)$/.test(callee)) {
      const destination = /sendto$/.test(callee) ? args[args.length - 1] : args[0];
      return destination !== undefined && name.test(analysis.text(destination));
    }
    // Passed on to another function: that one may send to it; stay cautious.
    return (
      !/^(print|str|repr|len|format|logging\.\w+|\w+\.(debug|info|warning|error|exception))$/.test(callee) &&
      args.some((arg) => arg.type === 'identifier' && analysis.text(arg) === parameter)
    );
  });
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-REDIRECT-001': {
    call(site, analysis) {
      if (matches(site.name, redirectCalls)) {
        const target = argument(site, 0, 'location') ?? argument(site, 0, 'redirect_to') ?? argument(site, 0, 'url');
        if (target) flow(analysis, 'FDSP-PY-REDIRECT-001', site.node, analysis.taint(target));
        return;
      }
      // `Response(status=302, headers={"Location": url})`: the header redirects as `redirect(url)` does.
      if (matches(site.name, responseCalls)) {
        for (const pair of literalDictPairs(analysis, site.keywords.get('headers')) ?? [])
          if (/^location$/i.test(pair.key))
            flow(analysis, 'FDSP-PY-REDIRECT-001', site.node, analysis.taint(pair.value));
        return;
      }
      if (
        /^(add|set|__setitem__|set_header|add_header)$/.test(site.method) &&
        /location/i.test(stringValue(analysis, site.positional[0]) ?? '')
      ) {
        const value = site.positional[1];
        if (value) flow(analysis, 'FDSP-PY-REDIRECT-001', site.node, analysis.taint(value));
      }
    },
    assign(target, value, analysis) {
      if (target.type !== 'subscript') return;
      const key = childByField(target, 'subscript');
      if (/^location$/i.test(stringValue(analysis, key) ?? ''))
        flow(analysis, 'FDSP-PY-REDIRECT-001', target, analysis.taint(value));
    },
  },
  'FDSP-PY-SSRF-001': {
    call(site, analysis) {
      const session = /(Session|Client)\(\)\.(get|post|put|delete|head|patch|request)$/.test(site.name);
      if (!matches(site.name, httpClientCalls) && !session) return;
      const url =
        site.name.endsWith('request') && site.positional.length > 1 ? site.positional[1] : argument(site, 0, 'url');
      if (url) flow(analysis, 'FDSP-PY-SSRF-001', site.node, analysis.taint(url));
    },
  },
  'FDSP-PY-ADDR-001': {
    call(site, analysis) {
      if (
        /^(send|reply|respond|forward|transmit|connect)_?\w*$/i.test(site.method) &&
        !['connect', 'sendto', 'connect_ex', 'send', 'sendall', 'sendfile', 'sendmsg'].includes(site.method)
      ) {
        // A helper that sends to an address: the destination argument came from untrusted data (the packet).
        const helper = site.receiver ? undefined : analysis.functionNamed(site.method);
        site.positional.forEach((value, index) => {
          const parameter = helper?.parameters[index] ?? '';
          const addressLike = /addr|address|(^|_)ip($|_|addr)|ip_?address|requestip|(^|_)host($|_)|dest/i;
          const taint = analysis.taint(value);
          // Only data that arrived from outside (a packet, a request): a helper's own parameters are the caller's.
          if (taint?.origin !== 'remote' || (!addressLike.test(parameter) && !addressLike.test(analysis.text(value))))
            return;
          // A helper the module defines shows what it does with the address: only one that sends or connects to it
          // picks the destination from the packet (one that merely compares it, or logs it, does not).
          // A stub (`pass`) stands for the sending the model left out, so it is read as sending.
          if (
            helper &&
            parameter !== '' &&
            stubShape(helper.node, analysis, false) === undefined &&
            !addressesSendTo(helper.node, parameter, analysis)
          )
            return;
          flow(analysis, 'FDSP-PY-ADDR-001', site.node, taint);
        });
        return;
      }
      if (!['connect', 'sendto', 'connect_ex'].includes(site.method) && site.name !== 'socket.create_connection')
        return;
      const address = site.method === 'sendto' ? site.positional[site.positional.length - 1] : site.positional[0];
      if (!address || site.positional.length === 0 || address.type !== 'tuple') return;
      const host = namedChildren(address)[0];
      const taint = host ? analysis.taint(host) : undefined;
      // A TCP client connecting to the host its caller names is ordinary; only a datagram reply (sendto) to a
      // caller-chosen address, or a connection to an address taken from received data, picks the wrong destination.
      if (host && (site.method === 'sendto' || taint?.origin === 'remote'))
        flow(analysis, 'FDSP-PY-ADDR-001', site.node, taint);
    },
  },
  'FDSP-PY-URLCHECK-001': {
    node(node, analysis) {
      const variable = variableHostCheck(node, analysis);
      if (variable !== undefined) {
        analysis.report('FDSP-PY-URLCHECK-001', node, { detail: variable });
        return;
      }
      if (node.type === 'comparison_operator') {
        const operators = node.children.filter((child) => !child.named).map((child) => child.type);
        const [left, right] = namedChildren(node);
        if (!left || !right || !(operators.includes('in') || operators.includes('not in'))) return;
        const host = stringValue(analysis, left);
        if (host === undefined || !hostLike.test(host)) return;
        const subject = lastIdentifier(analysis.text(right));
        if (urlName.test(subject) && !/s$|list|set|allow|white|valid|trusted|domains|hosts/i.test(subject))
          analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `substring check for "${host}"` });
        return;
      }
      if (node.type !== 'call') return;
      const callee = childByField(node, 'function');
      if (callee?.type !== 'attribute') return;
      const method = analysis.text(childByField(callee, 'attribute') ?? callee);
      const receiver = childByField(callee, 'object');
      const args = childByField(node, 'arguments');
      const literal = stringValue(analysis, args ? namedChildren(args)[0] : undefined);
      if (!receiver || literal === undefined) return;
      const subject = lastIdentifier(analysis.text(receiver));
      if (method === 'startswith' && /^https?:\/\/[^/]+$/i.test(literal))
        analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `prefix "${literal}" without a trailing "/"` });
      else if (method === 'endswith' && hostLike.test(literal) && !literal.startsWith('.') && urlName.test(subject))
        analysis.report('FDSP-PY-URLCHECK-001', node, { detail: `suffix "${literal}" without a leading "."` });
    },
    call(site, analysis) {
      const pattern = checkedPattern(site, analysis);
      if (pattern === undefined || !usedAsCheck(site.node, analysis)) return;
      // A URL validator spells the scheme; `[^/:]+://` merely asks whether there is a scheme at all.
      if (/^\^?(\((\?:)?)?https?/i.test(pattern)) {
        const anchored = /(\$|\\Z|\\z)\)*$/.test(pattern);
        const hostPart = /:\/\/([^/]*)/.exec(pattern)?.[1] ?? '';
        // `^https?://` alone asks for a web scheme and checks no host: nothing a host could slip past.
        if (/:(\\?\/){2}\$?$/.test(pattern)) return;
        // Scheme, literal host and the "/" or port that ends the authority: the host is pinned (host-patterns.ts).
        if (pinsUrlHost(pattern, site.method !== 'search', false)) return;
        const unescapedDot = /(^|[^\\])\.[a-z]/i.test(hostPart.replace(/\[[^\]]*\]/g, ''));
        if (!anchored || unescapedDot)
          analysis.report('FDSP-PY-URLCHECK-001', site.node, {
            detail: anchored ? 'unescaped "." in the host' : 'the pattern is not anchored at the end',
          });
        return;
      }
      // A scheme-less host pattern (`(www|beta).example.com/`) checked against a URL-like value: an unescaped "."
      // before the registered domain matches any character, so "wwwXexample.com" or "beta-example.com" pass (CodeQL's
      // py/incomplete-hostname-regexp, CWE-20).
      const subject = site.positional[/^re\.(match|search)$/.test(site.name) ? 1 : 0];
      // `re.search(r"example\.com", url)` finds the domain anywhere: "https://evil.test/?example.com" passes.
      if (
        site.method === 'search' &&
        !/^(\^|\\A)/.test(pattern) &&
        /(^|[^\w\\])[a-z0-9-]+\\\.[a-z]{2,}\b/i.test(pattern) &&
        subject &&
        urlName.test(lastIdentifier(analysis.text(subject)))
      ) {
        analysis.report('FDSP-PY-URLCHECK-001', site.node, { detail: 'a host pattern searched anywhere in the URL' });
        return;
      }
      const host = unescapedHostDot.exec(pattern.replace(/\[[^\]]*\]/g, ''));
      if (host && subject && urlName.test(lastIdentifier(analysis.text(subject))))
        analysis.report('FDSP-PY-URLCHECK-001', site.node, {
          detail: `unescaped "." in the host pattern "${host[0]}"`,
        });
    },
  },
};

export const redirectAndSsrfRules: RuleFamily = { definitions, logic };

// Cross-site scripting and output encoding (CWE-79, CWE-116): untrusted data in HTML responses, autoescape off, tag filtering.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { CallSite, ModuleAnalysis } from '../analysis.js';
import { argument, flow, isBuiltString, isFalse, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import { quoteKeptInAttribute } from './html-attribute-escape.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { reaches } from '../taint.js';
import { codeText, descendants, enclosingFunction, escapeRegExp, responseCalls } from './shared-facts.js';

/**
 * `env = Environment(…)` inside a function that only renders through it (`env.get_template(…).render(…)`): the
 * environment never leaves the function, so without autoescape the danger is exactly what its renders receive. The
 * render calls, or undefined when the environment is module-level, escapes (returned, passed on, stored) or renders
 * nothing the function can see.
 */
function localRenders(environment: PlainNode, analysis: ModuleAnalysis): PlainNode[] | undefined {
  const chained = chainedRender(environment, analysis);
  if (chained) return [chained];
  const assignment = environment.parent;
  const target = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
  const fn = enclosingFunction(environment);
  if (!fn || target?.type !== 'identifier') return undefined;
  const names = new Set([analysis.text(target)]);
  // Templates taken from the environment: `template = env.get_template("page.html")`.
  for (const node of descendants(fn)) {
    if (node.type !== 'assignment') continue;
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    const receiver =
      right?.type === 'call' ? childByField(childByField(right, 'function') ?? right, 'object') : undefined;
    if (left?.type === 'identifier' && receiver?.type === 'identifier' && names.has(analysis.text(receiver)))
      names.add(analysis.text(left));
  }
  const renders: PlainNode[] = [];
  for (const node of descendants(fn)) {
    if (node.type !== 'identifier' || !names.has(analysis.text(node)) || node.field === 'left') continue;
    const parent = node.parent;
    // Every use is a method call on it (`env.get_template(…)`, `template.render(…)`); anything else lets it escape.
    if (parent?.type !== 'attribute' || node.field !== 'object' || parent.parent?.type !== 'call') return undefined;
    const renderMethod = (attribute: PlainNode): boolean =>
      /^(render|render_async|stream|generate)$/.test(analysis.text(childByField(attribute, 'attribute') ?? attribute));
    if (renderMethod(parent)) renders.push(parent.parent);
    // Chained: `env.get_template("page.html").render(…)`.
    const chained = parent.parent.parent;
    if (chained?.type === 'attribute' && chained.parent?.type === 'call' && renderMethod(chained))
      renders.push(chained.parent);
  }
  return renders.length > 0 ? renders : undefined;
}

/** `Environment(...).get_template("page.html").render(...)`: an environment used once, inline, for one render. */
function chainedRender(environment: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  if (!enclosingFunction(environment)) return undefined;
  let current = environment;
  for (let link = 0; link < 3; link++) {
    const attribute = current.parent;
    const call = attribute?.parent;
    if (attribute?.type !== 'attribute' || current.field !== 'object' || call?.type !== 'call') return undefined;
    const method = analysis.text(childByField(attribute, 'attribute') ?? attribute);
    if (/^(render|render_async|stream|generate)$/.test(method)) return call;
    if (!/^(get_template|from_string|select_template|get_or_select_template)$/.test(method)) return undefined;
    current = call;
  }
  return undefined;
}

/** The renders of a Jinja2 environment or template built here: through a local name, or chained on the call itself
 * (`Template(source).render(name=name)`). */
function templateRenders(creation: PlainNode, analysis: ModuleAnalysis): PlainNode[] | undefined {
  const attribute = creation.parent;
  const method = attribute?.type === 'attribute' ? childByField(attribute, 'attribute') : undefined;
  if (
    method &&
    /^(render|render_async|stream|generate)$/.test(analysis.text(method)) &&
    attribute?.parent?.type === 'call'
  )
    return [attribute.parent];
  return localRenders(creation, analysis);
}

/** `page = "<div>" + name + "</div>"; return page`: a returned variable that this function built as a string. */
function assignedBuiltString(analysis: ModuleAnalysis, node: PlainNode): boolean {
  if (node.type !== 'identifier') return false;
  const scope = analysis.function?.node;
  if (!scope) return false;
  const name = analysis.text(node);
  const stack = [...scope.children];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current) break;
    if (current.type === 'assignment' || current.type === 'augmented_assignment') {
      const left = childByField(current, 'left');
      const right = childByField(current, 'right');
      if (left && right && analysis.text(left) === name && isBuiltString(analysis, right)) return true;
    }
    if (current.type !== 'function_definition' && current.type !== 'class_definition') stack.push(...current.children);
  }
  return false;
}

function compiledUsedForSub(call: PlainNode, analysis: ModuleAnalysis): boolean {
  const assignment = call.parent?.type === 'assignment' ? call.parent : undefined;
  const target = assignment ? childByField(assignment, 'left') : undefined;
  if (!target) return false;
  const name = escapeRegExp(analysis.text(target));
  return new RegExp(`\\b${name}\\.subn?\\(|\\bsubn?\\(\\s*${name}\\b`).test(codeText(analysis.root, analysis));
}

function functionsApplying(target: PlainNode, analysis: ModuleAnalysis): string {
  const use = new RegExp(`\\b${escapeRegExp(analysis.text(target))}\\.subn?\\(`);
  return analysis.nodes
    .filter((node) => node.type === 'function_definition' && use.test(analysis.text(node)))
    .map((node) => analysis.text(childByField(node, 'name') ?? node))
    .join(' ');
}

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-XSS-001',
    name: 'reflected-xss',
    cwe: 79,
    severity: 'high',
    confidence: 'medium',
    message: 'Request data is written into an HTML response without escaping',
    fixHint:
      'Escape the value for HTML before putting it in the response (markupsafe.escape() / html.escape()), or render a template with autoescaping on (render_template with .html files); return JSON or text/plain when no HTML is needed.',
    flow: { sink: 'html', parameterSources: false },
    examples: {
      vulnerable: [
        'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n@app.route("/p", methods=["POST"])\ndef p():\n    nickname = request.get_json().get("nickname", "")\n    page = "<div>" + nickname + "</div>"\n    return page\n',
        `${flaskPrelude}@app.route('/hi')\ndef hi():\n    return make_response('<h1>Hello ' + request.args['name'] + '</h1>')\n`,
        `${flaskPrelude}@app.route('/hi')\ndef hi():\n    name = request.args.get('name', '')\n    return f'Hello {name}'\n`,
        'from django.http import HttpResponse\ndef hi(request):\n    return HttpResponse("Hello %s" % request.GET["n"])\n',
        // request data marked safe in place, no variable between
        `${flaskPrelude}from markupsafe import Markup\nfrom flask import render_template\n@app.route('/c', methods=['POST'])\ndef c():\n    return render_template('c.html', comment=Markup(request.form['comment']))\n`,
        // Markup.format escapes its arguments, not its template
        `${flaskPrelude}from markupsafe import Markup\n@app.route('/hi')\ndef hi():\n    return make_response(Markup('<b>' + request.args['t'] + '</b> {}').format('x'))\n`,
        // Tornado: a str chunk is sent as text/html
        'import tornado.web\nclass Greet(tornado.web.RequestHandler):\n    def post(self):\n        who = self.get_body_argument("who")\n        self.finish("<p>%s</p>" % who)\n',
        // html.escape(quote=False) keeps quotes: inside an attribute's quotes the value closes the attribute
        `${flaskPrelude}import html\n@app.route('/search')\ndef search():\n    q = request.args.get('q', '')\n    return make_response("<input name='q' value='" + html.escape(q, quote=False) + "'>")\n`,
        // the same through str.format and %-formatting
        `${flaskPrelude}import html\n@app.route('/card')\ndef card():\n    label = html.escape(request.args['label'], quote=False)\n    return '<div class="card" data-label="{}">card</div>'.format(label)\n`,
        `${flaskPrelude}import html\n@app.route('/card')\ndef card():\n    return '<img alt="%s" src="/c.png">' % html.escape(request.args['alt'], False)\n`,
      ],
      safe: [
        `${flaskPrelude}from markupsafe import Markup, escape\nfrom flask import render_template\n@app.route('/c', methods=['POST'])\ndef c():\n    return render_template('c.html', comment=Markup(escape(request.form['comment'])))\n`,
        `${flaskPrelude}from markupsafe import escape\n@app.route('/hi')\ndef hi():\n    return f'Hello {escape(request.args["name"])}'\n`,
        `${flaskPrelude}from flask import jsonify\n@app.route('/hi')\ndef hi():\n    return jsonify(name=request.args['name'])\n`,
        `${flaskPrelude}import markupsafe\n@app.route('/hi')\ndef hi():\n    who = request.args.get('who', '')\n    return markupsafe.Markup('<p>Hello {who}</p>').format(who=who)\n`,
        // a dict chunk is sent as JSON; an escaped chunk is text
        'import tornado.web\nclass Greet(tornado.web.RequestHandler):\n    def post(self):\n        self.write({"who": self.get_body_argument("who")})\n',
        'from tornado.escape import xhtml_escape\nfrom tornado.web import RequestHandler\nclass Greet(RequestHandler):\n    def post(self):\n        self.finish("<p>%s</p>" % xhtml_escape(self.get_body_argument("who")))\n',
        // quotes escaped (the default), or quote=False in element text, where a quote is only a character
        `${flaskPrelude}import html\n@app.route('/search')\ndef search():\n    q = request.args.get('q', '')\n    return make_response("<input name='q' value='" + html.escape(q) + "'>")\n`,
        `${flaskPrelude}import html\n@app.route('/search')\ndef search():\n    q = html.escape(request.args.get('q', ''), quote=False)\n    return f"<a href='/'>home</a><p>You searched for {q}</p>"\n`,
        `${flaskPrelude}import html\n@app.route('/card')\ndef card():\n    label = html.escape(request.args['label'], quote=False)\n    return '<div class="card">{}</div>'.format(label)\n`,
        // a file object's write is no response
        'class Report:\n    def __init__(self, out):\n        self.out = out\n    def write(self, text):\n        self.out.write("<p>" + text + "</p>")\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-XSS-002',
    name: 'template-autoescape-off',
    cwe: 79,
    severity: 'medium',
    confidence: 'high',
    message: 'A Jinja2 environment or template is created without HTML autoescaping',
    fixHint:
      'Create the environment with autoescaping on: jinja2.Environment(loader=..., autoescape=jinja2.select_autoescape(["html", "xml"])) or autoescape=True.',
    examples: {
      vulnerable: [
        'from jinja2 import Environment, FileSystemLoader\nenv = Environment(loader=FileSystemLoader("t"))\n',
        'import jinja2\nenv = jinja2.Environment(autoescape=False)\n',
        // local, but the render receives raw request data (chained, and through a template name)
        `${flaskPrelude}from jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    env = Environment(loader=FileSystemLoader('templates'))\n    return env.get_template('hi.html').render(user=request.args.get('user', ''))\n`,
        `${flaskPrelude}from jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    env = Environment(loader=FileSystemLoader('templates'))\n    page = env.get_template('hi.html')\n    user = request.args.get('user', '')\n    return page.render(user=user)\n`,
        // local, but handed out to callers
        `from jinja2 import Environment, FileSystemLoader\ndef make_env():\n    env = Environment(loader=FileSystemLoader('templates'))\n    return env\n`,
        // used inline for one render of raw request data
        `${flaskPrelude}from jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    return Environment(loader=FileSystemLoader('t')).get_template('hi.html').render(user=request.args['u'])\n`,
        // jinja2.Template escapes nothing by default either
        `${flaskPrelude}from jinja2 import Template\n@app.route('/hi')\ndef hi():\n    return Template('<p>Hello {{ name }}</p>').render(name=request.args.get('name', ''))\n`,
        `${flaskPrelude}import jinja2\n@app.route('/hi')\ndef hi():\n    page = jinja2.Template('<p>Hello {{ name }}</p>')\n    name = request.args.get('name', '')\n    return page.render(name=name)\n`,
        // select_autoescape that enables no HTML extension, or disables it; autoescape switched off afterwards
        'from jinja2 import Environment, FileSystemLoader, select_autoescape\nenv = Environment(loader=FileSystemLoader("t"), autoescape=select_autoescape(["xml", "svg"]))\n',
        'import jinja2\nenv = jinja2.Environment(autoescape=jinja2.select_autoescape(disabled_extensions=("html", "txt")))\n',
        'import jinja2\nenv = jinja2.Environment()\nenv.autoescape = False\n',
      ],
      safe: [
        'from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape())\n',
        'from jinja2 import Environment, select_autoescape\nenv = Environment(autoescape=select_autoescape(enabled_extensions=("htm", "html"), default_for_string=True))\n',
        // switched on after construction, module-level or local
        'import jinja2\nenv = jinja2.Environment(loader=jinja2.PackageLoader("app"))\nenv.autoescape = True\n',
        `${flaskPrelude}from jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    env = Environment(loader=FileSystemLoader('templates'))\n    env.autoescape = True\n    return env.get_template('hi.html').render(user=request.args.get('user', ''))\n`,
        // a local environment whose one render receives escaped text only
        `${flaskPrelude}import html\nfrom jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    env = Environment(loader=FileSystemLoader('templates'))\n    page = env.get_template('hi.html')\n    return page.render(user=html.escape(request.args.get('user', '')), year=2024)\n`,
        // the same, the environment used inline for its one render
        `${flaskPrelude}import html\nfrom jinja2 import Environment, FileSystemLoader\n@app.route('/hi')\ndef hi():\n    return Environment(loader=FileSystemLoader('t')).get_template('hi.html').render(user=html.escape(request.args['u']))\n`,
        `${flaskPrelude}from jinja2 import Template\n@app.route('/hi')\ndef hi():\n    return Template('<p>Hello {{ name }}</p>', autoescape=True).render(name=request.args.get('name', ''))\n`,
        // a template that renders the program's own data
        `from jinja2 import Template\nFOOTER = Template('<footer>{{ year }}</footer>')\ndef footer():\n    return Template('<p>{{ n }}</p>').render(n=3) + FOOTER.render(year=2024)\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-HTMLFILTER-001',
    name: 'regex-html-filter',
    cwe: 116,
    severity: 'medium',
    confidence: 'medium',
    message:
      'HTML is filtered or sanitized with a regular expression; regexes cannot parse HTML and such filters are bypassed (nested or split tags, "</script >", attributes, other active tags)',
    fixHint:
      'Do not strip tags with regular expressions: escape the text for its output context (html.escape / markupsafe.escape, or template autoescaping), or sanitize with an HTML parser-based allow-list such as bleach.clean() / nh3.clean().',
    examples: {
      vulnerable: [
        'import re\ndef clean(body):\n    return re.sub(r"<iframe.*?</iframe>", "", body, flags=re.I | re.S)\n',
        'import re\nTAGS = re.compile(r"<[^>]+>")\ndef strip_html(text):\n    return TAGS.sub("", text)\n',
        'import re\ndef is_safe(comment):\n    return re.search("<script|javascript:", comment, re.I) is None\n',
        'def sanitize(post):\n    return post.replace("<iframe", "").replace("<script", "")\n',
        // a hand-written cut at one spelling of the tag
        'def strip_scripts(page):\n    head, _, rest = page.partition("<script")\n    return head + rest.split("</script>", 1)[-1]\n',
      ],
      safe: [
        'import re\nTAG_RE = re.compile(r"<[^>]+>")\ndef word_count(text):\n    return len(TAG_RE.sub(" ", text).split())\n',
        'import html\ndef clean(body):\n    return html.escape(body)\n',
        'import re\ndef placeholders(route):\n    return re.findall(r"<(\\w+)>", route)\n',
        // every "<" encoded: no tag survives, whatever its name
        'def encode(post):\n    return post.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")\n',
        // a template placeholder, not a tag
        'def fill(page, name):\n    return page.replace("<name>", name)\n',
        // locating scripts to report them is no filter
        'def script_offsets(page):\n    return page.find("<script")\n',
      ],
    },
  },
];

/**
 * An autoescape setting that leaves HTML unescaped: False, or `select_autoescape(...)` whose literal
 * `enabled_extensions` name no HTML extension (or whose `disabled_extensions` do): `.html` templates render raw.
 */
function htmlEscapingOff(analysis: ModuleAnalysis, node: PlainNode | undefined): boolean {
  if (isFalse(analysis, node)) return true;
  if (
    node?.type !== 'call' ||
    !/(^|\.)select_autoescape$/.test(analysis.qualify(childByField(node, 'function') ?? node) ?? '')
  )
    return false;
  const args = childByField(node, 'arguments');
  const all = args ? namedChildren(args) : [];
  const keyword = (name: string): PlainNode | undefined => {
    const found = all.find(
      (arg) => arg.type === 'keyword_argument' && analysis.text(childByField(arg, 'name') ?? arg) === name,
    );
    return found ? childByField(found, 'value') : undefined;
  };
  const names = (list: PlainNode | undefined): string[] | undefined =>
    list && (list.type === 'list' || list.type === 'tuple')
      ? namedChildren(list).map((item) =>
          item.type === 'string' ? analysis.text(item).replace(/^['"]|['"]$/g, '') : '?',
        )
      : undefined;
  const html = (extension: string): boolean => /^\.?html?$/i.test(extension);
  const enabled = names(keyword('enabled_extensions') ?? (all[0]?.type === 'keyword_argument' ? undefined : all[0]));
  if (enabled && !enabled.includes('?') && !enabled.some(html)) return true;
  return names(keyword('disabled_extensions'))?.some(html) ?? false;
}

/** `env.autoescape = True` after the environment was made: the setting it renders with. */
function autoescapeAssignedLater(environment: PlainNode, analysis: ModuleAnalysis): boolean {
  const assignment = environment.parent;
  const target = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
  if (target?.type !== 'identifier') return false;
  const scope = enclosingFunction(environment) ?? analysis.root;
  const setting = new RegExp(`^\\s*${escapeRegExp(analysis.text(target))}\\.autoescape\\s*=\\s*(.+)$`, 'm').exec(
    analysis.text(scope),
  );
  return setting !== null && !/^(False|None|0)\b/.test(setting[1]?.trim() ?? '');
}

/**
 * `self.write(text)` / `self.finish(text)` in a Tornado `RequestHandler`: a str chunk goes out as the response body
 * with Content-Type text/html (Tornado's default), so it is the same sink as a Flask handler's returned string. A dict
 * is sent as JSON; only string-built or request-read values are taken.
 */
function tornadoWrite(site: CallSite, analysis: ModuleAnalysis): PlainNode | undefined {
  if ((site.method !== 'write' && site.method !== 'finish') || site.receiver?.type !== 'identifier') return undefined;
  if (analysis.text(site.receiver) !== 'self' || site.node.type !== 'call') return undefined;
  let owner: PlainNode | undefined = site.node.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  const bases = owner ? childByField(owner, 'superclasses') : undefined;
  if (!bases || !/\bRequestHandler\b/.test(analysis.text(bases))) return undefined;
  const body = site.positional[0];
  return body && body.type !== 'dictionary' ? body : undefined;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-XSS-001': {
    call(site, analysis) {
      const written = tornadoWrite(site, analysis);
      if (written) {
        flow(analysis, 'FDSP-PY-XSS-001', site.node, analysis.taint(written));
        return;
      }
      if (!matches(site.name, responseCalls)) return;
      const mimetype = stringValue(analysis, site.keywords.get('mimetype') ?? site.keywords.get('content_type')) ?? '';
      if (mimetype && !mimetype.includes('html')) return;
      const body = argument(site, 0, 'response') ?? argument(site, 0, 'content');
      // a value read in place (`Markup(request.form["c"])`) is the same value as through a variable
      const value = ['identifier', 'call', 'subscript', 'attribute'].includes(body?.type ?? '');
      if (body && !value && !isBuiltString(analysis, body)) return;
      const unquoted = body ? quoteKeptInAttribute(analysis, body) : undefined;
      if (unquoted) {
        analysis.report('FDSP-PY-XSS-001', site.node, { detail: 'escaped with quote=False inside an attribute' });
        return;
      }
      if (body) flow(analysis, 'FDSP-PY-XSS-001', site.node, analysis.taint(body));
    },
    returned(value, analysis) {
      if (!analysis.function?.handler) return;
      const body = value.type === 'tuple' ? namedChildren(value)[0] : value;
      if (body && quoteKeptInAttribute(analysis, body)) {
        analysis.report('FDSP-PY-XSS-001', value, { detail: 'escaped with quote=False inside an attribute' });
        return;
      }
      // Flask sends returned strings as text/html.
      if (body && (isBuiltString(analysis, body) || assignedBuiltString(analysis, body)))
        flow(analysis, 'FDSP-PY-XSS-001', value, analysis.taint(body));
    },
  },
  'FDSP-PY-XSS-002': {
    call(site, analysis) {
      if (site.name !== 'jinja2.Environment' && site.name !== 'jinja2.Template') return;
      const autoescape = site.keywords.get('autoescape');
      if (site.name === 'jinja2.Environment' && autoescapeAssignedLater(site.node, analysis)) return;
      if (
        (!autoescape && !site.hasStarArguments && site.name === 'jinja2.Environment') ||
        htmlEscapingOff(analysis, autoescape)
      ) {
        // A function-local environment or template is judged by what its renders receive, once the replay has seen
        // them.
        if (templateRenders(site.node, analysis) !== undefined) return;
        analysis.report('FDSP-PY-XSS-002', site.node);
      }
    },
    node(node, analysis) {
      const name = node.type === 'call' ? analysis.qualify(childByField(node, 'function') ?? node) : undefined;
      if (name !== 'jinja2.Environment' && name !== 'jinja2.Template') return;
      const args = childByField(node, 'arguments');
      const all = args ? namedChildren(args) : [];
      if (all.some((arg) => arg.type === 'list_splat' || arg.type === 'dictionary_splat')) return;
      const autoescape = all.find(
        (arg) => arg.type === 'keyword_argument' && analysis.text(childByField(arg, 'name') ?? arg) === 'autoescape',
      );
      const value = autoescape ? childByField(autoescape, 'value') : undefined;
      if (autoescape && !htmlEscapingOff(analysis, value)) return;
      if (!autoescape && name === 'jinja2.Environment' && autoescapeAssignedLater(node, analysis)) return;
      // jinja2.Template, like Environment, does not escape unless told to (autoescape defaults to False); a template
      // no render of which is seen here (a module-level one rendering the program's own data) is left alone.
      const renders = templateRenders(node, analysis);
      if (renders === undefined) return; // an Environment is reported by the call hook
      const values = renders.flatMap((call) => {
        const list = childByField(call, 'arguments');
        return (list ? namedChildren(list) : []).map((arg) =>
          arg.type === 'keyword_argument' ? (childByField(arg, 'value') ?? arg) : arg,
        );
      });
      if (values.some((part) => reaches(analysis.taint(part), 'html'))) analysis.report('FDSP-PY-XSS-002', node);
    },
  },
  'FDSP-PY-HTMLFILTER-001': {
    call(site, analysis) {
      // `text.replace("<script>", "")`: removing one spelling of a tag is the same denylist filter as the regex
      // (`<SCRIPT>`, `<script >`, `<scr<script>ipt>`, `<img onerror=…>` pass).
      if (site.method === 'replace' && site.receiver) {
        const removed = stringValue(analysis, site.positional[0]);
        if (removed !== undefined && /^<\s*\/?\s*(script|iframe|object|embed|svg|frame|applet)\b/i.test(removed))
          analysis.report('FDSP-PY-HTMLFILTER-001', site.node);
        return;
      }
      // A hand-written cut at one spelling of the tag (`text.index("<script>")`, `.find`, `.split`, `.partition`) in
      // a filter is the same denylist: the spelling it looks for is the only one it removes.
      if (/^(find|index|split|partition)$/.test(site.method) && site.receiver) {
        const sought = stringValue(analysis, site.positional[0]);
        const filterName = /saniti|clean|strip|xss|filter|remove/i.test(analysis.function?.name ?? '');
        if (sought !== undefined && filterName && /^<\s*(script|iframe|object|embed)\b/i.test(sought))
          analysis.report('FDSP-PY-HTMLFILTER-001', site.node);
        return;
      }
      if (!/^(re|regex)\.(sub|subn|compile|search|match|findall|finditer)$/.test(site.name)) return;
      const pattern = stringValue(analysis, argument(site, 0, 'pattern'));
      if (pattern === undefined) return;
      const activeTag =
        /<\s*(\\?\/)?\s*(\(\?\w+\))?\s*(script|iframe|object|embed|style|svg|frame|applet|meta|link|img|body)/i;
      const anyTag = /<\s*(\\?\/)?\??\s*(\[\^>\]|\.\*|\.\+|\\w|\[a-z|\[A-Z|\[\^<)/;
      const active = activeTag.test(pattern) || /javascript:|\bon\w*\s*=|\\bon\\w/i.test(pattern);
      let context = analysis.function?.name ?? '';
      for (let current = site.node.parent; current; current = current.parent) {
        if (current.type === 'assignment') {
          const left = childByField(current, 'left');
          // A module-level compiled pattern is judged by the functions that apply it, not by its own name (TAG_RE
          // used to count words is not a filter).
          if (site.method === 'compile' && !analysis.function && left)
            context += ` ${functionsApplying(left, analysis)}`;
          else context += ` ${analysis.text(left ?? current)}`;
        }
        if (current.type.endsWith('statement')) break;
      }
      const htmlContext = /html|tag|saniti|clean|strip|xss|script|escape|filter/i.test(context);
      // A generic tag pattern is a filter only when it rewrites text (tokenizers such as html.parser match tags too).
      const substitutes =
        site.method.startsWith('sub') || (site.method === 'compile' && compiledUsedForSub(site.node, analysis));
      if (active || (anyTag.test(pattern) && htmlContext && substitutes))
        analysis.report('FDSP-PY-HTMLFILTER-001', site.node);
    },
  },
};

export const outputEncodingRules: RuleFamily = { definitions, logic };

// Code and template injection (CWE-95, CWE-94): untrusted data evaluated as Python or compiled as a template; and
// unsafe reflection (CWE-470): a module the client names, imported.
import type { PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { concatenationParts, stringParts } from '../engine/url-template.js';
import { argument, flow, matches } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CODE-001',
    name: 'code-injection',
    cwe: 95,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is evaluated as Python code',
    fixHint:
      'Never pass input to eval/exec/compile. Parse data with ast.literal_eval() or json.loads(), or map the input to a fixed set of allowed operations.',
    flow: { sink: 'code', parameterSources: true },
    examples: {
      vulnerable: [
        'def calc(expr):\n    return eval(expr)\n',
        `${flaskPrelude}@app.route('/run', methods=['POST'])\ndef run():\n    exec(compile(request.form['code'], '<s>', 'exec'))\n    return 'ok'\n`,
      ],
      safe: ['import ast\ndef calc(expr):\n    return ast.literal_eval(expr)\n', 'x = eval("1 + 2")\n'],
    },
  },
  {
    id: 'FDSP-PY-SSTI-001',
    name: 'template-injection',
    cwe: 94,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data is used as template source code (server-side template injection)',
    fixHint:
      'Keep the template text constant (render_template with a file, or a literal template) and pass user data only as render variables: render_template_string("Hello {{ name }}", name=name).',
    flow: { sink: 'template', parameterSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}from flask import render_template_string\n@app.route('/h')\ndef h():\n    return render_template_string('<p>' + request.args['n'] + '</p>')\n`,
        `${flaskPrelude}import jinja2\n@app.route('/h')\ndef h():\n    return jinja2.Template(request.args['t']).render()\n`,
        `${flaskPrelude}import jinja2\nENV = jinja2.Environment(autoescape=True)\n@app.route('/h')\ndef h():\n    return ENV.from_string(request.args['t']).render()\n`,
      ],
      safe: [
        `${flaskPrelude}from flask import render_template_string\n@app.route('/h')\ndef h():\n    return render_template_string('<p>{{ n }}</p>', n=request.args['n'])\n`,
        `${flaskPrelude}from jinja2.sandbox import ImmutableSandboxedEnvironment\nSANDBOX = ImmutableSandboxedEnvironment()\n@app.route('/h')\ndef h():\n    return SANDBOX.from_string(request.args['t']).render(user='x')\n`,
      ],
    },
  },
  {
    id: 'FDSP-PY-REFLECT-001',
    name: 'unsafe-reflection',
    cwe: 470,
    severity: 'high',
    confidence: 'medium',
    message: 'A module named by the client is imported',
    fixHint:
      'Map the input to a fixed set of modules (a dict of name → module, or an allow-list checked before the import), or import from one fixed package: importlib.import_module("plugins." + name) after checking name against the allowed plugins.',
    // The operator's own choice (argv, the environment: `python -m`, a parser named in an env var) is configuration.
    flow: { sink: 'code', parameterSources: false, operatorSources: false },
    examples: {
      vulnerable: [
        `${flaskPrelude}import importlib\n@app.route('/load')\ndef load():\n    return repr(importlib.import_module(request.args['m']))\n`,
        `${flaskPrelude}@app.route('/load')\ndef load():\n    name = request.args.get('module', 'json')\n    return repr(__import__(name).__name__)\n`,
      ],
      safe: [
        `${flaskPrelude}import importlib\nPLUGINS = {'csv', 'json'}\n@app.route('/load')\ndef load():\n    name = request.args['m']\n    if name not in PLUGINS:\n        return 'no', 400\n    return repr(importlib.import_module(name))\n`,
        `${flaskPrelude}import importlib\n@app.route('/load')\ndef load():\n    return repr(importlib.import_module('reports.' + request.args['m']))\n`,
        'import importlib\ndef load_plugin(name):\n    return importlib.import_module(name)\n',
      ],
    },
  },
];

/**
 * `"pkg." + name` / `f"pkg.{name}"` / `"urllib" + version`: a module name that begins with fixed text. The client
 * picks among the modules whose name starts so (a package's own modules, one library's family), not any installed
 * module.
 */
function underFixedPackage(analysis: ModuleAnalysis, name: PlainNode): boolean {
  const text = (node: PlainNode): string => analysis.text(node);
  const parts =
    name.type === 'string'
      ? stringParts(name, text)
      : concatenationParts(name, text, (node) => analysis.isConstant(node));
  const first = parts[0];
  return first !== undefined && 'text' in first && /^[A-Za-z_][\w.]*$/.test(first.text);
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CODE-001': {
    call(site, analysis) {
      if (!['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec'].includes(site.name)) return;
      const code = argument(site, 0, 'source');
      if (code && !analysis.isConstant(code)) flow(analysis, 'FDSP-PY-CODE-001', site.node, analysis.taint(code));
    },
  },
  'FDSP-PY-SSTI-001': {
    call(site, analysis) {
      const templates = [
        'flask.render_template_string',
        'render_template_string',
        'jinja2.Template',
        'mako.template.Template',
        'django.template.Template',
        'Template',
        '.from_string',
      ];
      if (!matches(site.name, templates)) return;
      // jinja2's sandbox refuses attribute and call access that escapes to Python (`__class__`, `__globals__`): a
      // template the client wrote still renders, but cannot run code. CWE-94 is about that, not about the output.
      if (/(^|\.)(Immutable)?SandboxedEnvironment\(\)\.from_string$/.test(site.name)) return;
      const source = argument(site, 0, 'source');
      if (source) flow(analysis, 'FDSP-PY-SSTI-001', site.node, analysis.taint(source));
    },
  },
  'FDSP-PY-REFLECT-001': {
    call(site, analysis) {
      if (!['importlib.import_module', '__import__', 'builtins.__import__', 'importlib.__import__'].includes(site.name))
        return;
      const name = argument(site, 0, 'name');
      if (!name || analysis.isConstant(name) || underFixedPackage(analysis, name)) return;
      flow(analysis, 'FDSP-PY-REFLECT-001', site.node, analysis.taint(name));
    },
  },
};

export const codeInjectionRules: RuleFamily = { definitions, logic };

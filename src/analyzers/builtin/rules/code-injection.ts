// Code and template injection (CWE-95, CWE-94): untrusted data evaluated as Python or compiled as a template.
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
];

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
};

export const codeInjectionRules: RuleFamily = { definitions, logic };

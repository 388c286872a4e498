// OS command injection (CWE-78): untrusted data in a shell command or a program name.
import { namedChildren } from '../../../python-syntax/index.js';
import { argument, flow, isTrue, matches, stringValue } from './check-helpers.js';
import { flaskPrelude } from './example-preludes.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { processCalls, shellCalls } from './shared-facts.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-CMDI-001',
    name: 'command-injection',
    cwe: 78,
    severity: 'high',
    confidence: 'high',
    message: 'Untrusted data reaches an operating-system command',
    fixHint:
      'Do not run a shell: call subprocess.run([...], shell=False) with the program and each argument as separate list items, validate the argument against an allow-list, and use shlex.quote() only if a shell string is unavoidable.',
    flow: { sink: 'shell', parameterSources: true },
    examples: {
      vulnerable: [
        'import os\ndef ping(host):\n    os.system("ping -c 1 " + host)\n',
        'import subprocess\ncmd = input("cmd: ")\nsubprocess.run(cmd, shell=True)\n',
        `${flaskPrelude}import subprocess as sp\n@app.route('/x')\ndef x():\n    return sp.check_output(["sh", "-c", request.args['c']])\n`,
      ],
      safe: [
        'import subprocess\ndef run_with_timeout(cmd, timeout):\n    return subprocess.Popen(cmd).wait(timeout=timeout)\n',
        'import subprocess\ndef ping(host):\n    if host not in ("a", "b"):\n        return\n    subprocess.run(["ping", "-c", "1", host])\n',
        'import os, shlex\ndef ls(d):\n    os.system("ls " + shlex.quote(d))\n',
      ],
    },
  },
];

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-CMDI-001': {
    call(site, analysis) {
      const first = argument(site, 0, 'args') ?? argument(site, 0, 'cmd');
      if (!first) return;
      if (
        matches(site.name, shellCalls) ||
        /^os\.(exec|spawn)/.test(site.name) ||
        (site.method === 'exec_command' && site.receiver)
      ) {
        flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(first));
        return;
      }
      if (!matches(site.name, processCalls)) return;
      const shell = isTrue(analysis, site.keywords.get('shell'));
      if (first.type === 'list' || first.type === 'tuple') {
        const items = namedChildren(first);
        const program = items[0];
        const programText = program ? (stringValue(analysis, program) ?? '') : '';
        // ['sh', '-c', x] or a tainted program name are command strings; other list items are plain arguments.
        const viaShell = /(^|\/)(ba|z|da|k)?sh$/.test(programText) && items.length > 2;
        const target = viaShell ? items[2] : program;
        if (shell || viaShell) {
          for (const item of items) if (flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(item))) return;
        } else if (target) {
          flow(analysis, 'FDSP-PY-CMDI-001', site.node, analysis.taint(target));
        }
        return;
      }
      const taint = analysis.taint(first);
      // Without a shell, a whole argv handed to a helper by its caller is the caller's command; the helper adds
      // nothing an attacker could inject.
      if (!shell && first.type === 'identifier' && taint?.origin === 'parameter') return;
      // Without a shell the program is argv[0]: a checked program runs with plain arguments, as in a list literal.
      if (!shell && first.type === 'identifier' && analysis.validatedNameFor(`${analysis.text(first)}[0]`, 'shell'))
        return;
      flow(analysis, 'FDSP-PY-CMDI-001', site.node, taint);
    },
  },
};

export const commandInjectionRules: RuleFamily = { definitions, logic };

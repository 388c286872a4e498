// A pickle gadget (CWE-502): a class whose __reduce__ tells pickle to rebuild it by calling a command or code runner.
// Unpickling such data runs the command; this is the exploit payload of insecure deserialization, and no program
// needs it to rebuild its own objects (a real __reduce__ returns the class or a factory, with its state).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction } from './shared-facts.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-DESER-003',
    name: 'pickle-gadget',
    cwe: 502,
    severity: 'high',
    confidence: 'high',
    message:
      "A class's __reduce__ rebuilds it by running a command or code: loading its pickle executes that call (a deserialization gadget)",
    fixHint:
      'Do not define __reduce__ to return os.system, subprocess, eval or exec; serialize plain data with json.dumps() and rebuild the object from it, and never unpickle data an attacker can shape.',
    examples: {
      vulnerable: [
        "import os, pickle\nclass Payload(object):\n    def __reduce__(self):\n        return os.system, ('ls',)\ndef makePickleData(payload):\n    return pickle.dumps(payload)\n",
        "import subprocess\nclass Job:\n    def __reduce__(self):\n        return (subprocess.Popen, (['/bin/sh', '-c', 'id'],))\n",
        "class Exploit:\n    def __reduce_ex__(self, protocol):\n        return eval, (\"__import__('os').system('id')\",)\n",
        "from os import system as run\nclass Task:\n    def __reduce__(self):\n        return run, ('touch /tmp/x',)\n",
      ],
      safe: [
        // the ordinary use: rebuild from the class (or a factory) and the object's state
        'class Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n    def __reduce__(self):\n        return (Point, (self.x, self.y))\n',
        'import copyreg\nclass Config:\n    def __reduce__(self):\n        return (self.__class__, (), self.__dict__)\n',
        // a command runner returned by an ordinary function or method is no pickle protocol
        'import os\ndef runner():\n    return os.system, ("ls",)\n',
        'import os\nclass Shell:\n    def command(self):\n        return os.system, ("ls",)\n',
      ],
    },
  },
];

/** Callables that run a command or code when pickle calls them to rebuild the object: exact names, then prefixes. */
const runners = new Set([
  'os.system',
  'os.popen',
  'posix.system',
  'pty.spawn',
  'eval',
  'exec',
  'builtins.eval',
  'builtins.exec',
  '__import__',
  'builtins.__import__',
]);
const runnerPrefixes = ['subprocess.', 'commands.', 'runpy.', 'os.exec', 'os.spawn', 'os.posix_spawn'];

function runsCommandOrCode(name: string): boolean {
  return runners.has(name) || runnerPrefixes.some((prefix) => name.startsWith(prefix));
}

const reduceMethods = new Set(['__reduce__', '__reduce_ex__']);

function isMethod(fn: PlainNode): boolean {
  return fn.parent?.type === 'block' && fn.parent.parent?.type === 'class_definition';
}

/** The callable of `return callable, args` or `return (callable, args)`. */
function rebuildCallable(returned: PlainNode): PlainNode | undefined {
  let value: PlainNode | undefined = returned;
  while (value?.type === 'parenthesized_expression') value = namedChildren(value)[0];
  if (value?.type !== 'tuple' && value?.type !== 'expression_list') return undefined;
  return namedChildren(value)[0];
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-DESER-003': {
    node(node: PlainNode, analysis: ModuleAnalysis) {
      if (node.type !== 'return_statement') return;
      const fn = enclosingFunction(node);
      const name = fn ? childByField(fn, 'name') : undefined;
      if (!fn || !name || !reduceMethods.has(analysis.text(name)) || !isMethod(fn)) return;
      const returned = namedChildren(node)[0];
      const callable = returned ? rebuildCallable(returned) : undefined;
      const qualified = callable ? (analysis.qualify(callable) ?? analysis.text(callable)) : undefined;
      if (qualified !== undefined && runsCommandOrCode(qualified))
        analysis.report('FDSP-PY-DESER-003', node, { detail: `rebuilt by calling ${qualified}` });
    },
  },
};

export const pickleGadgetRules: RuleFamily = { definitions, logic };

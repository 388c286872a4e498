// Object identity where contents were meant (CWE-595): `is` compares references, so two equal strings, numbers or
// accounts built separately compare unequal (and interned small values make the bug intermittent).
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { enclosingFunction } from './shared-facts.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-IDENTITY-001',
    name: 'identity-instead-of-equality',
    cwe: 595,
    severity: 'medium',
    confidence: 'medium',
    message:
      'Values are compared with "is" (same object) where their contents are meant: equal values held in different objects compare as different',
    fixHint:
      'Compare contents with == / != (or a dedicated comparison such as hmac.compare_digest for secrets); keep "is" for None, True, False and sentinels.',
    examples: {
      vulnerable: [
        'def isEqual(account1, account2):\n    if account1 is account2:\n        return True\n    else:\n        return False\n',
        'def same_user(a, b):\n    return a is b\n',
        // type hints on the parameters: the same helper
        'def is_same_account(first: "Account", second: "Account" = None) -> bool:\n    return first is second\n',
        'def check(role):\n    return role is "admin"\n',
        'def retry(code):\n    if code is not 200:\n        return True\n    return False\n',
        'def same_account(first, second):\n    return id(first) == id(second)\n',
      ],
      safe: [
        'def isEqual(account1, account2):\n    return account1 == account2\n',
        'def check(role):\n    return role is None or role is True\n',
        // identity is the point: a sentinel, the type, a cycle check, and __eq__'s own fast path
        '_MISSING = object()\ndef get(d, k, default=_MISSING):\n    value = d.get(k, _MISSING)\n    return default if value is _MISSING else value\n',
        'def same_type(a, b):\n    return type(a) is type(b)\n',
        // comparing ids outside an equality helper (a registry keyed by object) and ids of fields
        'def register(seen, obj):\n    return id(obj) == id(seen[-1])\n',
        'def same_account(first, second):\n    return first.id == second.id\n',
        'def visit(node, parent):\n    if node is parent:\n        return\n    print(node)\n',
        'class Money:\n    def __eq__(self, other):\n        if self is other:\n            return True\n        return self.cents == other.cents\n',
      ],
    },
  },
];

// A function whose name says it compares contents: isEqual, equals, same_account, compare, matches.
const equalityName = /^(is_?)?(equal|equals|same|compare|matches|identical)(_|[A-Z]|$)/i;

const valueLiterals = new Set([
  'string',
  'integer',
  'float',
  'tuple',
  'list',
  'dictionary',
  'set',
  'concatenated_string',
]);

function parameterNames(fn: PlainNode, analysis: ModuleAnalysis): string[] {
  const parameters = childByField(fn, 'parameters');
  // `a`, `a=1` (its name field), `a: Account` and `a: Account = None` (no name field: the first identifier).
  return (parameters ? namedChildren(parameters) : []).map((parameter) =>
    analysis.text(
      parameter.type === 'identifier'
        ? parameter
        : (childByField(parameter, 'name') ??
            namedChildren(parameter).find((child) => child.type === 'identifier') ??
            parameter),
    ),
  );
}

/** The name passed to the builtin `id()`: `id(account)` → `account`. */
function addressOf(node: PlainNode, analysis: ModuleAnalysis): PlainNode | undefined {
  if (node.type !== 'call') return undefined;
  const callee = childByField(node, 'function');
  const args = childByField(node, 'arguments');
  const only = args ? namedChildren(args) : [];
  if (callee?.type !== 'identifier' || analysis.text(callee) !== 'id' || only.length !== 1) return undefined;
  return only[0]?.type === 'identifier' ? only[0] : undefined;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-IDENTITY-001': {
    node(node, analysis) {
      if (node.type !== 'comparison_operator') return;
      const operators = node.children.filter((child) => !child.named).map((child) => child.type);
      const operator = operators.join(' ');
      const [leftOperand, rightOperand] = namedChildren(node);
      if (!leftOperand || !rightOperand) return;
      // `id(a) == id(b)` is `a is b` spelled with the builtin that returns the object's address
      const byAddress = ['==', '!='].includes(operator) && operators.length === 1;
      const left = byAddress ? addressOf(leftOperand, analysis) : leftOperand;
      const right = byAddress ? addressOf(rightOperand, analysis) : rightOperand;
      if (!left || !right) return;
      if (!byAddress && (operators.length !== 1 || !['is', 'is not'].includes(operator))) return;
      // `x is "admin"`, `code is not 200`: a literal value is never reliably the same object (Python warns).
      if (!byAddress && (valueLiterals.has(left.type) || valueLiterals.has(right.type))) {
        analysis.report('FDSP-PY-IDENTITY-001', node, { detail: 'compared with a literal value' });
        return;
      }
      // An equality helper comparing its own two parameters by identity.
      const fn = enclosingFunction(node);
      const name = fn ? analysis.text(childByField(fn, 'name') ?? fn) : '';
      if (!fn || !equalityName.test(name) || name.startsWith('__')) return;
      const parameters = parameterNames(fn, analysis).filter((parameter) => parameter !== 'self');
      if (
        left.type === 'identifier' &&
        right.type === 'identifier' &&
        parameters.includes(analysis.text(left)) &&
        parameters.includes(analysis.text(right))
      )
        analysis.report('FDSP-PY-IDENTITY-001', node, { detail: `${name}() compares references` });
    },
  },
};

export const objectIdentityRules: RuleFamily = { definitions, logic };

// Loop bounds (CWE-193, CWE-835): an index loop that runs one step past its sequence, and a counting loop whose
// condition can never change. Both are read off the loop alone: a local name can only change where the function
// rebinds it, so a condition over locals the body never rebinds holds on every iteration.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import type { RuleDefinition, RuleFamily, RuleLogic } from './rule-types.js';
import { descendants, enclosingFunction } from './shared-facts.js';

const definitions: readonly RuleDefinition[] = [
  {
    id: 'FDSP-PY-OFFBY-001',
    name: 'index-past-end',
    cwe: 193,
    severity: 'medium',
    confidence: 'medium',
    message:
      'The loop index runs up to len(sequence) inclusive and indexes the sequence with it, one element past the end',
    fixHint:
      'Stop the index before the length (while i < len(items), range(len(items))), or better iterate the items directly (for item in items / enumerate(items)).',
    examples: {
      vulnerable: [
        'def incrementByOne(arr):\n    i = 0\n    while i <= len(arr):\n        arr[i] += 1\n        i += 1\n    return arr\n',
        'def total(values):\n    s = 0\n    for k in range(len(values) + 1):\n        s += values[k]\n    return s\n',
        'def show(rows):\n    for n in range(1, len(rows) + 1):\n        print(rows[n])\n',
        'def last_first(items):\n    j = 0\n    while len(items) >= j:\n        yield items[j]\n        j += 1\n',
      ],
      safe: [
        'def incrementByOne(arr):\n    i = 0\n    while i < len(arr):\n        arr[i] += 1\n        i += 1\n    return arr\n',
        // one-based numbering that indexes with n - 1
        'def show(rows):\n    for n in range(1, len(rows) + 1):\n        print(n, rows[n - 1])\n',
        // prefixes include the whole sequence: a slice end may equal the length
        'def prefixes(s):\n    return [s[:i] for i in range(len(s) + 1)]\n\ndef walk(s):\n    i = 0\n    while i <= len(s):\n        print(s[:i])\n        i += 1\n',
        // a guard on the index before it is used
        'def safe_get(a):\n    i = 0\n    while i <= len(a):\n        if i == len(a):\n            break\n        print(a[i])\n        i += 1\n',
      ],
    },
  },
  {
    id: 'FDSP-PY-LOOP-002',
    name: 'loop-condition-never-changes',
    cwe: 835,
    severity: 'medium',
    confidence: 'medium',
    message:
      'The while loop compares local values that its body never changes, and it has no break, return or raise, so once entered it never ends',
    fixHint:
      'Advance the loop variable in the body (i += 1), or write the loop as for i in range(start, stop) so the step cannot be forgotten.',
    examples: {
      vulnerable: [
        'def getFibonacci(n):\n    a, b = 1, 1\n    i = 2\n    while i < n:\n        a, b = b, a + b\n    return b\n',
        'def drain(limit):\n    count = 0\n    total = 0\n    while count != limit:\n        total += 1\n    return total\n',
      ],
      safe: [
        'def getFibonacci(n):\n    a, b = 1, 1\n    i = 2\n    while i < n:\n        a, b = b, a + b\n        i += 1\n    return b\n',
        // the loop variable is rebound by a tuple assignment or a walrus
        'def gcd(a, b):\n    while b != 0:\n        a, b = b, a % b\n    return a\n',
        'def read_all(f, size):\n    n = 1\n    while n > 0:\n        data = f.read(size)\n        n = len(data)\n',
        // an exit in the body ends it
        'def find(n, target):\n    i = 0\n    while i < n:\n        if target():\n            break\n    return i\n',
        // a module-level name another function may change
        'RUNNING = 1\ndef serve(step):\n    while RUNNING > 0:\n        step()\n',
        // an attribute may be changed by the calls in the body
        'def wait(job):\n    while job.done < 1:\n        job.poll()\n',
        // an infinite generator is stopped by its consumer
        'def ones(n):\n    i = 0\n    while i < n:\n        yield 1\n',
      ],
    },
  },
];

/** Names bound anywhere under `scope` (assignments, augmented assignments, for/with/except targets, walrus, del). */
function boundNames(scope: PlainNode, analysis: ModuleAnalysis): Set<string> {
  const names = new Set<string>();
  const targets: PlainNode[] = [];
  for (const node of descendants(scope)) {
    if (['assignment', 'augmented_assignment'].includes(node.type)) {
      const left = childByField(node, 'left');
      if (left) targets.push(left);
    } else if (node.type === 'for_statement' || node.type === 'for_in_clause') {
      const left = childByField(node, 'left');
      if (left) targets.push(left);
    } else if (node.type === 'named_expression') {
      const name = childByField(node, 'name');
      if (name) targets.push(name);
    } else if (
      ['as_pattern_target', 'delete_statement', 'global_statement', 'nonlocal_statement'].includes(node.type)
    ) {
      targets.push(node);
    }
  }
  for (const target of targets) {
    for (const part of [target, ...descendants(target)]) {
      // `x.attr = …` and `x[i] = …` bind no name; the identifiers inside them are reads.
      if (part.type === 'identifier' && part.parent?.type !== 'attribute' && part.parent?.type !== 'subscript')
        names.add(analysis.text(part));
    }
  }
  return names;
}

/** A name the enclosing function binds or takes as a parameter (and does not declare global or nonlocal). */
function isLocal(name: string, fn: PlainNode, analysis: ModuleAnalysis): boolean {
  const parameters = childByField(fn, 'parameters');
  const parameterNames = parameters
    ? [parameters, ...descendants(parameters)]
        .filter((part) => part.type === 'identifier' && part.field !== 'type' && part.field !== 'value')
        .map((part) => analysis.text(part))
    : [];
  const declared = descendants(fn).some(
    (node) =>
      ['global_statement', 'nonlocal_statement'].includes(node.type) &&
      namedChildren(node).some((child) => analysis.text(child) === name),
  );
  return !declared && (parameterNames.includes(name) || boundNames(fn, analysis).has(name));
}

/** Whether `node` is `len(<name>)`; returns the name. */
function lengthOf(node: PlainNode | undefined, analysis: ModuleAnalysis): string | undefined {
  if (node?.type !== 'call' || analysis.text(childByField(node, 'function') ?? node) !== 'len') return undefined;
  const args = childByField(node, 'arguments');
  const [only, ...rest] = args ? namedChildren(args) : [];
  return only?.type === 'identifier' && rest.length === 0 ? analysis.text(only) : undefined;
}

/** `<sequence>[<index>]` read or written in `body`, outside slices, with no `if` in the body that tests the index. */
function indexesWith(
  body: PlainNode,
  sequence: string,
  index: string,
  analysis: ModuleAnalysis,
): PlainNode | undefined {
  const nodes = descendants(body);
  const guarded = nodes.some((node) => {
    if (!['if_statement', 'elif_clause', 'conditional_expression'].includes(node.type)) return false;
    const condition = node.type === 'conditional_expression' ? namedChildren(node)[1] : childByField(node, 'condition');
    return condition !== undefined && new RegExp(`\\b${index}\\b`).test(analysis.text(condition));
  });
  if (guarded) return undefined;
  return nodes.find((node) => {
    if (node.type !== 'subscript') return false;
    const value = childByField(node, 'value');
    const subscript = childByField(node, 'subscript');
    return (
      value?.type === 'identifier' &&
      analysis.text(value) === sequence &&
      subscript?.type === 'identifier' &&
      analysis.text(subscript) === index
    );
  });
}

/** `len(x) + 1` as a range bound: the name x. */
function lengthPlusOne(node: PlainNode | undefined, analysis: ModuleAnalysis): string | undefined {
  if (node?.type !== 'binary_operator' || !node.children.some((child) => child.type === '+')) return undefined;
  const [left, right] = namedChildren(node);
  return right && analysis.text(right) === '1' ? lengthOf(left, analysis) : undefined;
}

/**
 * Whether the loop body can leave the loop: break (not one of a nested loop), return, raise, yield (a generator's
 * consumer stops it), await, or a process exit. Nested functions and classes leave nothing.
 */
function hasExit(body: PlainNode, analysis: ModuleAnalysis): boolean {
  const stack: [PlainNode, boolean][] = body.children.map((child) => [child, false]);
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    const [node, nested] = next;
    if (['return_statement', 'raise_statement', 'yield', 'await'].includes(node.type)) return true;
    if (node.type === 'break_statement' && !nested) return true;
    if (
      node.type === 'call' &&
      /^(sys\.exit|exit|quit|os\._exit)$/.test(analysis.text(childByField(node, 'function') ?? node))
    )
      return true;
    if (['function_definition', 'class_definition', 'lambda'].includes(node.type)) continue;
    const inLoop = nested || node.type === 'for_statement' || node.type === 'while_statement';
    for (const child of node.children) stack.push([child, inLoop]);
  }
  return false;
}

const logic: Record<string, RuleLogic> = {
  'FDSP-PY-OFFBY-001': {
    node(node, analysis) {
      const body = childByField(node, 'body');
      if (!body) return;
      if (node.type === 'while_statement') {
        // `i <= len(a)` or `len(a) >= i`.
        const condition = childByField(node, 'condition');
        if (condition?.type !== 'comparison_operator') return;
        const operators = condition.children.filter((child) => !child.named).map((child) => child.type);
        const [left, right] = namedChildren(condition);
        if (operators.length !== 1 || !left || !right) return;
        const [index, length] =
          operators[0] === '<=' ? [left, right] : operators[0] === '>=' ? [right, left] : [undefined, undefined];
        const sequence = lengthOf(length, analysis);
        if (index?.type !== 'identifier' || !sequence) return;
        const use = indexesWith(body, sequence, analysis.text(index), analysis);
        if (use) analysis.report('FDSP-PY-OFFBY-001', use, { detail: analysis.text(condition) });
        return;
      }
      if (node.type !== 'for_statement') return;
      // `for i in range(len(a) + 1)` / `range(1, len(a) + 1)`.
      const target = childByField(node, 'left');
      const iterable = childByField(node, 'right');
      if (target?.type !== 'identifier' || iterable?.type !== 'call') return;
      if (analysis.text(childByField(iterable, 'function') ?? iterable) !== 'range') return;
      const args = childByField(iterable, 'arguments');
      const bounds = args ? namedChildren(args) : [];
      if (bounds.length < 1 || bounds.length > 2) return;
      const sequence = lengthPlusOne(bounds.at(-1), analysis);
      if (!sequence) return;
      const use = indexesWith(body, sequence, analysis.text(target), analysis);
      if (use) analysis.report('FDSP-PY-OFFBY-001', use, { detail: analysis.text(iterable) });
    },
  },
  'FDSP-PY-LOOP-002': {
    node(node, analysis) {
      if (node.type !== 'while_statement') return;
      const condition = childByField(node, 'condition');
      const body = childByField(node, 'body');
      const fn = enclosingFunction(node);
      if (condition?.type !== 'comparison_operator' || !body || !fn) return;
      const operators = condition.children.filter((child) => !child.named).map((child) => child.type);
      if (!operators.every((operator) => ['<', '<=', '>', '>=', '!='].includes(operator))) return;
      // Only plain local names and number literals: an attribute, a call or a subscript may change behind the loop.
      const operands = namedChildren(condition);
      if (!operands.every((operand) => ['identifier', 'integer', 'float'].includes(operand.type))) return;
      const names = operands
        .filter((operand) => operand.type === 'identifier')
        .map((operand) => analysis.text(operand));
      if (names.length === 0 || !names.every((name) => isLocal(name, fn, analysis))) return;
      const rebound = boundNames(body, analysis);
      if (names.some((name) => rebound.has(name)) || hasExit(body, analysis)) return;
      analysis.report('FDSP-PY-LOOP-002', condition, { detail: `${names.join(', ')} never change in the loop` });
    },
  },
};

export const loopBoundRules: RuleFamily = { definitions, logic };

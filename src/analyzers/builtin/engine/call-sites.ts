// Call sites as the rules see them: qualified callee, receiver, positional and keyword arguments.
import { argumentsOf, childByField, type PlainNode } from '../../../python-syntax/index.js';
import { pythonStringValue } from './line-break-removal.js';
import { lastSegment } from '../module-model.js';
import { positionalWithKeywords } from './signatures.js';

export interface CallSite {
  readonly node: PlainNode;
  /** Qualified callee (`subprocess.run`, `ldap.initialize().search_s`, `?.execute` when the receiver is unknown). */
  readonly name: string;
  /** Last segment of the callee (`execute`). */
  readonly method: string;
  readonly receiver: PlainNode | undefined;
  readonly positional: readonly PlainNode[];
  readonly keywords: ReadonlyMap<string, PlainNode>;
  readonly hasStarArguments: boolean;
}

export function buildCallSite(
  node: PlainNode,
  text: (node: PlainNode) => string,
  qualify: (node: PlainNode) => string | undefined,
  /** A module constant's literal: an argument naming one is read as the literal (`os.chmod(p, FILE_MODE)`). */
  literal?: (node: PlainNode) => PlainNode | undefined,
): CallSite {
  const resolved = (value: PlainNode): PlainNode =>
    literal && value.type === 'identifier' ? (literal(value) ?? value) : value;
  const callee = childByField(node, 'function');
  const positional: PlainNode[] = [];
  const keywords = new Map<string, PlainNode>();
  let hasStarArguments = false;
  for (const argument of argumentsOf(node)) {
    if (argument.type === 'keyword_argument') {
      const key = childByField(argument, 'name');
      const value = childByField(argument, 'value');
      if (key && value) keywords.set(text(key), resolved(value));
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      hasStarArguments = true;
    } else {
      positional.push(resolved(argument));
    }
  }
  const name = callee ? (qualify(callee) ?? `?.${callee.type}`) : '?';
  const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
  return {
    node,
    name,
    method: lastSegment(name),
    receiver,
    positional: positionalWithKeywords(name, positional, keywords),
    keywords,
    hasStarArguments,
  };
}

/** Positional arguments, without keywords and splats. */
export function callArgumentNodes(call: PlainNode): PlainNode[] {
  return argumentsOf(call).filter(
    (child) => child.type !== 'keyword_argument' && child.type !== 'list_splat' && child.type !== 'dictionary_splat',
  );
}

/** `NAME = re.compile(r'…')`: the name and the pattern's text. */
export function compiledPattern(node: PlainNode, text: (node: PlainNode) => string): [string, string] | undefined {
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (left?.type !== 'identifier' || right?.type !== 'call') return undefined;
  const callee = childByField(right, 'function');
  if (!callee || !/(^|\.)compile$/.test(text(callee))) return undefined;
  const pattern = callArgumentNodes(right)[0];
  if (pattern?.type !== 'string') return undefined;
  // The pattern as Python reads it: `'example\\.com'` and `r'example\.com'` are one pattern.
  const value = pythonStringValue(text(pattern));
  return value === undefined ? undefined : [text(left), value];
}

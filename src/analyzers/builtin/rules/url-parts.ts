// A URL expression as a sequence of fixed text and holes (interpolated or concatenated values), so a rule can ask
// which part of the URL — scheme, authority, path — a value lands in. Pure functions over the syntax tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { formatParts, literalTemplate, type TemplatePart } from '../engine/url-template.js';
import { stringValue } from './check-helpers.js';

export type UrlPart = { readonly text: string } | { readonly hole: PlainNode };

/** `str(x)` inserts `x` itself: the hole is `x`. */
function unwrapped(hole: PlainNode, analysis: ModuleAnalysis): PlainNode {
  if (hole.type !== 'call' || analysis.text(childByField(hole, 'function') ?? hole) !== 'str') return hole;
  const args = namedChildren(childByField(hole, 'arguments') ?? hole);
  return args.length === 1 && args[0] && args[0].type !== 'keyword_argument' ? args[0] : hole;
}

function fromTemplate(parts: readonly TemplatePart[] | undefined, analysis: ModuleAnalysis): UrlPart[] | undefined {
  return parts?.map((part) =>
    'text' in part ? part : 'hole' in part ? { hole: unwrapped(part.hole, analysis) } : { text: '\u0001' },
  );
}

/** `"…{}…".format(a, key=b)` and `"…%s…" % (a,)`: the template's placeholders filled by their arguments. */
function formattedParts(node: PlainNode, analysis: ModuleAnalysis): UrlPart[] | undefined {
  const text = (part: PlainNode): string => analysis.text(part);
  if (node.type === 'call') {
    const callee = childByField(node, 'function');
    const receiver = callee?.type === 'attribute' ? childByField(callee, 'object') : undefined;
    const method = callee?.type === 'attribute' ? childByField(callee, 'attribute') : undefined;
    if (receiver?.type !== 'string' || !method || analysis.text(method) !== 'format') return undefined;
    const template = literalTemplate(receiver, text);
    if (template === undefined) return undefined;
    const args = namedChildren(childByField(node, 'arguments') ?? node);
    const keyword = new Map<string, PlainNode>();
    for (const arg of args) {
      const name = arg.type === 'keyword_argument' ? childByField(arg, 'name') : undefined;
      const value = arg.type === 'keyword_argument' ? childByField(arg, 'value') : undefined;
      if (name && value) keyword.set(analysis.text(name), value);
    }
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    return fromTemplate(formatParts(template, 'braces', positional, keyword), analysis);
  }
  if (node.type === 'binary_operator' && node.children.some((child) => child.type === '%')) {
    const left = childByField(node, 'left');
    let right = childByField(node, 'right');
    const template = left?.type === 'string' ? literalTemplate(left, text) : undefined;
    if (template === undefined || !right) return undefined;
    while (right.type === 'parenthesized_expression') right = namedChildren(right)[0] ?? right;
    const positional = right.type === 'tuple' ? namedChildren(right) : [right];
    return fromTemplate(formatParts(template, 'percent', positional, new Map()), analysis);
  }
  return undefined;
}

/** The parts of an f-string, a `+` chain of strings and values, or a `.format` / `%` template; undefined for any
 * other expression. */
export function urlParts(node: PlainNode, analysis: ModuleAnalysis): UrlPart[] | undefined {
  const formatted = formattedParts(node, analysis);
  if (formatted) return formatted;
  if (node.type === 'string') {
    const literal = stringValue(analysis, node);
    if (literal !== undefined) return [{ text: literal }];
    const parts: UrlPart[] = [];
    for (const child of node.children) {
      if (child.type === 'string_content') parts.push({ text: analysis.text(child) });
      else if (child.type === 'interpolation') {
        const expression = namedChildren(child)[0];
        if (expression) parts.push({ hole: expression });
      }
    }
    return parts;
  }
  if (node.type === 'binary_operator' && node.children.some((child) => child.type === '+')) {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    if (!left || !right) return undefined;
    const leftParts = urlParts(left, analysis) ?? [{ hole: unwrapped(left, analysis) }];
    const rightParts = urlParts(right, analysis) ?? [{ hole: unwrapped(right, analysis) }];
    return [...leftParts, ...rightParts];
  }
  return undefined;
}

/** Each hole of a URL with the text before it (earlier holes as "\u0000") and the fixed text right after it. */
export function holesInContext(
  parts: readonly UrlPart[],
): { readonly hole: PlainNode; readonly prefix: string; readonly following: string }[] {
  const found: { hole: PlainNode; prefix: string; following: string }[] = [];
  let prefix = '';
  for (const [index, part] of parts.entries()) {
    if ('text' in part) {
      prefix += part.text;
      continue;
    }
    const next = parts[index + 1];
    found.push({ hole: part.hole, prefix, following: next && 'text' in next ? next.text : '' });
    prefix += '\u0000';
  }
  return found;
}

/** The expression a sink's argument stands for: itself, or the last assignment to that name before the sink in the
 * same function (`scope`, for node rules, which run outside any function's walk). */
export function definingExpression(
  node: PlainNode,
  before: number,
  analysis: ModuleAnalysis,
  scope: PlainNode = analysis.function?.node ?? analysis.root,
): PlainNode {
  if (node.type !== 'identifier') return node;
  const name = analysis.text(node);
  let found: PlainNode | undefined;
  const stack = [...scope.children];
  while (stack.length > 0) {
    const candidate = stack.pop();
    if (!candidate || candidate.start > before) continue;
    if (candidate.type !== 'function_definition' && candidate.type !== 'class_definition')
      stack.push(...candidate.children);
    if (candidate.type !== 'assignment' || candidate.end > before) continue;
    const left = childByField(candidate, 'left');
    const right = childByField(candidate, 'right');
    if (
      left?.type === 'identifier' &&
      right &&
      analysis.text(left) === name &&
      (!found || candidate.start > found.start)
    )
      found = right;
  }
  return found ?? node;
}

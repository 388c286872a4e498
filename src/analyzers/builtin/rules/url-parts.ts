// A URL expression as a sequence of fixed text and holes (interpolated or concatenated values), so a rule can ask
// which part of the URL — scheme, authority, path — a value lands in. Pure functions over the syntax tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { stringValue } from './check-helpers.js';

export type UrlPart = { readonly text: string } | { readonly hole: PlainNode };

/** The parts of an f-string or a `+` chain of strings and values; undefined for any other expression. */
export function urlParts(node: PlainNode, analysis: ModuleAnalysis): UrlPart[] | undefined {
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
    const leftParts = urlParts(left, analysis) ?? [{ hole: left }];
    const rightParts = urlParts(right, analysis) ?? [{ hole: right }];
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

// html.escape(value, quote=False) encodes &, < and > but leaves both quote characters: enough for element text, not
// for a quoted attribute value, where a `"` closes the attribute and the rest of the value adds attributes
// (`" onmouseover="alert(1)`). This reads the literal HTML around each interpolated value of a built response string.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import type { ModuleAnalysis } from '../analysis.js';
import { isFalse, soleBinding } from './check-helpers.js';

/** The literal HTML so far ends inside a quoted attribute value of an open tag: `<a title="…` or `<input value='…`. */
const insideQuotedAttribute = /<[a-zA-Z][^<>]*=\s*["'][^"'<>]*$/;

/** The parts of a built string in source order: literal text, and the expressions placed into it. */
function pieces(analysis: ModuleAnalysis, node: PlainNode): (string | PlainNode)[] {
  if (node.type === 'parenthesized_expression') {
    const inner = namedChildren(node)[0];
    return inner ? pieces(analysis, inner) : [];
  }
  if (node.type === 'binary_operator' && analysis.text(childByField(node, 'operator') ?? node) === '+') {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    return [...(left ? pieces(analysis, left) : []), ...(right ? pieces(analysis, right) : [])];
  }
  if (node.type === 'string') {
    return node.children.flatMap((child): (string | PlainNode)[] => {
      if (child.type === 'string_content') return [analysis.text(child)];
      if (child.type === 'interpolation') {
        const expression = namedChildren(child)[0];
        return expression ? [expression] : [];
      }
      return [];
    });
  }
  if (node.type === 'concatenated_string') return namedChildren(node).flatMap((part) => pieces(analysis, part));
  return formatted(analysis, node) ?? [node];
}

/** `"<a title='{}'>".format(v)`, `"<a title='%s'>" % v`: the template's text with each field's argument in place. */
function formatted(analysis: ModuleAnalysis, node: PlainNode): (string | PlainNode)[] | undefined {
  let template: PlainNode | undefined;
  let values: PlainNode[] = [];
  let keywords = new Map<string, PlainNode>();
  let field: RegExp;
  if (node.type === 'call') {
    const callee = childByField(node, 'function');
    if (callee?.type !== 'attribute' || analysis.text(childByField(callee, 'attribute') ?? callee) !== 'format')
      return undefined;
    template = childByField(callee, 'object');
    const list = childByField(node, 'arguments');
    const args = list ? namedChildren(list) : [];
    values = args.filter((arg) => arg.type !== 'keyword_argument');
    keywords = new Map(
      args.flatMap((arg) => {
        const name = childByField(arg, 'name');
        const value = childByField(arg, 'value');
        return arg.type === 'keyword_argument' && name && value ? [[analysis.text(name), value] as const] : [];
      }),
    );
    field = /\{\{|\}\}|\{([^{}!:]*)[^{}]*\}/g;
  } else if (node.type === 'binary_operator' && analysis.text(childByField(node, 'operator') ?? node) === '%') {
    template = childByField(node, 'left');
    const right = childByField(node, 'right');
    values = right?.type === 'tuple' ? namedChildren(right) : right ? [right] : [];
    field = /%%|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]/g;
  } else return undefined;
  if (template?.type !== 'string' || template.children.some((child) => child.type === 'interpolation')) return undefined;
  const text = template.children
    .filter((child) => child.type === 'string_content')
    .map((child) => analysis.text(child))
    .join('');
  const result: (string | PlainNode)[] = [];
  let last = 0;
  let next = 0;
  for (const match of text.matchAll(field)) {
    result.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[0] === '{{' || match[0] === '}}' || match[0] === '%%') {
      result.push(match[0].slice(1));
      continue;
    }
    const name = match[1] ?? '';
    const value = /^\d+$/.test(name) ? values[Number(name)] : name ? keywords.get(name) : values[next++];
    result.push(value ?? 'x');
  }
  result.push(text.slice(last));
  return result;
}

/** `html.escape(x, quote=False)` of request data, in place or through a local bound once to it. */
function quoteKeepingEscape(analysis: ModuleAnalysis, node: PlainNode): boolean {
  let value: PlainNode | undefined = node;
  // `str(escape(v, quote=False))` is the same text
  if (value.type === 'call' && analysis.text(childByField(value, 'function') ?? value) === 'str') {
    const list = childByField(value, 'arguments');
    const only = list ? namedChildren(list) : [];
    if (only.length === 1 && only[0]) value = only[0];
  }
  const scope = analysis.function?.node;
  if (value.type === 'identifier' && scope) value = soleBinding(scope, analysis.text(value), analysis);
  if (value?.type !== 'call' || analysis.qualify(childByField(value, 'function') ?? value) !== 'html.escape')
    return false;
  const list = childByField(value, 'arguments');
  const args = list ? namedChildren(list) : [];
  const quote = args.find(
    (arg) => arg.type === 'keyword_argument' && analysis.text(childByField(arg, 'name') ?? arg) === 'quote',
  );
  const positional = args.filter((arg) => arg.type !== 'keyword_argument');
  const quoteValue = quote ? childByField(quote, 'value') : positional[1];
  const escaped = positional[0];
  return isFalse(analysis, quoteValue) && escaped !== undefined && analysis.taint(escaped) !== undefined;
}

/** The first value escaped with quote=False that a built HTML string places inside a quoted attribute. */
export function quoteKeptInAttribute(analysis: ModuleAnalysis, body: PlainNode): PlainNode | undefined {
  let built: PlainNode | undefined = body;
  const scope = analysis.function?.node;
  if (built.type === 'identifier' && scope) built = soleBinding(scope, analysis.text(built), analysis);
  if (!built) return undefined;
  let html = '';
  for (const piece of pieces(analysis, built)) {
    if (typeof piece === 'string') html += piece;
    else if (insideQuotedAttribute.test(html) && quoteKeepingEscape(analysis, piece)) return piece;
    else html += 'x';
  }
  return undefined;
}

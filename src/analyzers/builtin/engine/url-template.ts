// Where in a URL a value lands (CWE-918). A URL built by an f-string, `+`, `%` or `.format` is a template of fixed text
// and holes; each hole falls in the scheme (nothing fixed before it: the value is the whole URL), the host (the
// authority is the value: `https://{host}/`, `"https://" + host`), a part of the authority next to fixed text (a label
// of a fixed domain `https://{sub}.example.com/`, the port of a fixed host), or the path, query or fragment after a fixed
// `scheme://host/`. Only the first two let the value choose the server; a check of the value's format (isalnum, an
// anchored character class) makes a label or a path harmless but leaves a whole host the request's choice. Pure
// functions over the syntax tree.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';
import { formatChecked, mergeTaint, reaches, sanitize, sinkMask, type Taint } from '../taint.js';
import { converted, directiveConversion, interpolationConversion } from './format-conversions.js';

export type UrlPosition = 'scheme' | 'host' | 'host-part' | 'path';

/** Fixed text, a value (with the conversion it is inserted with: `!r`, `:d`, `%s`), or a constant of unknown text. */
export type TemplatePart =
  | { readonly text: string }
  | { readonly hole: PlainNode; readonly conversion?: string | undefined }
  | { readonly fixed: true };

export type Hole = Extract<TemplatePart, { hole: PlainNode }>;

/** Fixed text whose content the engine does not know (a module constant): stands for the program's own base. */
const fixedMark = '\u0001';
/** An earlier hole in the prefix. */
const holeMark = '\u0000';

/** Each hole of the template with where it lands. */
export function holePositions(parts: readonly TemplatePart[]): { hole: Hole; position: UrlPosition }[] {
  const found: { hole: Hole; position: UrlPosition }[] = [];
  let prefix = '';
  for (const [index, part] of parts.entries()) {
    if ('text' in part) {
      prefix += part.text;
      continue;
    }
    if ('fixed' in part) {
      prefix += fixedMark;
      continue;
    }
    const next = parts[index + 1];
    found.push({ hole: part, position: urlPosition(prefix, next && 'text' in next ? next.text : '') });
    prefix += holeMark;
  }
  return found;
}

/** Where text inserted after `prefix` and before `following` lands in the URL. */
export function urlPosition(prefix: string, following: string): UrlPosition {
  const separator = prefix.indexOf('://');
  let authority: string;
  if (separator >= 0) authority = prefix.slice(separator + 3);
  else if (prefix.startsWith('//')) authority = prefix.slice(2);
  else if (prefix === '' || /^[a-z][a-z0-9+.-]*:?$/i.test(prefix)) return 'scheme';
  // A relative reference (`/items/`) or a base the program holds in a constant.
  else return 'path';
  if (/[/?#]/.test(authority)) return 'path';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.endsWith(':')) return 'host-part';
  if (host === '' || host === holeMark) return /^[.-][a-z0-9]/i.test(following) ? 'host-part' : 'host';
  return /[.-]$/.test(host) || /^[.-][a-z0-9]/i.test(following) ? 'host-part' : 'host';
}

/** The fixed text and holes of an f-string (its literal text between interpolations, escapes as written). */
export function stringParts(node: PlainNode, text: (node: PlainNode) => string): TemplatePart[] {
  const source = text(node);
  const body = /^[rbuRBUfF]*('''|"""|'|")/.exec(source);
  const quote = body?.[1] ?? '';
  const start = node.start + (body?.[0].length ?? 0);
  const end = node.end - quote.length;
  const parts: TemplatePart[] = [];
  let at = start;
  for (const child of node.children) {
    if (child.type !== 'interpolation') continue;
    if (child.start > at) parts.push({ text: source.slice(at - node.start, child.start - node.start) });
    const expression = namedChildren(child)[0];
    if (expression) parts.push({ hole: expression, conversion: interpolationConversion(child, text) });
    at = child.end;
  }
  if (end > at) parts.push({ text: source.slice(at - node.start, end - node.start) });
  return parts;
}

/** The parts of a `+` chain of strings, constants and values, flattened along its left spine (no recursion). */
export function concatenationParts(
  node: PlainNode,
  text: (node: PlainNode) => string,
  isConstant: (node: PlainNode) => boolean,
): TemplatePart[] {
  const operands: PlainNode[] = [];
  let current: PlainNode | undefined = node;
  while (current?.type === 'binary_operator' && current.children.some((child) => child.type === '+')) {
    const right = childByField(current, 'right');
    if (right) operands.unshift(right);
    current = childByField(current, 'left');
  }
  if (current) operands.unshift(current);
  return operands.flatMap((operand): TemplatePart[] => {
    if (operand.type === 'string') return stringParts(operand, text);
    if (operand.type === 'identifier' && isConstant(operand)) return [{ fixed: true }];
    return [{ hole: operand }];
  });
}

/** The parts of `"…%s…" % args` or `"…{}…".format(args)`: each placeholder filled by the argument it names (by
 * position, or by key for `%(key)s` and `{key}`); undefined when a placeholder's argument cannot be told. */
export function formatParts(
  template: string,
  style: 'percent' | 'braces',
  positional: readonly PlainNode[],
  keyword: ReadonlyMap<string, PlainNode>,
): TemplatePart[] | undefined {
  const placeholder =
    style === 'percent'
      ? /%(?:\(([^)]*)\))?[-#0 +]*\d*(?:\.\d+)?([a-z%])/gi
      : /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g;
  const parts: TemplatePart[] = [];
  let at = 0;
  let next = 0;
  for (const match of template.matchAll(placeholder)) {
    const literal = match[0] === '%%' || match[0] === '{{' || match[0] === '}}';
    parts.push({ text: template.slice(at, match.index) + (literal ? match[0].slice(1) : '') });
    at = match.index + match[0].length;
    if (literal) continue;
    const key = match[1];
    let argument: PlainNode | undefined;
    if (key !== undefined && key !== '' && !/^\d+$/.test(key)) argument = keyword.get(key.split(/[.[]/)[0] ?? key);
    else argument = positional[key !== undefined && key !== '' ? Number(key) : next++];
    if (!argument) return undefined;
    parts.push({ hole: argument, conversion: directiveConversion(style, match[2], match[3]) });
  }
  parts.push({ text: template.slice(at) });
  return parts;
}

const urlSink = sinkMask(['url']);

/** A hole's taint where it lands: a format-checked value in a label, port or path cannot pick the server. */
export function locatedTaint(taint: Taint | undefined, position: UrlPosition): Taint | undefined {
  if (!taint || (taint.safe & formatChecked) === 0) return taint;
  return position === 'path' || position === 'host-part' ? sanitize(taint, urlSink) : taint;
}

/** No hole of the template lets its value pick the server: each is clean for outbound requests where it lands. The
 * caller keeps the value's other facts (what sanitized each part) and only clears the `url` sink. */
export function templatePinsServer(
  parts: readonly TemplatePart[],
  evaluate: (node: PlainNode) => Taint | undefined,
): boolean {
  return holePositions(parts).every(
    ({ hole, position }) => !reaches(locatedTaint(converted(evaluate(hole.hole), hole.conversion), position), 'url'),
  );
}

/** `taint` with the `url` sink cleared when the template pins the server. */
export function pinServer(
  taint: Taint | undefined,
  parts: readonly TemplatePart[] | undefined,
  evaluate: (node: PlainNode) => Taint | undefined,
): Taint | undefined {
  return taint && parts && templatePinsServer(parts, evaluate) ? sanitize(taint, urlSink) : taint;
}

/** The text of a string literal without interpolations (undefined for an f-string with holes). */
export function literalTemplate(node: PlainNode, text: (node: PlainNode) => string): string | undefined {
  const parts = stringParts(node, text);
  let literal = '';
  for (const part of parts) {
    if (!('text' in part)) return undefined;
    literal += part.text;
  }
  return literal;
}

/** The taint of a formatted string: each value as its conversion inserts it, joined. */
export function formattedTaint(
  parts: readonly TemplatePart[],
  evaluate: (node: PlainNode) => Taint | undefined,
): Taint | undefined {
  let taint: Taint | undefined;
  for (const part of parts)
    if ('hole' in part) taint = mergeTaint(taint, converted(evaluate(part.hole), part.conversion));
  return taint;
}

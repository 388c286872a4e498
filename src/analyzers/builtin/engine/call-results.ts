// What a call returns when the callee is known by name: sources, sanitizers (by the table in sanitizers.ts), line-break
// removal, constant-table lookups, a fixed-host URL format. 'unknown' leaves the call to summaries or plain propagation.
import type { PlainNode } from '../../../python-syntax/index.js';
import { formatChecked, mergeTaint, sanitize, sinkMask, type Taint } from '../taint.js';
import type { CallSite } from './call-sites.js';
import { leadingLiteral } from './expressions.js';
import { pythonStringValue, replacedLineBreaks, substitutedLineBreaks } from './line-break-removal.js';
import { cleaningPrefixes, pinnedHostPrefix, sanitizerMasks } from './sanitizers.js';
import { handlerArgumentReaders, networkReads, sourceCalls, sourceTaint } from './sources.js';
import { formattedTaint, formatParts, literalTemplate, pinServer } from './url-template.js';

export interface CallResultContext {
  readonly text: (node: PlainNode) => string;
  readonly isConstant: (node: PlainNode) => boolean;
  readonly evaluate: (node: PlainNode) => Taint | undefined;
}

const pinnedHost = sinkMask(['redirect']);
const lineEscaped = sinkMask(['log', 'header']);
const htmlEscaped = sinkMask(['html']);

/** Conversions whose result is a number whatever text they were given (a bool, from `bool(text)`, too). */
const numericTypes = new Set(['int', 'float', 'bool', 'decimal.Decimal', 'Decimal']);

export function knownCallResult(
  site: CallSite,
  calleeTaint: Taint | undefined,
  argumentTaint: Taint | undefined,
  context: CallResultContext,
): Taint | undefined | 'unknown' {
  const { name, method } = site;
  const sourceName = sourceCalls.get(name);
  if (sourceName) return sourceTaint(sourceName);
  if (networkReads.has(method) && site.receiver) return { origin: 'remote', safe: 0, from: `socket .${method}()` };
  if (
    handlerArgumentReaders.has(method) &&
    site.receiver?.type === 'identifier' &&
    context.text(site.receiver) === 'self'
  )
    return { origin: 'remote', safe: 0, from: `self.${method}()` };
  const combined = mergeTaint(calleeTaint, argumentTaint);
  // `Markup(template).format(value)` escapes each argument that is not Markup itself (markupsafe's documented
  // behaviour): the arguments are HTML-safe, the template keeps its own taint.
  if (/^(markupsafe|flask|jinja2)\.Markup\(\)\.format$/.test(name))
    return mergeTaint(calleeTaint, sanitize(argumentTaint, htmlEscaped));
  const sanitizer = sanitizerMasks.get(name);
  if (sanitizer !== undefined && sanitizer !== -1 && encodesEverySeparator(site, context))
    return sanitize(combined, sanitizer | formatChecked);
  if (sanitizer !== undefined) return sanitizer === -1 ? undefined : sanitize(combined, sanitizer);
  if (cleaningPrefixes.some((prefix) => name.startsWith(prefix))) return undefined;
  // `ALLOWED.get(key)` on a constant table: the result is one of the program's own values.
  if (method === 'get' && site.receiver?.type === 'identifier' && context.isConstant(site.receiver)) return undefined;
  // werkzeug's `MultiDict.get(key, default=None, type=None)` (request.args / form / headers): with a numeric `type`
  // the result is the converted number or, when the conversion fails, the default. dict.get takes no keywords, so any
  // `.get(..., type=int)` is this API.
  const conversion = method === 'get' ? site.keywords.get('type') : undefined;
  if (conversion && numericTypes.has(context.text(conversion))) {
    const fallback = site.keywords.get('default') ?? site.positional[1];
    return fallback ? context.evaluate(fallback) : undefined;
  }
  const first = site.positional[0];
  // `text.encode('unicode_escape')` writes CR and LF (and every other control character) as backslash escapes.
  if (method === 'encode' && first && /^['"]unicode[_-]escape['"]$/i.test(context.text(first)))
    return sanitize(calleeTaint, lineEscaped);
  const literal = (node: PlainNode | undefined): string | undefined =>
    node?.type === 'string' ? pythonStringValue(context.text(node)) : undefined;
  const old = literal(first);
  // A count bounds how many occurrences go; the rest stay.
  if (method === 'replace' && old !== undefined && /[\r\n]/.test(old) && site.positional.length === 2)
    return sanitize(calleeTaint, replacedLineBreaks(old, literal(site.positional[1])));
  const subject = site.positional[2];
  const replacement = literal(site.positional[1] ?? site.keywords.get('repl'));
  // Any fixed pattern: a character allow-list (`[^A-Za-z0-9 ]`) removes CR and LF as surely as `[\r\n]` does.
  if (name === 're.sub' && old !== undefined && replacement !== undefined && subject) {
    const counted = site.positional.length > 3 || site.keywords.has('count');
    return sanitize(context.evaluate(subject), counted ? 0 : substitutedLineBreaks(old, replacement));
  }
  if (method === 'format' && site.receiver?.type === 'string') {
    const template = site.hasStarArguments ? undefined : literalTemplate(site.receiver, context.text);
    const parts = template === undefined ? undefined : formatParts(template, 'braces', site.positional, site.keywords);
    const taint = pinServer(parts ? formattedTaint(parts, context.evaluate) : combined, parts, context.evaluate);
    return pinnedHostPrefix(leadingLiteral(context, site.receiver)) ? sanitize(taint, pinnedHost) : taint;
  }
  // urljoin(BASE, ref): an absolute (or `//host`) ref replaces the base's host, so ref picks the server unless a format
  // check keeps it a relative path under the program's base.
  const [base, reference] = site.positional;
  if (/(^|\.)urljoin$/.test(name) && base && reference && fixedBase(base, context)) {
    const pinned = pinServer(combined, [{ fixed: true }, { text: '/' }, { hole: reference }], context.evaluate);
    if (pinned !== combined) return pinned;
  }
  return 'unknown';
}

/** A module constant, or a literal `scheme://host…` base. */
/**
 * `quote(text, safe="")` and `quote_plus(text)` (whose `safe` defaults to "") percent-encode "/", "?", "#", "@" and
 * ":" too, so the result is one path segment or label: bounded characters, as a format check leaves them
 * (taint.ts `formatChecked`). Plain `quote(text)` keeps "/", and "../" with it.
 */
function encodesEverySeparator(site: CallSite, context: CallResultContext): boolean {
  if (!/^urllib\.parse\.quote(_plus)?$/.test(site.name)) return false;
  const safe = site.keywords.get('safe') ?? site.positional[1];
  if (!safe) return site.name.endsWith('_plus');
  return safe.type === 'string' && /^[rbu]*(''|"")$/i.test(context.text(safe));
}

function fixedBase(base: PlainNode, context: CallResultContext): boolean {
  if (base.type === 'identifier') return context.isConstant(base);
  const literal = base.type === 'string' ? literalTemplate(base, context.text) : undefined;
  return literal !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i.test(literal);
}

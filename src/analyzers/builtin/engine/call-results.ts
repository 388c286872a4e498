// What a call returns when the callee is known by name: sources, sanitizers (by the table in sanitizers.ts), line-break
// removal, constant-table lookups, a fixed-host URL format. 'unknown' leaves the call to summaries or plain propagation.
import type { PlainNode } from '../../../python-syntax/index.js';
import { mergeTaint, sanitize, sinkMask, type Taint } from '../taint.js';
import type { CallSite } from './call-sites.js';
import { leadingLiteral } from './expressions.js';
import { cleaningPrefixes, lineBreaksRemoved, pinnedHostPrefix, sanitizerMasks } from './sanitizers.js';
import { networkReads, sourceCalls } from './sources.js';

export interface CallResultContext {
  text(node: PlainNode): string;
  isConstant(node: PlainNode): boolean;
  evaluate(node: PlainNode): Taint | undefined;
}

const pinnedHost = sinkMask(['redirect']);
const lineEscaped = sinkMask(['log', 'header']);

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
  if (sourceName) return { origin: 'remote', safe: 0, from: sourceName };
  if (networkReads.has(method) && site.receiver) return { origin: 'remote', safe: 0, from: `socket .${method}()` };
  const combined = mergeTaint(calleeTaint, argumentTaint);
  const sanitizer = sanitizerMasks.get(name);
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
  if (method === 'replace' && first && /\\[rn]/.test(context.text(first)))
    return sanitize(calleeTaint, lineBreaksRemoved(context.text(first)));
  if (name === 're.sub' && first && /\\[rn]/.test(context.text(first)) && site.positional[2]) {
    return sanitize(context.evaluate(site.positional[2]), lineBreaksRemoved(context.text(first)));
  }
  if (
    method === 'format' &&
    site.receiver?.type === 'string' &&
    pinnedHostPrefix(leadingLiteral(context, site.receiver))
  ) {
    return sanitize(combined, pinnedHost);
  }
  return 'unknown';
}

// Taint values. A value is tainted when it comes from a source; `safe` records the sink kinds a sanitizer on its way
// has made it harmless for (`re.escape` → regex, `shlex.quote` → shell), so one value can be clean for one sink and
// dangerous for another.

export const sinkKinds = [
  'sql',
  'shell',
  'code',
  'path',
  'redirect',
  'html',
  'ldap',
  'xpath',
  'regex',
  'log',
  'url',
  'header',
  'nosql',
  'deserialize',
  'template',
  'address',
  'xml',
] as const;

export type SinkKind = (typeof sinkKinds)[number];

export function sinkBit(kind: SinkKind): number {
  return 1 << sinkKinds.indexOf(kind);
}

export function sinkMask(kinds: readonly SinkKind[]): number {
  return kinds.reduce((mask, kind) => mask | sinkBit(kind), 0);
}

export const allSinks = (1 << sinkKinds.length) - 1;

/** Bits past the sink kinds recording which line terminator was removed: a value is safe for header and log sinks only
 * once both CR and LF are gone (`replace('\n', '')` alone leaves `\r`, which still splits a header). */
export const lineFeedRemoved = 1 << 28;
/** A bit past the sink kinds recording that a check bounded the value's characters (`isalnum()`, an anchored character
 * class): harmless as a label, port or path of a URL with a fixed host, still the request's choice as a whole host. */
export const formatChecked = 1 << 27;
export const carriageReturnRemoved = 1 << 29;

/** A bit past the sink kinds recording that an output encoding for a log viewer was applied (`html.escape`): CWE-117's
 * mitigation, "use and specify an output encoding that can be handled by the downstream component". Such encodings
 * keep CR and LF, so the log sink stays reachable and the log rule reports the residual as CRLF injection (CWE-93),
 * not as the missing encoding (CWE-117). Concatenating an encoded and a raw value keeps the raw one's verdict
 * (`mergeTaint` intersects the bits). */
export const outputEncoded = 1 << 26;

export function isOutputEncoded(taint: Taint | undefined): boolean {
  return taint !== undefined && (taint.safe & outputEncoded) !== 0;
}

/** `remote`: request data, stdin, argv, environment, network reads. `parameter`: a parameter of the function under
 * analysis, the lower-confidence source for code that is a function body rather than a handler. */
export type TaintOrigin = 'remote' | 'parameter';

export interface Taint {
  readonly origin: TaintOrigin;
  readonly safe: number;
  /** What the value came from, for messages (`request.args`, `parameter "name"`). */
  readonly from: string;
}

export function mergeTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  // The more dangerous source names the merge: a remote one over a parameter, and of two remote ones the one safe
  // for strictly fewer sinks (request data over a configured base URL).
  const strictlyWorse = (b.safe & ~a.safe) === 0 && (a.safe & ~b.safe) !== 0;
  const primary = a.origin === b.origin ? (strictlyWorse ? b : a) : a.origin === 'remote' ? a : b;
  return { origin: primary.origin, from: primary.from, safe: a.safe & b.safe };
}

export function sanitize(taint: Taint | undefined, mask: number): Taint | undefined {
  if (!taint) return undefined;
  let safe = taint.safe | mask;
  if ((safe & lineFeedRemoved) !== 0 && (safe & carriageReturnRemoved) !== 0) safe |= sinkMask(['header', 'log']);
  return (safe & allSinks) === allSinks ? undefined : { ...taint, safe };
}

export function reaches(taint: Taint | undefined, kind: SinkKind): taint is Taint {
  return taint !== undefined && (taint.safe & sinkBit(kind)) === 0;
}

/** Same danger: both clean, or both tainted from the same kind of origin and safe for the same sinks. */
export function sameTaint(a: Taint | undefined, b: Taint | undefined): boolean {
  if (!a || !b) return a === b;
  return a.origin === b.origin && a.safe === b.safe;
}

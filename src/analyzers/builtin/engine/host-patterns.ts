// Whether a URL regular expression pins the destination host: `https://([a-z0-9-]+\.)*example\.com(/.*)?` matched
// from the start can only accept URLs whose authority is example.com or one of its subdomains. A pattern that pins
// the host is a host check (guard-table.ts `host-check`) for redirect and outbound-request sinks, as
// `urlparse(u).hostname in ALLOWED` is. Pure: pattern text in, verdict out.

// The scheme: `https://`, `https?://`, `(https|http)://`, `(?:https?)://`, optionally anchored with `^` or `\A`.
const scheme = /^(?:\^|\\A)?(?:\((?:\?:)?)?https?\??(?:\|https?\??)?\)?:(?:\\?\/){2}/i;
// One literal DNS label, or a character class of label characters only (no ".", "@", "/", "?", "#", "\\" or ":",
// any of which could end the host early or move it).
const label = String.raw`(?:[a-z0-9-]+|\[(?:[a-z0-9_]|\\-|-)+\][+*]?)`;
// An optional or repeated subdomain prefix ending in an escaped dot: `(www\.)?`, `([a-z0-9-]+\.)*`, `(?:api|docs)\.`.
const prefix = String.raw`(?:\((?:\?:)?${label}(?:\|${label})*\\\.\)[*?+]?|\((?:\?:)?${label}(?:\|${label})*\)\\\.|${label}\\\.)`;
// The host: prefixes, then a literal registered domain with at least one escaped dot.
const pinnedHost = new RegExp(String.raw`^${prefix}*(?:[a-z0-9-]+\\\.)+[a-z]{2,}$`, 'i');
// What may follow the host: a path, a port, or the end of the URL.
const authorityEnd = /^(?:\\?\/|\((?:\?:)?\\?\/|:\\d|:\[0-9\]|\((?:\?:)?:|\$|\\Z|\\z|$)/;

/** Where the host part of `rest` ends: the first `/`, `:`, `(` followed by one of those, `$` or the end. */
function hostLength(rest: string): number {
  let inClass = false;
  for (let index = 0; index < rest.length; index++) {
    const char = rest[index];
    if (char === '\\') {
      index++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (authorityEnd.test(rest.slice(index)) && rest.slice(index) !== '') {
      // `(` also opens subdomain groups; only one that starts a path or port ends the host.
      if (char !== '(' || /^\((?:\?:)?(?:\\?\/|:)/.test(rest.slice(index))) return index;
    }
  }
  return rest.length;
}

/**
 * Whether a match of `pattern` from the start of the value pins scheme and host. `wholeValue` says the match covers
 * the whole value (`fullmatch`, or a pattern ending in `$`): then the host may end the pattern or be followed by an
 * optional path; otherwise the pattern itself must require the character that ends the authority ("/" or ":port"),
 * or "https://example.com.evil.net" would match.
 */
export function pinsUrlHost(pattern: string, startAnchored: boolean, wholeValue: boolean): boolean {
  if (!startAnchored && !pattern.startsWith('^') && !pattern.startsWith('\\A')) return false;
  const schemeMatch = scheme.exec(pattern);
  if (!schemeMatch) return false;
  const rest = pattern.slice(schemeMatch[0].length);
  const length = hostLength(rest);
  if (!pinnedHost.test(rest.slice(0, length))) return false;
  const after = rest.slice(length);
  const endsValue = wholeValue || (/(\$|\\Z|\\z)$/.test(pattern) && !/\\\$$/.test(pattern));
  if (/^(?:\\?\/|:\\d|:\[0-9\])/.test(after)) return true;
  return endsValue;
}

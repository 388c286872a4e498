// Which line terminators a replacement removes from every position of a value: `text.replace(old, new)` and
// `re.sub(pattern, repl, text)`. Header and log injection (CWE-113, CWE-117, CWE-93) need every lone CR and every lone
// LF gone; `replace('\r\n', '')` removes only the pair and leaves `\r` and `\n` on their own, so it removes neither.
import { carriageReturnRemoved, lineFeedRemoved } from '../taint.js';

const simpleEscapes: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** The text a Python string literal's source stands for (`'\r\n'`, `r'[\r\n]'`, `"""…"""`); undefined for an f-string
 * or a literal this does not read. Escapes other than the common ones, `\xhh` and `\uhhhh` stay as written. */
export function pythonStringValue(source: string): string | undefined {
  const match = /^([rbuRBU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(source);
  if (!match) return undefined;
  const [, prefix = '', , body = ''] = match;
  if (/r/i.test(prefix)) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\s\S])/g, (whole, escape: string) => {
    if (/^[xu]/.test(escape) && escape.length > 1) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return simpleEscapes[escape] ?? whole;
  });
}

function terminatorBits(removes: (terminator: string) => boolean): number {
  return (removes('\n') ? lineFeedRemoved : 0) | (removes('\r') ? carriageReturnRemoved : 0);
}

const hasLineBreak = (text: string): boolean => /[\r\n]/.test(text);

/** `text.replace(old, new)` removes a terminator everywhere only when `old` is that one character and `new` brings no
 * line break back. */
export function replacedLineBreaks(old: string, replacement: string | undefined): number {
  if (replacement === undefined || hasLineBreak(replacement)) return 0;
  return terminatorBits((terminator) => old === terminator);
}

/** A Python regular expression as a JavaScript one, for the constructs the two share once Python's spellings of named
 * groups, `\A` / `\Z` and leading inline flags are rewritten; undefined when JavaScript rejects the result. */
function javascriptPattern(pattern: string): RegExp | undefined {
  // Anchors and lookarounds make a match depend on what surrounds the character, which the one-character test below
  // cannot see.
  const outsideClasses = pattern.replace(/\[\^?\]?(?:\\[\s\S]|[^\]\\])*\]/g, 'x');
  if (/[$^]|\\[AbBZ]|\(\?<?[=!]/.test(outsideClasses)) return undefined;
  const flags = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  const body = (flags ? pattern.slice(flags[0].length) : pattern)
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  const jsFlags = [...new Set((flags?.[1] ?? '').split(''))].filter((flag) => 'ims'.includes(flag)).join('');
  try {
    return new RegExp(`^(?:${body})$`, jsFlags);
  } catch {
    return undefined;
  }
}

/** `re.sub(pattern, repl, text)` with no count removes a terminator everywhere when the pattern matches that character
 * on its own: wherever it occurs, a match starts there or an earlier match already took it. */
export function substitutedLineBreaks(pattern: string, replacement: string | undefined): number {
  if (replacement === undefined || hasLineBreak(replacement)) return 0;
  const expression = javascriptPattern(pattern);
  if (!expression) return 0;
  return terminatorBits((terminator) => expression.test(terminator));
}

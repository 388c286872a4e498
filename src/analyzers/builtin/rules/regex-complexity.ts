// How badly a fixed Python pattern can backtrack, decided by recheck (the ReDoS checker of the JavaScript world:
// automata-theoretic, with attack strings) rather than by a hand-written star-height test, which flags every nested
// quantifier, including `^([a-z0-9-]+\.)*[a-z]+$`, whose literal delimiter leaves each input one way to match.
// Python's syntax is translated to the ECMAScript dialect recheck reads where they differ; a pattern it cannot read is
// `unknown`, and the caller keeps its own verdict. Pure: a deterministic function of the pattern, cached per process.
import { createRequire } from 'node:module';

import type { checkSync as CheckSync } from 'recheck';

export type BacktrackingCost = 'exponential' | 'polynomial' | 'linear' | 'unknown';

/** How the Python call anchors the pattern: `re.match` at the start, `re.fullmatch` at both ends, else anywhere. */
export type MatchMode = 'search' | 'match' | 'fullmatch';

const verdicts = new Map<string, BacktrackingCost>();

/** Validation patterns in web code are short (an e-mail or host pattern is 30–70 characters). */
export const maximumCheckedLength = 100;

let checker: typeof CheckSync | undefined;

/** recheck is large (about 3 MB of JavaScript): loaded at the first pattern that needs it, not with every scan. */
function recheck(): typeof CheckSync {
  if (!checker) {
    // The in-process (pure JavaScript) backend: no worker thread, no native subprocess, the same verdict everywhere.
    process.env.RECHECK_SYNC_BACKEND ??= 'pure';
    const loaded: unknown = createRequire(import.meta.url)('recheck');
    checker = (loaded as { checkSync: typeof CheckSync }).checkSync;
  }
  return checker;
}

/** The flags of the Python call (`re.I | re.DOTALL`), by name: ECMAScript's letters, or undefined for VERBOSE,
 * whose whitespace and comments ECMAScript would read as pattern text. */
function ecmaScriptFlags(pythonFlags: string): string | undefined {
  if (/\b(VERBOSE|X)\b/.test(pythonFlags)) return undefined;
  let flags = '';
  if (/\b(IGNORECASE|I)\b/.test(pythonFlags)) flags += 'i';
  if (/\b(MULTILINE|M)\b/.test(pythonFlags)) flags += 'm';
  if (/\b(DOTALL|S)\b/.test(pythonFlags)) flags += 's';
  return flags;
}

/** Inline flags Python allows at the start (`(?i)`); `x` (verbose) and `L` have no ECMAScript counterpart. */
const leadingFlags = /^\(\?([aiLmsux]+)\)/;

/** The ECMAScript spelling of a Python pattern, or undefined where the dialects differ in a way this does not map. */
export function toEcmaScript(
  pattern: string,
  mode: MatchMode,
  pythonFlags = '',
): { source: string; flags: string } | undefined {
  let source = pattern;
  let flags = ecmaScriptFlags(pythonFlags);
  if (flags === undefined) return undefined;
  const inline = leadingFlags.exec(source);
  if (inline) {
    const letters = inline[1] ?? '';
    if (/[xL]/.test(letters)) return undefined;
    for (const letter of ['i', 'm', 's']) if (letters.includes(letter) && !flags.includes(letter)) flags += letter;
    source = source.slice(inline[0].length);
  }
  // Named groups and their back references; \A and \Z anchor the whole string (ECMAScript ^ and $ without /m).
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/(?<!\\)((?:\\\\)*)\\A/g, '$1^')
    .replace(/(?<!\\)((?:\\\\)*)\\Z/g, '$1$');
  // Possessive quantifiers and atomic groups (Python 3.11) never backtrack; ECMAScript has neither.
  const structure = source.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
  if (/\(\?>|[*+?}][+]/.test(structure)) return undefined;
  if (mode === 'match') source = `^(?:${source})`;
  if (mode === 'fullmatch') source = `^(?:${source})$`;
  return { source, flags };
}

/** The worst-case matching time of a fixed pattern in the length of the input. */
export function backtrackingCost(pattern: string, mode: MatchMode, pythonFlags = ''): BacktrackingCost {
  const key = `${mode}\u0000${pythonFlags}\u0000${pattern}`;
  const cached = verdicts.get(key);
  if (cached !== undefined) return cached;
  // The automaton's cost grows steeply with the pattern (twenty alternatives of a repeated group take seconds): a
  // longer pattern is not checked, and the caller keeps its candidate verdict. A bound on size, never on time.
  const translated = pattern.length <= maximumCheckedLength ? toEcmaScript(pattern, mode, pythonFlags) : undefined;
  let cost: BacktrackingCost = 'unknown';
  if (translated) {
    try {
      // The automaton checker is exact and deterministic (the fuzzer is random); it reports `unknown` for back
      // references and lookaround, which it cannot model. No time limits: a verdict must not depend on the machine's
      // speed, so the check is bounded by recheck's size limits alone and the timed recall run is skipped.
      const diagnostics = recheck()(translated.source, translated.flags, {
        checker: 'automaton',
        timeout: null,
        recallTimeout: -1,
      });
      if (diagnostics.status === 'safe') cost = 'linear';
      else if (diagnostics.status === 'vulnerable')
        cost = diagnostics.complexity.type === 'exponential' ? 'exponential' : 'polynomial';
    } catch {
      cost = 'unknown';
    }
  }
  verdicts.set(key, cost);
  return cost;
}

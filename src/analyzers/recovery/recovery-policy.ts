// The policy of code recovery, pure: which edit turns a file Python rejects (an LLM answer with a Markdown fence, a
// sentence before or after the code, a stray leading space, a Python 2 print) into the code it carries. Every edit
// keeps the file's line count, so a finding in the recovered code is at its line in the file the user gave. The
// driver (recover-code.ts) asks Python's parser where the code breaks and applies one edit per answer; the same
// edits replay on the original text (recoveredText), so an engine that has no Python parser scans the same code.
import type { CodeRecovery, RecoveryEdit } from '../types.js';

/** Where Python's parser rejected the code (message as `IndentationError: unexpected indent`, line 1-based). */
export interface ParseVerdict {
  readonly ok: boolean;
  readonly message?: string;
  readonly line?: number;
}

const fencePattern = /^\s*(```|~~~)/;
const pythonFenceTags = new Set(['python', 'py', 'python3', 'py3']);

// Keywords a code line starts with: a line that starts with one is code (perhaps with a typo), never prose. Case
// matters: prose sentences start with a capital, Python keywords (but the three constants) do not.
const pythonKeywords = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'case', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'exec', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'match', 'nonlocal',
  'not', 'or', 'pass', 'print', 'raise', 'return', 'try', 'while', 'with', 'yield', 'False', 'None', 'True',
]); // prettier-ignore

// A word of a sentence: letters with inner apostrophes, hyphens, dots or slashes (e.g., SHA-256, and/or,
// subprocess.run), optionally quoted, bracketed or emphasized, with trailing punctuation.
const wordPattern = /^[("'“*_]*[A-Za-z][\w'’./-]*[)"'”*_.,;:!?]*$/;
const bulletPattern = /^([-*+•]|\d{1,2}[.)])\s+/;
const labelPattern = /^[A-Z][A-Za-z'’-]*:$/;

/** The share of a line's tokens that must be words for it to read as a sentence. */
const proseWordShare = 0.75;

/** A line a person wrote about the code, not code: a Markdown fence, a sentence, a bullet, a label (`Explanation:`). */
export function isProseLike(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return false;
  if (fencePattern.test(trimmed)) return true;
  // An inline code span (`x = 1`) is one word of the sentence, whatever it holds.
  const text = trimmed.replace(bulletPattern, '').replace(/`[^`]+`/g, 'code');
  const tokens = text.split(/\s+/).filter((token) => token !== '');
  const first = tokens[0];
  if (first === undefined) return false;
  if (pythonKeywords.has(first.replace(/[:,;(]+$/, ''))) return false;
  if (tokens.length === 1) return labelPattern.test(first.replace(/^[*_]+|[*_]+$/g, ''));
  const words = tokens.filter((token) => wordPattern.test(token)).length;
  if (words / tokens.length < proseWordShare) return false;
  // Two or three words read as a sentence only with a capital (`Fixed code:`); `retrun value` is code with a typo.
  return /^[("'“*_]*[A-Z]/.test(first) || tokens.length >= 4;
}

const python2PrintPattern = /^(\s*)print\s+(?![(=.,)\]}])(\S.*?)\s*$/;

/** `print "x", y` as a call (`print("x", y)`); `print >>f, x` as `pass`: the statement Python 3 accepts in its place. */
export function rewritePython2Print(line: string): string | undefined {
  const ending = line.endsWith('\r') ? '\r' : '';
  const match = python2PrintPattern.exec(ending === '' ? line : line.slice(0, -1));
  if (!match) return undefined;
  const indent = match[1] ?? '';
  const rest = (match[2] ?? '').replace(/,$/, '');
  return `${indent}${rest.startsWith('>>') ? 'pass' : `print(${rest})`}${ending}`;
}

function blank(line: string): string {
  return line.endsWith('\r') ? '\r' : '';
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Blank or a comment: Python reads neither's indentation. */
function isNotCode(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/** One edit applied to the lines (a copy); line numbers are 1-based and inclusive. */
export function applyEdit(lines: readonly string[], edit: RecoveryEdit): string[] {
  const next = [...lines];
  for (let index = edit.startLine - 1; index < edit.endLine && index < next.length; index += 1) {
    const line = next[index] ?? '';
    if (edit.kind === 'blank') next[index] = blank(line);
    else if (edit.kind === 'dedent') {
      const strip = Math.min(edit.columns ?? 0, leadingWhitespace(line).length);
      next[index] = line.slice(strip);
    } else next[index] = rewritePython2Print(line) ?? line;
  }
  return next;
}

export function splitLines(text: string): string[] {
  return text.split('\n');
}

/** The file's lines, without the empty piece after a final newline. */
function lineCount(lines: readonly string[]): number {
  return lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

/** The recovered code a recovery describes, from the original text: its edits replayed in order. */
export function recoveredText(text: string, recovery: CodeRecovery): string {
  return recovery.edits.reduce(applyEdit, splitLines(text)).join('\n');
}

/** Blank every line outside Python Markdown fences, fences included; none when no fence leaves code inside. A fence
 * with an info string (```python, ```bash) always opens a block; a bare one opens or closes, and an unclosed block runs
 * to the end. Blocks tagged with another language are blanked with the prose. */
export function fenceEdits(lines: readonly string[]): RecoveryEdit[] {
  const outside: number[] = [];
  // Outside a block, in a Python (or untagged) one, or in one of another language (a shell command, JSON output),
  // which is blanked like prose.
  let state: 'outside' | 'python' | 'other' = 'outside';
  let code = 0;
  lines.slice(0, lineCount(lines)).forEach((line, index) => {
    if (fencePattern.test(line)) {
      const info = line.trim().slice(3).trim();
      const language = (/^[\w+.-]*/.exec(info)?.[0] ?? '').toLowerCase();
      if (info !== '') state = pythonFenceTags.has(language) ? 'python' : 'other';
      else state = state === 'outside' ? 'python' : 'outside';
      outside.push(index + 1);
      return;
    }
    // Blank lines outside join the ranges around them (blanking them changes nothing).
    if (state !== 'python') outside.push(index + 1);
    else if (!isBlank(line)) code += 1;
  });
  if (code === 0 || !lines.some((line) => fencePattern.test(line))) return [];
  return ranges(outside).map(([startLine, endLine]) => ({
    kind: 'blank',
    reason: 'outside-fence',
    startLine,
    endLine,
  }));
}

function ranges(lineNumbers: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const line of lineNumbers) {
    const last = out[out.length - 1];
    if (last && last[1] === line - 1) last[1] = line;
    else out.push([line, line]);
  }
  return out;
}

/** The longest common run of leading whitespace of the code lines. Comments do not count (Python ignores their
 * indentation), nor do prose-like lines: a Markdown indented code block sits between sentences at the margin, which a
 * later edit blanks. */
function commonIndent(lines: readonly string[]): number {
  let common: string | undefined;
  for (const line of lines) {
    if (isNotCode(line) || isProseLike(line)) continue;
    const indent = leadingWhitespace(line);
    if (common === undefined) common = indent;
    else {
      let length = 0;
      while (length < common.length && length < indent.length && common[length] === indent[length]) length += 1;
      common = common.slice(0, length);
    }
    if (common === '') return 0;
  }
  return common?.length ?? 0;
}

/**
 * The next edit for the parser's verdict, or undefined when the broken line is code (a typo is the author's to fix,
 * and guessing would report findings about code nobody wrote):
 * - `unexpected indent` on the first code line: the indentation every code line shares, else that line's own;
 * - a Python 2 print statement: the call Python 3 reads;
 * - a prose-like line: it and the prose-like lines adjacent to it (one paragraph), blanked.
 */
export function nextEdit(lines: readonly string[], verdict: ParseVerdict): RecoveryEdit | undefined {
  const line = verdict.line;
  if (verdict.ok || line === undefined || line < 1 || line > lines.length) return undefined;
  const text = lines[line - 1] ?? '';
  if (isBlank(text)) return undefined;
  const firstCode = lines.findIndex((candidate) => !isNotCode(candidate)) + 1;
  if (/unexpected indent/.test(verdict.message ?? '') && line === firstCode) {
    const shared = commonIndent(lines);
    const columns = shared > 0 ? shared : leadingWhitespace(text).length;
    if (columns === 0) return undefined;
    return shared > 0
      ? { kind: 'dedent', reason: 'indent', startLine: 1, endLine: lineCount(lines), columns }
      : { kind: 'dedent', reason: 'indent', startLine: line, endLine: line, columns };
  }
  const rewritten = rewritePython2Print(text);
  if (rewritten !== undefined && rewritten !== text) {
    return { kind: 'rewrite', reason: 'python2-print', startLine: line, endLine: line };
  }
  if (!isProseLike(text)) return undefined;
  let startLine = line;
  while (startLine > 1 && isProseLike(lines[startLine - 2] ?? '')) startLine -= 1;
  let endLine = line;
  while (endLine < lines.length && isProseLike(lines[endLine] ?? '')) endLine += 1;
  return { kind: 'blank', reason: 'prose', startLine, endLine };
}

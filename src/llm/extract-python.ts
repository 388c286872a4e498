// Pull the Python program out of a model's reply. Models answer in fenced blocks (tagged or not, sometimes several:
// the solution, a usage example, shell commands), in bare code with prose around it, in prose alone, or cut off
// mid-block by max tokens. The choice is pure; an optional syntax checker (Python's own parser through the analyzer
// worker) then marks code that does not parse. Model code is never executed.
import type { PythonSyntaxChecker } from '../analyzers/types.js';

export type ExtractionStatus = 'ok' | 'syntax-error' | 'truncated' | 'no-code';

export interface ExtractionResult {
  readonly status: ExtractionStatus;
  /** The chosen code ('' for no-code). */
  readonly code: string;
  /** Where it came from. */
  readonly source: 'fenced' | 'unfenced' | 'none';
  /** Fenced Python blocks found in the reply. */
  readonly blockCount: number;
  /** Whether a syntax checker looked at the code. */
  readonly syntaxChecked: boolean;
  readonly syntaxError?: { readonly message: string; readonly line?: number };
}

export interface ExtractOptions {
  readonly checker?: PythonSyntaxChecker;
  /** The function or class the prompt asked for; a block defining it wins. */
  readonly expectedName?: string;
  /** Several names (the functions of the code under repair): the block defining the most of them wins. */
  readonly expectedNames?: readonly string[];
}

interface CodeBlock {
  readonly language: string;
  readonly code: string;
  readonly closed: boolean;
}

const pythonTags = new Set(['', 'python', 'py', 'python3', 'py3', 'ipython', 'pycon']);

/** Fenced blocks (``` or ~~~, up to three spaces of indent), in order; an unclosed last block runs to the end. */
export function fencedBlocks(reply: string): CodeBlock[] {
  const lines = reply.replace(/\r\n?/g, '\n').split('\n');
  const blocks: CodeBlock[] = [];
  let open: { fence: string; language: string; body: string[] } | undefined;
  for (const line of lines) {
    if (open === undefined) {
      const start = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^`]*$/.exec(line);
      if (start) open = { fence: start[1] ?? '```', language: (start[2] ?? '').toLowerCase(), body: [] };
      continue;
    }
    const fenceChar = open.fence[0] ?? '`';
    const trimmed = line.trim();
    if (trimmed.length >= open.fence.length && trimmed === fenceChar.repeat(trimmed.length)) {
      blocks.push({ language: open.language, code: open.body.join('\n'), closed: true });
      open = undefined;
      continue;
    }
    open.body.push(line);
  }
  if (open !== undefined) blocks.push({ language: open.language, code: open.body.join('\n'), closed: false });
  return blocks;
}

export function definesName(code: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:async\\s+def|def|class)\\s+${escaped}\\b`, 'm').test(code);
}

/** The word each line's `def`/`class` defines, from every line start: one scan of the block for all the expected
 * names rather than one regular expression per name. For a name of word characters it is definesName's verdict
 * exactly: the keyword must follow a line start and whitespace that, whatever lines it spans, ends with whitespace
 * after the last line break, and `name\b` after it matches only the whole word. */
function definedWords(code: string): Set<string> {
  const words = new Set<string>();
  const definition = /^[^\S\n\r\u2028\u2029]*(?:async\s+def|def|class)\s+(\w+)/gm;
  for (let match = definition.exec(code); match !== null; match = definition.exec(code)) {
    if (match[1] !== undefined) words.add(match[1]);
    // A match may run across line breaks (`\s+`); the next search starts inside it so no line start is skipped.
    definition.lastIndex = match.index + 1;
  }
  return words;
}

const wordName = /^\w+$/;

/** How many of `names` the block defines. */
export function definedCount(code: string, names: readonly string[]): number {
  let words: Set<string> | undefined;
  return names.filter((name) => {
    if (!wordName.test(name)) return definesName(code, name);
    words ??= definedWords(code);
    return words.has(name);
  }).length;
}

function looksLikeShell(code: string): boolean {
  return (
    /^\s*(?:\$ |pip3? install|python3? [\w./-]+\.py\b|npm |apt(?:-get)? )/m.test(code) &&
    !/^\s*(?:def|class|import|from)\s/m.test(code)
  );
}

/** Pick the block that defines the most of what was asked, else the longest closed one, else the longest. */
function chooseBlock(blocks: readonly CodeBlock[], expectedNames: readonly string[]): CodeBlock | undefined {
  const candidates = blocks.filter(
    (block) => pythonTags.has(block.language) && block.code.trim() !== '' && !looksLikeShell(block.code),
  );
  if (candidates.length === 0) return undefined;
  const longest = (list: readonly CodeBlock[]): CodeBlock | undefined =>
    list.reduce<CodeBlock | undefined>(
      (best, block) => (best === undefined || block.code.length > best.code.length ? block : best),
      undefined,
    );
  if (expectedNames.length > 0) {
    const scored = candidates.map((block) => ({
      block,
      defined: definedCount(block.code, expectedNames),
    }));
    const best = Math.max(...scored.map((entry) => entry.defined));
    const defining = scored.filter((entry) => best > 0 && entry.defined === best).map((entry) => entry.block);
    const choice = longest(defining.filter((block) => block.closed)) ?? longest(defining);
    if (choice) return choice;
  }
  // Prefer tagged python blocks over untagged ones when both exist (untagged ones are often output or data).
  const tagged = candidates.filter((block) => block.language !== '');
  const pool = tagged.length > 0 ? tagged : candidates;
  return longest(pool.filter((block) => block.closed)) ?? longest(pool);
}

const codeStart =
  /^(?:from\s+[\w.]+\s+import\b|import\s+[\w.]+|(?:async\s+)?def\s+\w+\s*\(|class\s+\w+|@\w+|if\s+__name__\s*==|#!|[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*=[^=]|print\(|try:|with\s+.+:|for\s+.+:|while\s+.+:)/;

function isProse(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || /^\s/.test(line)) return false;
  if (codeStart.test(trimmed) || trimmed.startsWith('#') || /^[)\]}]/.test(trimmed)) return false;
  // Sentences: words separated by spaces, ending like prose, not like a statement.
  return /^[A-Z*_`-]|^\d+\./.test(trimmed) && /\s/.test(trimmed) && !/[=(]\s*$/.test(trimmed);
}

/** Code written without fences: from the first line that starts code to the last line before trailing prose. */
export function unfencedCode(reply: string): string | undefined {
  const lines = reply.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((line) => codeStart.test(line.trim()) && !/^\s/.test(line));
  if (first < 0) return undefined;
  let last = first;
  for (let index = first + 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (isProse(line)) break;
    if (line.trim() !== '') last = index;
  }
  const code = lines.slice(first, last + 1).join('\n');
  // One assignment-looking line inside prose is not a program.
  const codeLines = code.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const hasStructure = /^(?:\s*)(?:def|class|import|from|async\s+def)\s/m.test(code);
  return hasStructure || codeLines.length >= 2 ? code : undefined;
}

export interface CodeCandidate {
  readonly code: string;
  readonly source: 'fenced' | 'unfenced' | 'none';
  readonly closed: boolean;
  readonly blockCount: number;
}

/** The pure part: which code the reply holds. */
export function chooseCode(reply: string, expected?: string | readonly string[]): CodeCandidate {
  const blocks = fencedBlocks(reply);
  const pythonBlockCount = blocks.filter((block) => pythonTags.has(block.language)).length;
  const names = expected === undefined ? [] : typeof expected === 'string' ? [expected] : expected;
  const chosen = chooseBlock(blocks, names);
  if (chosen)
    return { code: trimBlock(chosen.code), source: 'fenced', closed: chosen.closed, blockCount: pythonBlockCount };
  if (blocks.length > 0) return { code: '', source: 'none', closed: true, blockCount: pythonBlockCount };
  const bare = unfencedCode(reply);
  if (bare !== undefined) return { code: trimBlock(bare), source: 'unfenced', closed: true, blockCount: 0 };
  return { code: '', source: 'none', closed: true, blockCount: 0 };
}

function trimBlock(code: string): string {
  return code.replace(/^\s*\n/, '').replace(/\s+$/, '') + '\n';
}

export async function extractPython(reply: string, options: ExtractOptions = {}): Promise<ExtractionResult> {
  const candidate = chooseCode(reply, [
    ...(options.expectedName === undefined ? [] : [options.expectedName]),
    ...(options.expectedNames ?? []),
  ]);
  const base = { code: candidate.code, source: candidate.source, blockCount: candidate.blockCount };
  if (candidate.source === 'none') return { ...base, status: 'no-code', code: '', syntaxChecked: false };
  if (options.checker === undefined) {
    return { ...base, status: candidate.closed ? 'ok' : 'truncated', syntaxChecked: false };
  }
  const verdict = await options.checker.checkSyntax(candidate.code);
  if (!verdict.ok) {
    return {
      ...base,
      status: candidate.closed ? 'syntax-error' : 'truncated',
      syntaxChecked: true,
      syntaxError: {
        message: verdict.message ?? 'invalid syntax',
        ...(verdict.line === undefined ? {} : { line: verdict.line }),
      },
    };
  }
  return { ...base, status: candidate.closed ? 'ok' : 'truncated', syntaxChecked: true };
}

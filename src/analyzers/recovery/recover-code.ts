// The recovery driver: the policy's edits, one per answer of Python's parser, until the code parses or the policy has
// no edit for where it breaks. The parser is passed in (the Bandit worker's interpreter), so the driver is pure given
// it; a file whose first error is code with a typo costs no parse beyond the scan that found it.
import type { CodeRecovery, RecoveryEdit } from '../types.js';
import { applyEdit, fenceEdits, nextEdit, splitLines, type ParseVerdict } from './recovery-policy.js';

export interface RecoveryLimits {
  /** Edits guided by the parser, at most: each costs a parse, and a file that needs more is not code with a stray
   * line or two but something else. */
  readonly maxEdits: number;
  /**
   * The share of the code lines (non-blank, after fences) that prose blanking may take. Past half, what is left is the
   * minority of the file: more likely a text about code than code with a stray sentence, and findings in it would be
   * about fragments the model did not offer as the program. A fenced block needs no such bound: the fence says where
   * the code is.
   */
  readonly maxProseShare: number;
}

export const recoveryLimits: RecoveryLimits = { maxEdits: 20, maxProseShare: 0.5 };

export interface RecoveredCode {
  readonly text: string;
  readonly recovery: CodeRecovery;
}

export type PythonParse = (code: string) => Promise<ParseVerdict>;

function codeLineCount(lines: readonly string[], startLine = 1, endLine = lines.length): number {
  let count = 0;
  for (let index = startLine - 1; index < endLine; index += 1) if ((lines[index] ?? '').trim() !== '') count += 1;
  return count;
}

/** The code Python accepts inside `text` (which it rejected with `rejection`), or undefined when none is found within
 * the limits: then the syntax error stands alone. */
export async function recoverCode(
  text: string,
  rejection: ParseVerdict,
  parse: PythonParse,
  limits: RecoveryLimits = recoveryLimits,
): Promise<RecoveredCode | undefined> {
  if (rejection.ok) return undefined;
  let lines = splitLines(text);
  const edits: RecoveryEdit[] = [];
  let verdict = rejection;
  const fenced = fenceEdits(lines);
  if (fenced.length > 0) {
    lines = fenced.reduce(applyEdit, lines);
    edits.push(...fenced);
    verdict = await parse(lines.join('\n'));
  }
  const codeLines = codeLineCount(lines);
  let proseLines = 0;
  for (let round = 0; !verdict.ok; round += 1) {
    if (round >= limits.maxEdits) return undefined;
    const edit = nextEdit(lines, verdict);
    if (edit === undefined) return undefined;
    const next = applyEdit(lines, edit);
    if (next.every((line, index) => line === lines[index])) return undefined;
    if (edit.reason === 'prose') {
      proseLines += codeLineCount(lines, edit.startLine, edit.endLine);
      if (proseLines > codeLines * limits.maxProseShare) return undefined;
    }
    lines = next;
    edits.push(edit);
    verdict = await parse(lines.join('\n'));
  }
  return edits.length === 0 ? undefined : { text: lines.join('\n'), recovery: { edits } };
}

// Finding fingerprints: sha256 of rule + normalized flagged statement + enclosing scope (+ occurrence index among
// identical keys). Adding unrelated lines above a finding moves its line but keeps its fingerprint, so iterations can
// say which findings were fixed, which are new and which persist.
import { createHash } from 'node:crypto';

import {
  enclosingScope,
  parsePython,
  statementAtLine,
  statementHeaderText,
  type SyntaxTree,
} from '../python-syntax/index.js';

/** Names the fingerprint algorithm; bump it with any change below, so stored fingerprints are recomputed. */
export const fingerprintScheme = 'statement-scope-occurrence/1';

export interface LocatedRule {
  readonly ruleId: string;
  readonly line: number;
}

/** Layout-insensitive: whitespace runs fold, and whitespace next to punctuation goes. */
function normalizeCode(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*([()[\]{},:.=+\-*/%<>!&|^~@;])\s*/g, '$1')
    .trim();
}

export function statementKey(
  tree: SyntaxTree,
  lines: readonly string[],
  line: number,
): { code: string; scope: string } {
  const lineText = lines[line - 1] ?? '';
  const statement = statementAtLine(tree, line, lineText);
  const code = normalizeCode(statement ? statementHeaderText(statement) : lineText);
  return { code, scope: enclosingScope(statement) };
}

/** Fingerprints for findings of one file, in the order given. Parses the file once. */
export function fingerprintFindings(text: string, located: readonly LocatedRule[], tree?: SyntaxTree): string[] {
  if (located.length === 0) return [];
  const parsed = tree ?? parsePython(text);
  const lines = text.split(/\r?\n/);
  const seen = new Map<string, number>();
  const order = located
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.line - b.item.line || a.index - b.index);
  const result = new Array<string>(located.length);
  for (const { item, index } of order) {
    const { code, scope } = statementKey(parsed, lines, item.line);
    const key = `${item.ruleId}\n${scope}\n${code}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[index] = createHash('sha256').update(`${key}\n${occurrence}`).digest('hex').slice(0, 24);
  }
  return result;
}

/** Source lines [line, endLine] (1-based, inclusive), capped so one finding cannot carry a whole file. */
export function snippetOf(text: string, line: number, endLine: number, maxLines = 6): string {
  const lines = text.split(/\r?\n/);
  const last = Math.min(endLine, line + maxLines - 1, lines.length);
  return lines.slice(Math.max(0, line - 1), Math.max(line, last)).join('\n');
}

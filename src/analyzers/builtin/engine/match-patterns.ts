// The syntax of `match` statements the flow engine reads: a case clause's subject, the names its pattern captures, and
// what a successful match says about the subject (one of a few literals, an instance of a class), so the CFG can treat
// the cases as an if/elif chain and the guards can narrow the subject inside a case.
import { childByField, namedChildren, type PlainNode } from '../../../python-syntax/index.js';

/** The `match` subject of a case clause (clause → block → match_statement). */
export function caseSubject(clause: PlainNode): PlainNode | undefined {
  const statement = clause.parent?.parent;
  return statement?.type === 'match_statement' ? childByField(statement, 'subject') : undefined;
}

export function casePatterns(clause: PlainNode): PlainNode[] {
  return namedChildren(clause).filter((child) => child.type === 'case_pattern');
}

/** A pattern that is one bare name (`case x:`) binds the whole subject: the name that aliases it. */
export function wholeSubjectCapture(clause: PlainNode): PlainNode | undefined {
  const patterns = casePatterns(clause);
  const only = patterns.length === 1 ? namedChildren(patterns[0] ?? clause) : [];
  const inner = only.length === 1 ? only[0] : undefined;
  if (inner?.type === 'dotted_name' && namedChildren(inner).length === 1) return namedChildren(inner)[0];
  if (inner?.type === 'as_pattern') {
    const alias = namedChildren(inner).find((child) => child.type === 'identifier' && child.field !== undefined);
    return (
      alias ??
      namedChildren(inner)
        .filter((child) => child.type === 'identifier')
        .pop()
    );
  }
  return undefined;
}

/** `case _:` or `case x:` with no guard: matches every subject, so no later case and no fall-through is reachable.
 * `ignoringGuard`: the pattern alone always matches. */
export function irrefutable(clause: PlainNode, ignoringGuard = false): boolean {
  if (!ignoringGuard && childByField(clause, 'guard')) return false;
  const patterns = casePatterns(clause);
  if (patterns.length !== 1) return false;
  const inner = namedChildren(patterns[0] ?? clause);
  if (inner.length === 0) return true;
  const only = inner.length === 1 ? inner[0] : undefined;
  return only?.type === 'dotted_name' && namedChildren(only).length === 1;
}

/** Every name the pattern binds (captures at any depth, `as` aliases, `*rest`, `**rest`). Value patterns (`Color.RED`,
 * dotted names of two or more parts) and class names bind nothing. */
export function caseCaptures(clause: PlainNode): PlainNode[] {
  const found: PlainNode[] = [];
  const stack = casePatterns(clause);
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'dotted_name') {
      const parts = namedChildren(node);
      const first = parts[0];
      if (parts.length === 1 && first && node.parent?.type !== 'class_pattern') found.push(first);
      continue;
    }
    if (node.type === 'identifier') {
      found.push(node);
      continue;
    }
    if (node.type === 'string' || node.type === 'integer' || node.type === 'float') continue;
    stack.push(...namedChildren(node));
  }
  return found;
}

function literalPattern(node: PlainNode): boolean {
  if (['string', 'integer', 'float', 'true', 'false', 'none', 'concatenated_string'].includes(node.type))
    return !node.children.some((child) => child.type === 'interpolation');
  // `-1` and `1 + 2j` are literal patterns too.
  if (node.type === 'unary_operator' || node.type === 'binary_operator' || node.type === 'complex_pattern')
    return namedChildren(node).every(literalPattern);
  return false;
}

/** A pattern of literals only (`case "a" | "b":`): on a match the subject equals one of the program's literals. */
export function literalAlternatives(clause: PlainNode): boolean {
  const patterns = casePatterns(clause);
  if (patterns.length !== 1) return false;
  const inner = namedChildren(patterns[0] ?? clause);
  let only = inner.length === 1 ? inner[0] : undefined;
  // `case "a" | "b" as name:` matches the same literals and binds the subject to the alias.
  if (only?.type === 'as_pattern') only = namedChildren(namedChildren(only)[0] ?? only)[0];
  if (!only) return false;
  const alternatives = only.type === 'union_pattern' ? namedChildren(only) : [only];
  return alternatives.length > 0 && alternatives.every(literalPattern);
}

/** `case int():` / `case int(n) | float(n):` → the class names the subject must be an instance of. */
export function classAlternatives(clause: PlainNode, text: (node: PlainNode) => string): string[] | undefined {
  const patterns = casePatterns(clause);
  if (patterns.length !== 1) return undefined;
  const inner = namedChildren(patterns[0] ?? clause);
  let only = inner.length === 1 ? inner[0] : undefined;
  if (only?.type === 'as_pattern') only = namedChildren(namedChildren(only)[0] ?? only)[0];
  if (!only) return undefined;
  const alternatives = only.type === 'union_pattern' ? namedChildren(only) : [only];
  const names: string[] = [];
  for (const alternative of alternatives) {
    const pattern = alternative.type === 'case_pattern' ? namedChildren(alternative)[0] : alternative;
    if (pattern?.type !== 'class_pattern') return undefined;
    const name = namedChildren(pattern).find((child) => child.type === 'dotted_name');
    if (!name) return undefined;
    names.push(text(name));
  }
  return names;
}

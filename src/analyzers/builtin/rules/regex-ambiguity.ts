// A repeated alternation whose branches can match the same text, `(\d|\d\d)+` or `(\w|\d)*`: a near-miss input has
// exponentially many ways to be split among the branches, and a backtracking engine tries them all (ReDoS,
// CWE-1333). Only the cases that are ambiguous by construction are recognised, so the check cannot fire on a
// repeated alternation with a unique parse such as `(a|ab)*` or `(cat|dog)+`:
// - two branches that are one atom each and share a character (`\w` and `\d`, `.` and `x`, the same atom twice);
// - two branches that repeat one and the same atom a different number of times (`a` and `aa`).

/** A group of plain alternatives (no nested group, no quantifier inside) that is itself repeated. */
const repeatedAlternation = /\((?:\?:)?((?:[^()\\|*+?{]|\\.)+(?:\|(?:[^()\\|*+?{]|\\.)+)+)\)(?:[+*]|\{\d*,\d*\})/g;

/** Atoms: an escape, a bracket class, or one character. */
function atoms(branch: string): string[] | undefined {
  const found: string[] = [];
  let index = 0;
  while (index < branch.length) {
    const char = branch[index] ?? '';
    if (char === '\\') {
      found.push(branch.slice(index, index + 2));
      index += 2;
    } else if (char === '[') {
      const end = branch.indexOf(']', index + 2);
      if (end < 0) return undefined;
      found.push(branch.slice(index, end + 1));
      index = end + 1;
    } else {
      found.push(char);
      index += 1;
    }
  }
  return found;
}

const wordLiteral = /^[A-Za-z0-9_]$/;

/** Whether some one character matches both atoms (a conservative table: unknown pairs do not overlap). */
function overlap(a: string, b: string): boolean {
  if (a === b) return true;
  const pair = (x: string, y: string): boolean =>
    (x === '.' && y !== '\\n') ||
    (x === '\\w' && (y === '\\d' || wordLiteral.test(y))) ||
    (x === '\\S' && (y === '\\d' || y === '\\w' || (y.length === 1 && /\S/.test(y) && y !== '.'))) ||
    (x === '\\d' && /^[0-9]$/.test(y));
  return pair(a, b) || pair(b, a);
}

export function ambiguousRepetition(pattern: string): boolean {
  for (const match of pattern.matchAll(repeatedAlternation)) {
    const branches = (match[1] ?? '').split(/(?<!\\)\|/).map(atoms);
    if (branches.some((branch) => branch === undefined || branch.length === 0)) continue;
    const parsed = branches as string[][];
    for (let i = 0; i < parsed.length; i++)
      for (let j = i + 1; j < parsed.length; j++) {
        const a = parsed[i] ?? [];
        const b = parsed[j] ?? [];
        if (a.length === 1 && b.length === 1 && overlap(a[0] ?? '', b[0] ?? '')) return true;
        const single = (atomList: string[]): boolean => atomList.every((atom) => atom === atomList[0]);
        if (single(a) && single(b) && a[0] === b[0] && a.length !== b.length) return true;
      }
  }
  return false;
}

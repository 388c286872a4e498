// A held-out challenge corpus for the builtin analyzer: LLM-style Python written independently of the labelled set,
// vulnerable and safe variants of the same tasks plus neutral everyday code. Each `.txt` file holds snippets separated
// by `# ==== <id> <vuln|safe|neutral> [cwe] [allow:<rule id>]...` headers.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type ChallengeLabel = 'vuln' | 'safe' | 'neutral';

export interface ChallengeSnippet {
  readonly id: string;
  readonly label: ChallengeLabel;
  /** The weakness the snippet is about (the task's CWE); null for neutral code. */
  readonly cwe: number | null;
  readonly file: string;
  readonly code: string;
  /** Rules a safe or neutral snippet may still raise, each for a reason given where the header names it. */
  readonly allowed: readonly string[];
}

/** Same relative path from src/ (tests) and dist/ (the eval CLI): both sit two levels under the package root. */
export const challengeDirectory = fileURLToPath(
  new URL('../../../../src/analyzers/builtin/challenge/', import.meta.url),
);

const header = /^# ==== (\S+) (vuln|safe|neutral)(?: (\d+))?((?: allow:\S+)*)\s*$/;

export function parseChallengeFile(file: string, text: string): ChallengeSnippet[] {
  const snippets: ChallengeSnippet[] = [];
  let current:
    { id: string; label: ChallengeLabel; cwe: number | null; allowed: string[]; lines: string[] } | undefined;
  const flush = (): void => {
    if (current)
      snippets.push({
        id: current.id,
        label: current.label,
        cwe: current.cwe,
        allowed: current.allowed,
        file,
        code: current.lines.join('\n').trimEnd() + '\n',
      });
  };
  for (const line of text.split('\n')) {
    const match = header.exec(line);
    if (match) {
      flush();
      const label = match[2] as ChallengeLabel;
      current = {
        id: match[1] ?? '',
        label,
        cwe: match[3] === undefined ? null : Number(match[3]),
        allowed: (match[4] ?? '').split(' allow:').filter(Boolean),
        lines: [],
      };
    } else current?.lines.push(line);
  }
  flush();
  return snippets;
}

export function loadChallengeCorpus(directory: string = challengeDirectory): ChallengeSnippet[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .flatMap((name) => parseChallengeFile(name, readFileSync(join(directory, name), 'utf8')));
}

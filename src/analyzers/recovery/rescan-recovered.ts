// One recovery for every engine: the Bandit engine recovers the code of a file Python rejected (it holds the parser);
// the other members of a union, which scanned the file as given, scan that same recovered code again, so the union's
// findings for the file all come from one program. Only rejected files with a recovery are scanned twice.
import { snippetOf } from '../fingerprint.js';
import type { Analyzer, CodeRecovery, FileScanResult, ScanOptions, SourceFile } from '../types.js';
import { recoveredText } from './recovery-policy.js';

/** The recovery one member found for each file, if any. */
function recoveries(perMember: readonly (readonly FileScanResult[])[], count: number): (CodeRecovery | undefined)[] {
  return Array.from(
    { length: count },
    (_, index) => perMember.find((results) => results[index]?.recovery)?.[index]?.recovery,
  );
}

/** Each member's results, with those of a recovered file it read as given replaced by its scan of the recovered code
 * (findings at the same lines; snippets from the original text, which the user has). */
export async function rescanRecovered(
  members: readonly Analyzer[],
  files: readonly SourceFile[],
  perMember: readonly (readonly FileScanResult[])[],
  options?: ScanOptions,
): Promise<(readonly FileScanResult[])[]> {
  const found = recoveries(perMember, files.length);
  if (found.every((recovery) => recovery === undefined)) return [...perMember];
  return Promise.all(
    members.map(async (member, memberIndex) => {
      const own = perMember[memberIndex] ?? [];
      const stale = files
        .map((_, index) => index)
        .filter((index) => found[index] !== undefined && own[index] !== undefined && own[index].recovery === undefined)
        .filter((index) => own[index]?.status !== 'error');
      if (stale.length === 0) return own;
      const again = await member.scan(
        stale.map((index) => {
          const file = files[index] as SourceFile;
          return { path: file.path, text: recoveredText(file.text, found[index] as CodeRecovery) };
        }),
        options,
      );
      const merged = [...own];
      stale.forEach((index, position) => {
        const result = again[position];
        const file = files[index];
        const recovery = found[index];
        if (result === undefined || file === undefined || recovery === undefined || result.status !== 'ok') return;
        merged[index] = {
          ...result,
          findings: result.findings.map((finding) => ({
            ...finding,
            snippet: snippetOf(file.text, finding.line, finding.endLine),
          })),
          recovery,
        };
      });
      return merged;
    }),
  );
}

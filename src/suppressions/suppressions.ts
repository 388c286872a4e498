// Human suppressions: `# fdsp: ignore[RULE-ID] reason` (several ids comma-separated) silences those rules on the
// lines of the statement it sits on, and only with a reason; a suppression without one is reported, not honoured.
// Comments are found with tree-sitter, so the same text inside a string is not a suppression. They are read from the
// person's file as it was scanned and never from model output: a repair's verification scans leave aside exactly the
// fingerprints suppressed here (the pipeline's guards reject candidates that add suppressions of their own).
import type { FileScanResult, Finding } from '../analyzers/types.js';
import { parsePython } from '../python-syntax/index.js';

export interface SuppressionComment {
  readonly line: number;
  readonly ruleIds: readonly string[];
  /** Empty when none was given: such a comment is not honoured. */
  readonly reason: string;
}

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface UnjustifiedSuppression {
  readonly path: string;
  readonly line: number;
  readonly ruleIds: readonly string[];
}

export interface SuppressionOutcome {
  readonly results: FileScanResult[];
  readonly suppressed: SuppressedFinding[];
  /** Comments that name rules but give no reason. */
  readonly unjustified: UnjustifiedSuppression[];
}

const pattern = /^#\s*fdsp:\s*ignore\[([^\]]*)\](.*)$/i;

/** The suppression comments of one file, in line order. */
export function parseSuppressions(text: string): SuppressionComment[] {
  if (!/fdsp:\s*ignore\[/i.test(text)) return [];
  const comments = parsePython(text).rootNode.descendantsOfType('comment');
  return comments.flatMap((node) => {
    const match = pattern.exec(node.text.trim());
    if (!match) return [];
    const ruleIds = (match[1] ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (ruleIds.length === 0) return [];
    return [{ line: node.startPosition.row + 1, ruleIds, reason: (match[2] ?? '').trim().replace(/^[-—:]\s*/, '') }];
  });
}

/** Leave aside findings a justified comment suppresses; `sources` maps a scanned path to its text. */
export function applySuppressions(
  results: readonly FileScanResult[],
  sources: ReadonlyMap<string, string>,
): SuppressionOutcome {
  const suppressed: SuppressedFinding[] = [];
  const unjustified: UnjustifiedSuppression[] = [];
  const kept = results.map((result) => {
    const text = sources.get(result.path);
    const comments = text === undefined ? [] : parseSuppressions(text);
    if (comments.length === 0) return result;
    for (const comment of comments) {
      if (comment.reason === '') unjustified.push({ path: result.path, line: comment.line, ruleIds: comment.ruleIds });
    }
    const justified = comments.filter((comment) => comment.reason !== '');
    const findings = result.findings.filter((finding) => {
      const match = justified.find(
        (comment) =>
          comment.line >= finding.line &&
          comment.line <= Math.max(finding.line, finding.endLine) &&
          comment.ruleIds.some((id) => id.toLowerCase() === finding.ruleId.toLowerCase()),
      );
      if (match) suppressed.push({ finding, reason: match.reason });
      return match === undefined;
    });
    return { ...result, findings };
  });
  return { results: kept, suppressed, unjustified };
}

// The text lines for what a project run left aside (baseline, suppressions), printed after the scan summary so the
// count of known findings is never hidden.
import type { LeftAside } from './scan-report.js';

export function renderLeftAsideText(leftAside: LeftAside | undefined): string {
  if (leftAside === undefined) return '';
  const out: string[] = [];
  if (leftAside.baseline !== undefined) {
    const known = leftAside.baseline.known;
    out.push(
      `${String(known)} known finding${known === 1 ? '' : 's'} left aside by the baseline ${leftAside.baseline.file}`,
    );
  }
  if (leftAside.suppressed.length > 0) {
    out.push(`${String(leftAside.suppressed.length)} suppressed:`);
    for (const finding of leftAside.suppressed) {
      out.push(`  ${finding.path}:${String(finding.line)} ${finding.ruleId} — ${finding.reason}`);
    }
  }
  for (const comment of leftAside.unjustified) {
    out.push(
      `${comment.path}:${String(comment.line)}: fdsp: ignore[${comment.ruleIds.join(',')}] has no reason, so it is not honoured (add one after the bracket)`,
    );
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

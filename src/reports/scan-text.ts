// Human-readable scan output, grouped by file; colors only when asked (the CLI asks on a TTY).
import { createColors } from 'picocolors';

import { isBlocking } from '../analyzers/policy/index.js';
import type { CodeRecovery, Finding, RecoveryEdit, Severity } from '../analyzers/types.js';
import type { ScanReport } from './scan-report.js';

type Colors = ReturnType<typeof createColors>;

function paintSeverity(colors: Colors, severity: Severity): string {
  const label = severity.padEnd(6);
  if (severity === 'high') return colors.red(colors.bold(label));
  if (severity === 'medium') return colors.yellow(label);
  return colors.dim(label);
}

function renderFinding(colors: Colors, finding: Finding): string[] {
  const cwe = finding.cwe === null ? '' : `CWE-${finding.cwe}`;
  const head = `  ${String(finding.line).padStart(4)}  ${paintSeverity(colors, finding.severity)} ${finding.ruleId.padEnd(5)} ${cwe.padEnd(8)} ${finding.message}`;
  // Advisory findings (oracle policy) are shown, marked, and do not fail the scan.
  const advisory = isBlocking(finding) ? '' : ', advisory';
  const meta = colors.dim(`[${finding.analyzer}, confidence ${finding.confidence}${advisory}]`);
  const lines = [`${head} ${meta}`];
  const firstLine = finding.snippet.split('\n')[0]?.trim();
  if (firstLine)
    lines.push(colors.dim(`        | ${firstLine.length > 140 ? `${firstLine.slice(0, 137)}...` : firstLine}`));
  if (finding.fixHint) lines.push(colors.cyan(`        fix: ${finding.fixHint}`));
  return lines;
}

const editNames: Readonly<Record<RecoveryEdit['reason'], string>> = {
  'outside-fence': 'text outside Markdown fences blanked',
  prose: 'prose blanked',
  indent: 'indentation removed',
  'python2-print': 'Python 2 print rewritten',
};

/** `prose blanked (lines 1-2, 30), indentation removed (line 3)`: the edits by reason, with their lines. */
export function describeRecovery(recovery: CodeRecovery): string {
  const byReason = new Map<RecoveryEdit['reason'], string[]>();
  for (const edit of recovery.edits) {
    const span = edit.startLine === edit.endLine ? String(edit.startLine) : `${edit.startLine}-${edit.endLine}`;
    byReason.set(edit.reason, [...(byReason.get(edit.reason) ?? []), span]);
  }
  return [...byReason]
    .map(([reason, spans]) => {
      const single = spans.length === 1 && !spans[0]?.includes('-');
      return `${editNames[reason]} (line${single ? '' : 's'} ${spans.join(', ')})`;
    })
    .join(', ');
}

export function renderScanText(report: ScanReport, options: { color: boolean }): string {
  const colors = createColors(options.color);
  const out: string[] = [];
  for (const file of report.files) {
    if (file.status === 'syntax-error') {
      const where = file.error?.line ? ` at line ${file.error.line}` : '';
      out.push(`${colors.bold(file.path)}  ${colors.magenta(`syntax error${where}: ${file.error?.message ?? ''}`)}`);
      // The findings of the code recovered from it (or, from an engine that reads broken code, of the file itself).
      if (file.findings.length === 0) continue;
      if (file.recovery) out.push(colors.dim(`  findings in the recovered code: ${describeRecovery(file.recovery)}`));
      for (const finding of file.findings) out.push(...renderFinding(colors, finding));
      out.push('');
      continue;
    }
    if (file.status === 'error') {
      out.push(`${colors.bold(file.path)}  ${colors.red(`error: ${file.error?.message ?? 'unknown'}`)}`);
      continue;
    }
    if (file.findings.length === 0) continue;
    out.push(colors.bold(colors.underline(file.path)));
    for (const finding of file.findings) out.push(...renderFinding(colors, finding));
    out.push('');
  }
  const summary = report.summary;
  const parts = [
    `${summary.files} file${summary.files === 1 ? '' : 's'} scanned`,
    `${summary.findings} finding${summary.findings === 1 ? '' : 's'} (${summary.bySeverity.high} high, ${summary.bySeverity.medium} medium, ${summary.bySeverity.low} low) in ${summary.filesWithFindings} file${summary.filesWithFindings === 1 ? '' : 's'}`,
  ];
  if (summary.advisory > 0) parts.push(`${String(summary.advisory)} advisory (${report.policy} policy)`);
  if (summary.syntaxErrors > 0) parts.push(`${summary.syntaxErrors} with syntax errors`);
  if (summary.errors > 0) parts.push(`${summary.errors} not scanned`);
  const line = parts.join(', ');
  out.push(summary.blocking === 0 && summary.syntaxErrors === 0 && summary.errors === 0 ? colors.green(line) : line);
  return `${out.join('\n')}\n`;
}

// Analyzer findings rendered for a model. Two shapes: the Bandit-style report FDSP and its baselines feed back
// (rule, message, severity, line, code), and the agent study's CWE phrasing ("vulnerable to CWE-89 (…)").
import type { Finding } from '../analyzers/types.js';
import { describeCwe } from './cwe-names.js';

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordered(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}

/** Close to Bandit's own text output, one block per finding; builtin rules add their fix hint. */
export function formatAnalyzerReport(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No issues identified.';
  return ordered(findings)
    .map((finding) => {
      const lines = [
        `>> Issue: [${finding.ruleId}:${finding.ruleName}] ${finding.message}`,
        `   Severity: ${capitalized(finding.severity)}   Confidence: ${capitalized(finding.confidence)}` +
          (finding.cwe === null ? '' : `   CWE: CWE-${String(finding.cwe)}`),
        `   Location: line ${String(finding.line)}`,
        ...finding.snippet.split('\n').map((text, offset) => `${String(finding.line + offset)}\t${text}`),
      ];
      if (finding.fixHint !== undefined) lines.push(`   Fix hint: ${finding.fixHint}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** The agent study's phrasing: each finding with its CWE id and MITRE name. */
export function formatCweFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No issues identified.';
  return ordered(findings)
    .map((finding) => {
      const weakness = finding.cwe === null ? `a weakness flagged by ${finding.ruleId}` : describeCwe(finding.cwe);
      const code = finding.snippet.split('\n')[0]?.trim() ?? '';
      const hint = finding.fixHint === undefined ? '' : ` Fix hint: ${finding.fixHint}`;
      return `- Line ${String(finding.line)} (\`${code}\`) is vulnerable to ${weakness}: ${finding.message}${hint}`;
    })
    .join('\n');
}

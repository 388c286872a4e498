// SARIF 2.1.0 for scan results: one run per analyzer, CWE as a taxonomy (taxa referenced by rules and results),
// fingerprints as partialFingerprints, unreadable files as tool execution notifications.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { cweName } from '../analyzers/cwe-names.js';
import { isBlocking, type OraclePolicy } from '../analyzers/policy/index.js';
import type { FileScanResult, Finding, Severity } from '../analyzers/types.js';
import type { ScanReport, SuppressedFindingReport } from './scan-report.js';
import { describeRecovery } from './scan-text.js';

export interface SarifReplacement {
  readonly deletedRegion: { readonly startLine: number; readonly endLine?: number };
  readonly insertedContent: { readonly text: string };
}

export interface SarifFix {
  readonly description: { readonly text: string };
  readonly artifactChanges: readonly {
    readonly artifactLocation: { readonly uri: string };
    readonly replacements: readonly SarifReplacement[];
  }[];
}

export interface SarifOptions {
  /** Fixes to attach to every result of a file (used by `fdsp fix --format sarif`). */
  readonly fixesFor?: (filePath: string) => readonly SarifFix[] | undefined;
}

const sarifSchema = 'https://json.schemastore.org/sarif-2.1.0.json';
const cweTaxonomy = 'CWE';

/** A URI reference for a path: relative paths stay relative (percent-encoded), absolute ones become file: URLs. */
export function artifactUri(filePath: string): string {
  if (path.isAbsolute(filePath)) return pathToFileURL(filePath).href;
  return filePath.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note';
}

/**
 * SARIF's own split (§3.27.9): a blocking finding is a `fail` at its severity's level; an advisory one (oracle policy)
 * is `review` — "requires review by a human user to decide if it represents a problem" — whose level must be `none`.
 */
function verdict(finding: Finding): { kind: 'fail' | 'review'; level: 'error' | 'warning' | 'note' | 'none' } {
  return isBlocking(finding) ? { kind: 'fail', level: level(finding.severity) } : { kind: 'review', level: 'none' };
}

function cweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, '0')}`;
}

interface RuleEntry {
  readonly finding: Finding;
  readonly index: number;
}

const informationUris: Readonly<Record<string, string>> = {
  bandit: 'https://bandit.readthedocs.io/',
  ruff: 'https://docs.astral.sh/ruff/',
  semgrep: 'https://semgrep.dev/',
};

/** The baseline that left findings aside and, with `--changed`, what the files were compared with. */
function invocationProperties(
  leftAside: ScanReport['leftAside'],
  changedAgainst: string | undefined,
): { properties?: Record<string, unknown> } {
  const properties: Record<string, unknown> = {
    ...(leftAside?.baseline === undefined
      ? {}
      : { baseline: leftAside.baseline.file, knownFindingsLeftAside: leftAside.baseline.known }),
    ...(changedAgainst === undefined ? {} : { changedAgainst }),
  };
  return Object.keys(properties).length === 0 ? {} : { properties };
}

function buildRun(
  analyzer: string,
  version: string,
  files: readonly FileScanResult[],
  options: SarifOptions,
  policy: OraclePolicy,
  leftAside: ScanReport['leftAside'],
  changedAgainst: string | undefined,
): Record<string, unknown> {
  const rules = new Map<string, RuleEntry>();
  const active = files.flatMap((file) => file.findings.filter((finding) => finding.analyzer === analyzer));
  // People's suppressions stay in the log as suppressed results (SARIF §3.27.23), as code scanning expects.
  const suppressed = (leftAside?.suppressed ?? []).filter((finding) => finding.analyzer === analyzer);
  const reasons = new Map<Finding, string>(
    suppressed.map((finding: SuppressedFindingReport) => [finding, finding.reason]),
  );
  const findings: Finding[] = [...active, ...suppressed];
  for (const finding of findings) {
    if (!rules.has(finding.ruleId)) rules.set(finding.ruleId, { finding, index: rules.size });
  }
  const cwes = [...new Set(findings.map((finding) => finding.cwe).filter((cwe): cwe is number => cwe !== null))].sort(
    (a, b) => a - b,
  );
  // Findings of a file Python rejected come from its recovered code (analyzers/recovery): said on each result.
  const recovered = new Set(files.filter((file) => file.recovery !== undefined).map((file) => file.path));
  const results = findings.map((finding) => {
    const fixes = options.fixesFor?.(finding.path);
    return {
      ruleId: finding.ruleId,
      ruleIndex: rules.get(finding.ruleId)?.index ?? 0,
      ...verdict(finding),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(finding.path) },
            region: {
              startLine: finding.line,
              endLine: Math.max(finding.line, finding.endLine),
              snippet: { text: finding.snippet },
            },
          },
        },
      ],
      partialFingerprints: { 'fdspFingerprint/v1': finding.fingerprint },
      ...(finding.cwe === null ? {} : { taxa: [{ id: String(finding.cwe), toolComponent: { name: cweTaxonomy } }] }),
      properties: {
        severity: finding.severity,
        confidence: finding.confidence,
        blocking: isBlocking(finding),
        ...(recovered.has(finding.path) ? { recoveredCode: true } : {}),
        ...(finding.fixHint ? { fixHint: finding.fixHint } : {}),
      },
      ...(fixes && fixes.length > 0 ? { fixes } : {}),
      // Against a baseline every reported result is new; the known ones are left out of the log.
      ...(leftAside?.baseline === undefined ? {} : { baselineState: 'new' }),
      ...(reasons.has(finding) ? { suppressions: [{ kind: 'inSource', justification: reasons.get(finding) }] } : {}),
    };
  });
  const notifications = files
    .filter((file) => file.status !== 'ok')
    .map((file) => ({
      level: file.status === 'error' ? 'error' : 'warning',
      message: {
        text: `${file.status === 'syntax-error' ? 'syntax error' : 'not scanned'}: ${file.error?.message ?? ''}${
          file.recovery ? `; results come from the recovered code: ${describeRecovery(file.recovery)}` : ''
        }`,
      },
      ...(file.recovery ? { properties: { recovery: file.recovery } } : {}),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(file.path) },
            ...(file.error?.line ? { region: { startLine: file.error.line } } : {}),
          },
        },
      ],
    }));
  return {
    tool: {
      driver: {
        name: analyzer,
        version,
        informationUri: informationUris[analyzer] ?? 'https://github.com/',
        rules: [...rules.values()].map(({ finding }) => ({
          id: finding.ruleId,
          name: finding.ruleName,
          shortDescription: { text: finding.ruleName },
          fullDescription: { text: finding.message },
          ...(finding.fixHint ? { help: { text: finding.fixHint } } : {}),
          properties: { tags: ['security', ...(finding.cwe === null ? [] : [cweTag(finding.cwe)])] },
          ...(finding.cwe === null
            ? {}
            : {
                relationships: [
                  { target: { id: String(finding.cwe), toolComponent: { name: cweTaxonomy } }, kinds: ['superset'] },
                ],
              }),
        })),
        supportedTaxonomies: [{ name: cweTaxonomy }],
      },
    },
    taxonomies: [
      {
        name: cweTaxonomy,
        organization: 'MITRE',
        informationUri: 'https://cwe.mitre.org/',
        shortDescription: { text: 'The MITRE Common Weakness Enumeration' },
        taxa: cwes.map((cwe) => ({
          id: String(cwe),
          name: `CWE-${cwe}`,
          ...(cweName(cwe) ? { shortDescription: { text: cweName(cwe) } } : {}),
          helpUri: `https://cwe.mitre.org/data/definitions/${cwe}.html`,
        })),
      },
    ],
    invocations: [
      {
        executionSuccessful: files.every((file) => file.status !== 'error'),
        toolExecutionNotifications: notifications,
        ...invocationProperties(leftAside, changedAgainst),
      },
    ],
    results,
    properties: { policy },
  };
}

export function toSarif(report: ScanReport, options: SarifOptions = {}): Record<string, unknown> {
  const analyzers =
    report.tool.analyzers.length > 0 ? report.tool.analyzers : [{ name: 'fdsp', version: report.tool.version }];
  return {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: analyzers.map((analyzer) =>
      buildRun(
        analyzer.name,
        analyzer.version,
        report.files,
        options,
        report.policy,
        report.leftAside,
        report.changedAgainst,
      ),
    ),
  };
}

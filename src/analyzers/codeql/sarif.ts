// Parsing CodeQL SARIF (2.1.0) into fdsp findings. The CWE comes from the rule's `properties.tags`
// (`external/cwe/cwe-089`).
import { z } from 'zod';

import { fingerprintFindings } from '../fingerprint.js';
import type { Finding, Severity } from '../types.js';
import { cweFromTags, type ParseResult } from '../semgrep/semgrep-output.js';

const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    shortDescription: z.object({ text: z.string() }).optional(),
    properties: z
      .object({
        tags: z.array(z.string()).default([]),
        'security-severity': z.string().optional(),
        precision: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const resultSchema = z
  .object({
    ruleId: z.string().optional(),
    rule: z.object({ id: z.string().optional(), index: z.number().int().optional() }).optional(),
    level: z.string().optional(),
    message: z.object({ text: z.string() }),
    locations: z
      .array(
        z.object({
          physicalLocation: z.object({
            artifactLocation: z.object({ uri: z.string() }),
            region: z.object({ startLine: z.number().int(), endLine: z.number().int().optional() }).optional(),
          }),
        }),
      )
      .default([]),
  })
  .loose();

const sarifSchema = z.object({
  runs: z.array(
    z.object({
      tool: z.object({
        driver: z.object({ name: z.string(), rules: z.array(ruleSchema).default([]) }).loose(),
        extensions: z.array(z.object({ rules: z.array(ruleSchema).default([]) }).loose()).default([]),
      }),
      results: z.array(resultSchema).default([]),
    }),
  ),
});

export type Sarif = z.infer<typeof sarifSchema>;

export function parseSarif(json: string): ParseResult<Sarif> {
  let data: unknown;
  try {
    data = JSON.parse(json) as unknown;
  } catch (error: unknown) {
    return { ok: false, error: `SARIF is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = sarifSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: `unexpected SARIF: ${parsed.error.message}` };
}

function severityOf(level: string | undefined, securitySeverity: string | undefined): Severity {
  const score = securitySeverity === undefined ? Number.NaN : Number(securitySeverity);
  if (!Number.isNaN(score)) return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : 'low';
}

/** Findings whose artifact URI is `uriSuffix` or ends with `/uriSuffix` (CodeQL reports paths relative to the source root). */
export function sarifFindings(sarif: Sarif, path: string, text: string, uriSuffix = path): Finding[] {
  const located: { finding: Omit<Finding, 'fingerprint'> }[] = [];
  for (const run of sarif.runs) {
    const rules = [...run.tool.driver.rules, ...run.tool.extensions.flatMap((extension) => extension.rules)];
    for (const result of run.results) {
      const location = result.locations[0]?.physicalLocation;
      const uri = location?.artifactLocation.uri;
      if (!location || !uri || (uri !== uriSuffix && !uri.endsWith(`/${uriSuffix}`))) continue;
      const ruleId = result.ruleId ?? result.rule?.id ?? '?';
      const rule =
        rules.find((candidate) => candidate.id === ruleId) ??
        (result.rule?.index === undefined ? undefined : rules[result.rule.index]);
      const line = location.region?.startLine ?? 1;
      const endLine = location.region?.endLine ?? line;
      located.push({
        finding: {
          analyzer: 'codeql',
          ruleId,
          ruleName: rule?.name ?? ruleId,
          cwe: cweFromTags(rule?.properties?.tags ?? []),
          severity: severityOf(result.level, rule?.properties?.['security-severity']),
          confidence:
            rule?.properties?.precision === 'very-high' || rule?.properties?.precision === 'high' ? 'high' : 'medium',
          message: result.message.text,
          path,
          line,
          endLine,
          snippet: text
            .split(/\r?\n/)
            .slice(line - 1, endLine)
            .join('\n'),
        },
      });
    }
  }
  const fingerprints = fingerprintFindings(
    text,
    located.map(({ finding }) => ({ ruleId: finding.ruleId, line: finding.line })),
  );
  return located.map(({ finding }, index) => ({ ...finding, fingerprint: fingerprints[index] ?? '' }));
}

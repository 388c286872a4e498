// Parsing `semgrep --json` output into fdsp findings. The CWE comes from the rule metadata (`cwe: ["CWE-89: ..."]`).
import { z } from 'zod';

import { fingerprintFindings } from '../fingerprint.js';
import type { Confidence, Finding, Severity } from '../types.js';

const resultSchema = z.object({
  check_id: z.string(),
  path: z.string(),
  start: z.object({ line: z.number().int() }),
  end: z.object({ line: z.number().int() }),
  extra: z.object({
    message: z.string().default(''),
    severity: z.string().default('WARNING'),
    lines: z.string().optional(),
    metadata: z
      .object({
        cwe: z.union([z.string(), z.array(z.string())]).optional(),
        confidence: z.string().optional(),
      })
      .loose()
      .optional(),
  }),
});

const errorSchema = z
  .object({ type: z.unknown().optional(), message: z.string().optional(), path: z.string().optional() })
  .loose();

const outputSchema = z.object({
  results: z.array(resultSchema),
  errors: z.array(z.union([errorSchema, z.unknown()])).default([]),
  version: z.string().optional(),
});

export type SemgrepOutput = z.infer<typeof outputSchema>;

/** The first CWE number in `CWE-89: ...`, `CWE-089`, `external/cwe/cwe-089`; null when none. */
export function cweFromTags(tags: readonly string[]): number | null {
  for (const tag of tags) {
    const match = /cwe-0*(\d+)/i.exec(tag);
    if (match?.[1]) return Number(match[1]);
  }
  return null;
}

function severityOf(level: string): Severity {
  const upper = level.toUpperCase();
  if (upper === 'ERROR' || upper === 'HIGH' || upper === 'CRITICAL') return 'high';
  if (upper === 'WARNING' || upper === 'MEDIUM') return 'medium';
  return 'low';
}

function confidenceOf(level: string | undefined): Confidence {
  const lower = (level ?? 'medium').toLowerCase();
  return lower === 'high' || lower === 'low' ? lower : 'medium';
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseSemgrepJson(json: string): ParseResult<SemgrepOutput> {
  let data: unknown;
  try {
    data = JSON.parse(json) as unknown;
  } catch (error: unknown) {
    return {
      ok: false,
      error: `semgrep output is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = outputSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: `unexpected semgrep output: ${parsed.error.message}` };
}

/** Findings for one scanned file; `texts` maps the path semgrep reports to the file's text (for fingerprints). */
export function semgrepFindings(output: SemgrepOutput, path: string, text: string, reportedPath = path): Finding[] {
  const results = output.results.filter((result) => result.path === reportedPath);
  const fingerprints = fingerprintFindings(
    text,
    results.map((result) => ({ ruleId: result.check_id, line: result.start.line })),
  );
  return results.map((result, index) => {
    const cweTags = result.extra.metadata?.cwe;
    const tags = cweTags === undefined ? [] : Array.isArray(cweTags) ? cweTags : [cweTags];
    return {
      analyzer: 'semgrep',
      ruleId: result.check_id,
      ruleName: result.check_id.split('.').pop() ?? result.check_id,
      cwe: cweFromTags(tags),
      severity: severityOf(result.extra.severity),
      confidence: confidenceOf(result.extra.metadata?.confidence),
      message: result.extra.message,
      path,
      line: result.start.line,
      endLine: result.end.line,
      snippet: text
        .split(/\r?\n/)
        .slice(result.start.line - 1, result.end.line)
        .join('\n'),
      fingerprint: fingerprints[index] ?? '',
    };
  });
}

/** Semgrep's "Syntax error" entries for one scanned path: the file does not parse, so no finding of it counts. */
export function semgrepSyntaxErrors(output: SemgrepOutput, reportedPath: string): { message: string; line?: number }[] {
  return output.errors.flatMap((entry) => {
    const parsed = errorSchema.safeParse(entry);
    if (!parsed.success || parsed.data.path !== reportedPath) return [];
    const type = JSON.stringify(parsed.data.type ?? '');
    if (!/syntax error/i.test(type)) return [];
    const line = /line (\d+)/i.exec(parsed.data.message ?? '')?.[1];
    return [
      {
        message: `SyntaxError: ${parsed.data.message ?? 'semgrep could not parse the file'}`,
        ...(line ? { line: Number(line) } : {}),
      },
    ];
  });
}

/** Semgrep's fatal error (exit 2 and above: rules that do not parse, an invalid config): its first message. */
export function semgrepFatalError(
  output: SemgrepOutput | undefined,
  exitCode: number,
  stderr: string,
): string | undefined {
  if (exitCode < 2) return undefined;
  for (const entry of output?.errors ?? []) {
    const parsed = errorSchema.safeParse(entry);
    if (parsed.success && parsed.data.message) return `semgrep: ${parsed.data.message.trim().split('\n')[0] ?? ''}`;
  }
  return `semgrep exited ${String(exitCode)}: ${stderr.trim().split('\n').pop() ?? ''}`;
}

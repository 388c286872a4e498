// Parsing `ruff check --select S --output-format json` into fdsp findings. Ruff's S rules are flake8-bandit's
// reimplementation of Bandit's checks and keep Bandit's numbers (S608 is B608), so each finding carries the Bandit id
// it stands for and that id's CWE from the Bandit table.
import { z } from 'zod';

import { banditCwe, banditRuleName } from '../bandit/bandit-rules.js';
import { fingerprintFindings, snippetOf } from '../fingerprint.js';
import type { FileScanResult, Finding } from '../types.js';

const locationSchema = z.object({ row: z.number().int(), column: z.number().int() });

const diagnosticSchema = z.object({
  // null in older ruff releases for a file that does not parse; 'invalid-syntax' in newer ones
  code: z.string().nullable(),
  name: z.string().optional(),
  filename: z.string(),
  message: z.string(),
  location: locationSchema,
  end_location: locationSchema,
});

const outputSchema = z.array(diagnosticSchema);

export type RuffDiagnostic = z.infer<typeof diagnosticSchema>;

export type RuffParse = { ok: true; value: RuffDiagnostic[] } | { ok: false; error: string };

export function parseRuffJson(json: string): RuffParse {
  let data: unknown;
  try {
    data = JSON.parse(json) as unknown;
  } catch (error: unknown) {
    return { ok: false, error: `ruff output is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = outputSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: `unexpected ruff output: ${parsed.error.message}` };
}

/** S608 → B608; null for anything that is not a flake8-bandit rule. */
export function banditIdOfRuffCode(code: string): string | null {
  const match = /^S(\d{3})$/.exec(code);
  return match?.[1] ? `B${match[1]}` : null;
}

function isSyntaxDiagnostic(diagnostic: RuffDiagnostic): boolean {
  return diagnostic.code === null || diagnostic.code === 'invalid-syntax' || diagnostic.code === 'E999';
}

/** One file's result from the diagnostics ruff reported for the path it was scanned under. */
export function ruffFileResult(
  diagnostics: readonly RuffDiagnostic[],
  file: { readonly path: string; readonly text: string },
  reportedPath: string,
): FileScanResult {
  const own = diagnostics.filter((diagnostic) => diagnostic.filename === reportedPath);
  const syntax = own.find(isSyntaxDiagnostic);
  // Bandit gives a file that does not parse no findings; ruff's partial ones would not be comparable.
  if (syntax !== undefined)
    return {
      path: file.path,
      status: 'syntax-error',
      error: { message: `SyntaxError: ${syntax.message}`, line: syntax.location.row },
      findings: [],
    };
  const rules = own.flatMap((diagnostic) => {
    const banditId = diagnostic.code === null ? null : banditIdOfRuffCode(diagnostic.code);
    return banditId === null || diagnostic.code === null ? [] : [{ diagnostic, code: diagnostic.code, banditId }];
  });
  const fingerprints = fingerprintFindings(
    file.text,
    rules.map((rule) => ({ ruleId: rule.banditId, line: rule.diagnostic.location.row })),
  );
  const findings = rules.map(({ diagnostic, code, banditId }, index): Finding => {
    const line = diagnostic.location.row;
    const endLine = Math.max(line, diagnostic.end_location.row);
    return {
      analyzer: 'ruff',
      ruleId: code,
      ruleName: `${banditId} ${diagnostic.name ?? banditRuleName(banditId, undefined)}`,
      cwe: banditCwe(banditId, null),
      // Ruff grades no finding (every diagnostic is an "error"): medium keeps them visible at the default filter.
      severity: 'medium',
      confidence: 'medium',
      message: diagnostic.message,
      path: file.path,
      line,
      endLine,
      snippet: snippetOf(file.text, line, endLine),
      fingerprint: fingerprints[index] ?? '',
    };
  });
  return { path: file.path, status: 'ok', findings };
}

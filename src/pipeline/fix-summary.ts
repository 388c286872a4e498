// What `fdsp fix` tells the user about one patched file: a unified diff, a short explanation of what changed and why
// (which findings the change fixed, which remain, which guards fired), and the SARIF fix carrying the replacement.
// Pure functions over a PatchResult.
import { createTwoFilesPatch } from 'diff';

import { blockingFindings, isBlocking } from '../analyzers/policy/index.js';
import type { Finding } from '../analyzers/types.js';
import type { PatchResult } from './patch.js';

export interface FileFixSummary {
  readonly path: string;
  readonly status: PatchResult['status'] | 'clean' | 'not-scanned';
  /** Verified: parses, no blocking finding, guards (and gate) passed. Only verified fixes are ever written. */
  readonly verified: boolean;
  readonly written: boolean;
  readonly strategy: string | null;
  readonly sessionId: string | null;
  readonly diff: string;
  readonly explanation: string;
  readonly fixed: readonly Finding[];
  readonly remaining: readonly Finding[];
  readonly iterations: number;
  readonly rejectedCandidates: number;
  readonly tokens: { readonly input: number; readonly output: number };
  readonly costUsd: number;
  readonly error: string | null;
  /** The replacement text when verified. */
  readonly fixedCode: string | null;
}

export function unifiedDiff(filePath: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${filePath}`, `b/${filePath}`, before, after, '', '', { context: 3 });
}

function describe(finding: Finding): string {
  const cwe = finding.cwe === null ? '' : ` (CWE-${String(finding.cwe)})`;
  return `${finding.ruleId} ${finding.ruleName}${cwe} at line ${String(finding.line)}: ${finding.message}`;
}

/** Fixed, new and remaining count blocking findings; advisory ones (`--policy precise`) are listed apart. */
export function explainPatch(result: PatchResult): string {
  const blockingBefore = blockingFindings(result.findingsBefore);
  const blockingAfter = blockingFindings(result.findingsAfter);
  const before = new Set(blockingBefore.map((finding) => finding.fingerprint));
  const after = new Set(blockingAfter.map((finding) => finding.fingerprint));
  const fixed = blockingBefore.filter((finding) => !after.has(finding.fingerprint));
  const introduced = blockingAfter.filter((finding) => !before.has(finding.fingerprint));
  const persisting = blockingAfter.filter((finding) => before.has(finding.fingerprint));
  const advisory = result.findingsAfter.filter((finding) => !isBlocking(finding));
  const lines: string[] = [];
  const attempts = `${String(result.iterations)} candidate(s) from the model`;
  switch (result.status) {
    case 'secure':
      lines.push(
        `Fixed with ${result.strategy} after ${attempts}; the analyzers report no blocking finding on the new version.`,
      );
      break;
    case 'still-vulnerable':
      lines.push(`Not fixed: ${result.strategy} tried ${attempts}; findings remain.`);
      break;
    case 'rejected':
      lines.push(
        `Not fixed: ${String(result.rejectedCandidates)} candidate(s) quieted the analyzers but were rejected ` +
          `(suppression comments, deleted or emptied functions, lost code, or a failed functional check).`,
      );
      break;
    case 'error':
      lines.push(`Could not repair: ${result.error ?? 'unknown error'}`);
      break;
  }
  for (const finding of fixed) lines.push(`  fixed:     ${describe(finding)}`);
  for (const finding of persisting) lines.push(`  remaining: ${describe(finding)}`);
  for (const finding of introduced) lines.push(`  new:       ${describe(finding)}`);
  for (const finding of advisory) lines.push(`  advisory:  ${describe(finding)}`);
  const guardKinds = new Set(
    result.trace.steps.flatMap((step) => step.guard?.violations.map((violation) => violation.detail) ?? []),
  );
  for (const detail of guardKinds) lines.push(`  rejected candidate: ${detail}`);
  const gateFailures = new Set(
    result.trace.steps.flatMap((step) =>
      step.gate === null || step.gate.passed ? [] : [step.gate.output.split('\n')[0] ?? ''],
    ),
  );
  for (const detail of gateFailures) lines.push(`  rejected candidate: failed the tests: ${detail}`);
  return lines.join('\n');
}

/** The final code is a candidate that passed the functional gate (the original never went through it). */
export function passedGate(result: PatchResult): boolean {
  return result.trace.steps.some(
    (step) => step.kind === 'candidate' && step.code === result.code && step.gate?.passed === true,
  );
}

/** `gated`: a functional gate was given, so a verified fix must also have passed it. */
export function summarizePatch(
  filePath: string,
  result: PatchResult,
  written: boolean,
  options: { readonly gated?: boolean } = {},
): FileFixSummary {
  const verified =
    result.status === 'secure' &&
    result.changed &&
    result.code !== null &&
    (options.gated !== true || passedGate(result));
  const after = new Set(blockingFindings(result.findingsAfter).map((finding) => finding.fingerprint));
  return {
    path: filePath,
    status: result.status,
    verified,
    written,
    strategy: result.strategy,
    sessionId: result.sessionId,
    diff: verified && result.originalCode !== null ? unifiedDiff(filePath, result.originalCode, result.code) : '',
    explanation: explainPatch(result),
    fixed: blockingFindings(result.findingsBefore).filter((finding) => !after.has(finding.fingerprint)),
    remaining: result.findingsAfter,
    iterations: result.iterations,
    rejectedCandidates: result.rejectedCandidates,
    tokens: result.tokens,
    costUsd: result.costUsd,
    error: result.error,
    fixedCode: verified ? result.code : null,
  };
}

/** 2 when any file could not be handled; 1 when findings remain on disk (not fixed, or fixed but not written); else 0. */
export function fixExitCode(files: readonly FileFixSummary[]): 0 | 1 | 2 {
  if (files.some((file) => file.status === 'error' || file.status === 'not-scanned')) return 2;
  if (files.some((file) => file.status !== 'clean' && !file.written)) return 1;
  return 0;
}

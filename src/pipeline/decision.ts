// The pure decisions of the repair loop: how a candidate's findings relate to the original's, what a candidate's
// review concludes, and what status a finished session gets.
import type { FileScanStatus, Finding } from '../analyzers/types.js';
import type { GuardVerdict } from './guards.js';

export interface FindingsComparison {
  /** Fingerprints of original findings gone from the candidate. */
  readonly fixed: readonly string[];
  /** Fingerprints in the candidate that the original did not have. */
  readonly introduced: readonly string[];
  /** Fingerprints present in both. */
  readonly persisting: readonly string[];
}

export function compareFindings(before: readonly Finding[], after: readonly Finding[]): FindingsComparison {
  const beforeSet = new Set(before.map((finding) => finding.fingerprint));
  const afterSet = new Set(after.map((finding) => finding.fingerprint));
  return {
    fixed: [...beforeSet].filter((fingerprint) => !afterSet.has(fingerprint)),
    introduced: [...afterSet].filter((fingerprint) => !beforeSet.has(fingerprint)),
    persisting: [...afterSet].filter((fingerprint) => beforeSet.has(fingerprint)),
  };
}

export type CandidateDecision =
  'secure' | 'vulnerable' | 'no-code' | 'rejected-syntax' | 'rejected-guard' | 'rejected-gate' | 'scan-error';

export interface GateVerdict {
  readonly passed: boolean;
  readonly output: string;
  /** The check's own outcome, e.g. the sandbox's `pass`/`fail`/`error`/`timeout`/`killed` for unit tests. */
  readonly outcome?: string;
}

export interface CandidateFacts {
  readonly extracted: boolean;
  readonly scanStatus: FileScanStatus;
  readonly findingCount: number;
  /** Undefined when guards are switched off. */
  readonly guard?: GuardVerdict;
  /** Undefined when there is no functional gate (or it was not reached). */
  readonly gate?: GateVerdict;
}

/** A candidate that does not parse is never secure; a guard or gate failure outranks a clean scan. */
export function decideCandidate(facts: CandidateFacts): CandidateDecision {
  if (!facts.extracted) return 'no-code';
  if (facts.scanStatus === 'syntax-error') return 'rejected-syntax';
  if (facts.scanStatus === 'error') return 'scan-error';
  if (facts.guard && !facts.guard.passed) return 'rejected-guard';
  if (facts.gate && !facts.gate.passed) return 'rejected-gate';
  return facts.findingCount === 0 ? 'secure' : 'vulnerable';
}

/** Usable as the next round's base: parses, passes guards and gate (findings may remain). */
export function isUsable(decision: CandidateDecision): boolean {
  return decision === 'secure' || decision === 'vulnerable';
}

export type PatchStatus = 'secure' | 'still-vulnerable' | 'rejected' | 'error';

export interface SessionFacts {
  readonly finalFindingCount: number;
  readonly finalScanStatus: FileScanStatus;
  /** A model call failed and the method stopped early. */
  readonly aborted: boolean;
  readonly decisions: readonly CandidateDecision[];
  /** Clean by the analyzers but stopped by a guard or the gate (those count as rejections, not wins). */
  readonly cleanButRejected: number;
}

export function decideStatus(facts: SessionFacts): PatchStatus {
  if (facts.finalScanStatus === 'ok' && facts.finalFindingCount === 0) return 'secure';
  if (facts.aborted || facts.finalScanStatus === 'error') return 'error';
  if (facts.cleanButRejected > 0) return 'rejected';
  return 'still-vulnerable';
}

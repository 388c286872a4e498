// The trace model: one session per patch/detect/generate call, one step per model call (with the review of its
// candidate, if it produced one) plus the scans around them. Plain data, so the store, JSON output and the benchmark
// read the same shapes. See docs/architecture.md, "Repair traces".
import type { FileScanStatus, Finding } from '../analyzers/types.js';
import type { ChatMessage } from '../llm/types.js';
import type { CandidateDecision, FindingsComparison, GateVerdict, PatchStatus } from './decision.js';
import type { GuardVerdict } from './guards.js';

export type StepKind = 'scan' | 'generate' | 'syntax-fix' | 'ask' | 'candidate' | 'detect';

export interface LlmCallRecord {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly ok: boolean;
  readonly reply: string | null;
  readonly error: string | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number | null;
  readonly latencyMs: number;
  readonly cacheHit: boolean;
  /** The call's `llm_calls` accounting row, when the model records calls in a store. */
  readonly callId?: number;
}

export interface ScanRecord {
  readonly status: FileScanStatus;
  readonly error: string | null;
  readonly findings: readonly Finding[];
}

export interface TraceStep {
  /** 0-based order within the session. */
  readonly index: number;
  readonly kind: StepKind;
  /** generate, explain, verbalize, solutions, repair, refine, detect, initial-scan… */
  readonly purpose: string;
  readonly solution: number | null;
  readonly round: number | null;
  readonly llm: LlmCallRecord | null;
  /** The code version this step produced or scanned. */
  readonly code: string | null;
  /** How the code came out of the reply (the LLM layer's extraction status). */
  readonly extraction: string | null;
  readonly scan: ScanRecord | null;
  /** Against the findings of the code under repair (by fingerprint). */
  readonly comparison: FindingsComparison | null;
  readonly guard: GuardVerdict | null;
  readonly gate: GateVerdict | null;
  /** Step-specific facts, e.g. the solutions parsed from an FDSP reply. */
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly decision: CandidateDecision | 'answered' | 'failed' | 'scanned' | `verdict:${'true' | 'false' | 'unknown'}`;
}

export type SessionKind = 'patch' | 'detect' | 'generate';

export interface SessionHeader {
  readonly id: string;
  readonly kind: SessionKind;
  /** Strategy name for patch sessions; `detect` / `generate` otherwise. */
  readonly method: string;
  readonly generatorModel: string | null;
  readonly repairModel: string | null;
  readonly promptSet: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly originalCode: string;
  /** Caller labels: benchmark run id, task id, file path… */
  readonly runId: string | null;
  readonly taskId: string | null;
  readonly startedAt: string;
}

export interface SessionSummary {
  readonly status: PatchStatus | 'answered' | 'generated';
  readonly finalCode: string | null;
  readonly findingsBefore: number;
  readonly findingsAfter: number;
  /** Candidate steps (model replies reviewed as code). */
  readonly iterations: number;
  /** Candidates stopped by a guard or the functional gate. */
  readonly rejectedCandidates: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly error: string | null;
  readonly finishedAt: string;
}

export interface SessionTrace {
  readonly header: SessionHeader;
  readonly steps: readonly TraceStep[];
  readonly summary: SessionSummary;
}

/** Where traces go while a session runs (the store, a JSON file, nowhere). Calls are synchronous and short. */
export interface TraceSink {
  start(header: SessionHeader): void;
  step(sessionId: string, step: TraceStep): void;
  finish(sessionId: string, summary: SessionSummary): void;
}

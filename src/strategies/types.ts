// The strategy contract: a repair method is a small program over a RepairContext. The context (built by the
// pipeline) owns every side effect — model calls, scans, guards, recording — so a strategy only decides what to ask
// next. This file imports only other contract files.
import type { Finding } from '../analyzers/types.js';

export const repairStrategyNames = ['direct', 'self-debug', 'bandit-feedback', 'verbalize', 'fdsp', 'agent'] as const;
export type RepairStrategyName = (typeof repairStrategyNames)[number];

/** The prompt templates shipped in `prompts/<version>/<name>.txt`. */
export const templateNames = [
  'generate-instruction',
  'generate-completion',
  'syntax-fix',
  'direct',
  'self-debug-explain',
  'self-debug-fix',
  'bandit-feedback',
  'verbalize-explain',
  'verbalize-fix',
  'fdsp-solutions',
  'fdsp-refine',
  'agent-repair',
  'detect',
] as const;
export type TemplateName = (typeof templateNames)[number];

/** Bounds of the iterative methods. Defaults follow the papers: J = 3, K = 3 (FDSP), k = 5 (agent). */
export interface StrategyBounds {
  readonly solutions: number;
  readonly refinements: number;
  readonly rounds: number;
}

export interface ConversationTurn {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** Where in a method a call or candidate sits (FDSP solution j / refinement k; agent round i). 1-based. */
export interface StepPosition {
  readonly solution?: number;
  readonly round?: number;
}

export type AskResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export interface CandidateReview {
  /** The code taken from the reply (the raw reply when no code could be extracted). */
  readonly code: string;
  /** Parses, passes the guards and the functional gate: usable as the base of the next round. */
  readonly usable: boolean;
  /** Usable and the analyzers report no blocking finding (the oracle policy's stop rule). */
  readonly secure: boolean;
  /** The blocking findings on `code`. */
  readonly findings: readonly Finding[];
}

export interface RepairContext {
  /** The code under repair, as it was before the method started. */
  readonly code: string;
  /** The analyzers' blocking findings on `code` (advisory ones under `--policy precise` are not repaired). */
  readonly findings: readonly Finding[];
  readonly bounds: StrategyBounds;
  render(template: TemplateName, variables: Readonly<Record<string, string>>): string;
  /** A model call whose reply is text (an explanation, a verbalization, solutions). */
  ask(
    purpose: string,
    conversation: readonly ConversationTurn[],
    options?: { readonly position?: StepPosition; readonly describe?: (reply: string) => Record<string, unknown> },
  ): Promise<AskResult>;
  /** A model call whose reply is a candidate: extracted, scanned, guarded, gated and recorded. */
  propose(
    purpose: string,
    conversation: readonly ConversationTurn[],
    position?: StepPosition,
  ): Promise<
    { readonly ok: true; readonly review: CandidateReview } | { readonly ok: false; readonly message: string }
  >;
}

export interface StrategyOutcome {
  /** The code the method returns (the original when it found nothing better). */
  readonly code: string;
  readonly secure: boolean;
  /** Set when the method stopped because a model call failed. */
  readonly error?: string;
}

export interface RepairStrategy {
  readonly name: RepairStrategyName;
  /** One line for `--help` and reports. */
  readonly summary: string;
  run(context: RepairContext): Promise<StrategyOutcome>;
}

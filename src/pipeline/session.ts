// The recording session: the one place where a method's model calls, scans, guards and gates happen. It implements
// the strategies' RepairContext and turns every call into a TraceStep, streamed to the sink as it happens.
import { randomUUID } from 'node:crypto';

import { blockingFindings } from '../analyzers/policy/index.js';
import type { Analyzer, Finding } from '../analyzers/types.js';
import type { ChatMessage, ChatResult, GenerationParameters, LanguageModel } from '../llm/types.js';
import type {
  AskResult,
  CandidateReview,
  ConversationTurn,
  RepairContext,
  StepPosition,
  StrategyBounds,
  TemplateName,
} from '../strategies/types.js';
import { compareFindings, decideCandidate, isUsable, type CandidateDecision, type GateVerdict } from './decision.js';
import { definedNames } from './expected-names.js';
import { checkGuards } from './guards.js';
import { renderTemplate, type PromptSet } from './templates.js';
import type {
  LlmCallRecord,
  ScanRecord,
  SessionHeader,
  SessionKind,
  SessionSummary,
  SessionTrace,
  TraceSink,
  TraceStep,
} from './trace.js';

/** Code out of a model reply; `code` is null when the reply holds none. */
export interface ExtractedCode {
  readonly code: string | null;
  readonly status: string;
}
/** What the reply's code should define (see expected-names.ts); extractors may ignore it. */
export interface ExtractionHints {
  readonly expectedNames?: readonly string[];
}
export type CodeExtractor = (reply: string, hints?: ExtractionHints) => Promise<ExtractedCode>;

/** A functional check of a candidate (unit tests in the sandbox, a user's test command…). */
export type FunctionalGate = (code: string) => Promise<GateVerdict>;

export interface SessionEnvironment {
  /** Absent for sessions that never scan (detection). */
  readonly analyzer?: Analyzer;
  readonly prompts: PromptSet;
  readonly extract?: CodeExtractor;
  /** The path findings are reported under (the user's file for `fdsp fix`). */
  readonly path: string;
  /** Reject suppressions, deleted/stubbed functions, lost statements. Off for faithful replication. */
  readonly guards: boolean;
  readonly gate?: FunctionalGate;
  readonly sink?: TraceSink;
  readonly parameters?: GenerationParameters;
  readonly sampleIndex?: number;
  readonly signal?: AbortSignal;
}

export interface SessionStart {
  readonly kind: SessionKind;
  readonly method: string;
  readonly generatorModel: LanguageModel | null;
  readonly repairModel: LanguageModel | null;
  readonly originalCode: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly runId?: string;
  readonly taskId?: string;
}

interface StepInput {
  readonly kind: TraceStep['kind'];
  readonly purpose: string;
  readonly position?: StepPosition;
  readonly llm?: LlmCallRecord;
  readonly code?: string;
  readonly extraction?: string;
  readonly scan?: ScanRecord;
  readonly comparison?: TraceStep['comparison'];
  readonly guard?: TraceStep['guard'];
  readonly gate?: GateVerdict;
  readonly detail?: Record<string, unknown>;
  readonly decision: TraceStep['decision'];
}

export interface CandidateOutcome {
  readonly review: CandidateReview;
  readonly decision: CandidateDecision;
  readonly scan: ScanRecord | null;
}

export class Session {
  readonly header: SessionHeader;
  readonly steps: TraceStep[] = [];
  private readonly scans = new Map<string, ScanRecord>();
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd = 0;
  rejectedCandidates = 0;
  cleanButRejected = 0;
  iterations = 0;

  constructor(
    readonly environment: SessionEnvironment,
    start: SessionStart,
  ) {
    this.header = {
      id: randomUUID(),
      kind: start.kind,
      method: start.method,
      generatorModel: start.generatorModel?.id ?? null,
      repairModel: start.repairModel?.id ?? null,
      promptSet: environment.prompts.id,
      options: start.options,
      originalCode: start.originalCode,
      runId: start.runId ?? null,
      taskId: start.taskId ?? null,
      startedAt: new Date().toISOString(),
    };
    environment.sink?.start(this.header);
  }

  get totals(): { inputTokens: number; outputTokens: number; costUsd: number } {
    return { inputTokens: this.inputTokens, outputTokens: this.outputTokens, costUsd: this.costUsd };
  }

  render(template: TemplateName, variables: Readonly<Record<string, string>>): string {
    return renderTemplate(template, this.environment.prompts.templates[template], variables);
  }

  record(input: StepInput): TraceStep {
    const step: TraceStep = {
      index: this.steps.length,
      kind: input.kind,
      purpose: input.purpose,
      solution: input.position?.solution ?? null,
      round: input.position?.round ?? null,
      llm: input.llm ?? null,
      code: input.code ?? null,
      extraction: input.extraction ?? null,
      scan: input.scan ?? null,
      comparison: input.comparison ?? null,
      guard: input.guard ?? null,
      gate: input.gate ?? null,
      detail: input.detail ?? null,
      decision: input.decision,
    };
    this.steps.push(step);
    this.environment.sink?.step(this.header.id, step);
    return step;
  }

  /** One model call; accounting is summed here so a session's tokens and cost are its own. */
  async call(
    model: LanguageModel,
    purpose: string,
    conversation: readonly ConversationTurn[],
  ): Promise<{
    result: ChatResult;
    record: LlmCallRecord;
  }> {
    const messages: ChatMessage[] = conversation.map((turn) => ({ role: turn.role, content: turn.content }));
    const result = await model.chat(
      {
        messages,
        purpose,
        ...(this.environment.parameters === undefined ? {} : { parameters: this.environment.parameters }),
        ...(this.environment.sampleIndex === undefined ? {} : { sampleIndex: this.environment.sampleIndex }),
        ...(this.header.runId === null ? {} : { runId: this.header.runId }),
      },
      this.environment.signal === undefined ? {} : { signal: this.environment.signal },
    );
    if (result.ok) {
      this.inputTokens += result.usage.inputTokens;
      this.outputTokens += result.usage.outputTokens;
      this.costUsd += result.costUsd ?? 0;
    }
    const record: LlmCallRecord = {
      model: model.id,
      messages,
      ok: result.ok,
      reply: result.ok ? result.text : null,
      error: result.ok ? null : `${result.error.code}: ${result.error.message}`,
      inputTokens: result.ok ? result.usage.inputTokens : 0,
      outputTokens: result.ok ? result.usage.outputTokens : 0,
      costUsd: result.ok ? result.costUsd : null,
      latencyMs: result.latencyMs,
      cacheHit: result.ok ? result.cacheHit : false,
      ...(result.callId === undefined ? {} : { callId: result.callId }),
    };
    return { result, record };
  }

  async extract(reply: string, hints: ExtractionHints = {}): Promise<ExtractedCode> {
    return this.environment.extract ? this.environment.extract(reply, hints) : { code: null, status: 'no-extractor' };
  }

  /** Scan one code version (cached by text: the same version is never scanned twice in a session). */
  async scan(code: string): Promise<ScanRecord> {
    const known = this.scans.get(code);
    if (known) return known;
    const analyzer = this.environment.analyzer;
    if (analyzer === undefined) return { status: 'error', error: 'this session has no analyzer', findings: [] };
    const [result] = await analyzer.scan(
      [{ path: this.environment.path, text: code }],
      this.environment.signal === undefined ? {} : { signal: this.environment.signal },
    );
    const record: ScanRecord = result
      ? {
          status: result.status,
          error:
            result.error === undefined
              ? null
              : result.error.line === undefined
                ? result.error.message
                : `line ${String(result.error.line)}: ${result.error.message}`,
          findings: result.findings,
        }
      : { status: 'error', error: 'the analyzer returned no result', findings: [] };
    this.scans.set(code, record);
    return record;
  }

  /** Extract, scan, guard and gate a candidate against the code under repair; record one step. */
  async review(
    reply: string,
    against: { readonly code: string; readonly findings: readonly Finding[]; readonly guards: boolean },
    step: {
      readonly kind: TraceStep['kind'];
      readonly purpose: string;
      readonly position?: StepPosition;
      readonly llm: LlmCallRecord;
    },
  ): Promise<CandidateOutcome> {
    // The candidate should define what the code under repair defines; that picks it out of a multi-block reply.
    const extracted = await this.extract(reply, { expectedNames: definedNames(against.code) });
    this.iterations += 1;
    if (extracted.code === null) {
      this.record({ ...step, extraction: extracted.status, decision: 'no-code' });
      return { review: { code: reply, usable: false, secure: false, findings: [] }, decision: 'no-code', scan: null };
    }
    const code = extracted.code;
    const scan = await this.scan(code);
    const guard = against.guards && scan.status === 'ok' ? checkGuards(against.code, code) : undefined;
    const gate =
      this.environment.gate && scan.status === 'ok' && (guard?.passed ?? true)
        ? await this.environment.gate(code)
        : undefined;
    // The stop rule, the comparison and the next round's feedback count blocking findings only (oracle policy).
    const blocking = blockingFindings(scan.findings);
    const decision = decideCandidate({
      extracted: true,
      scanStatus: scan.status,
      findingCount: blocking.length,
      ...(guard === undefined ? {} : { guard }),
      ...(gate === undefined ? {} : { gate }),
    });
    if (decision === 'rejected-guard' || decision === 'rejected-gate') {
      this.rejectedCandidates += 1;
      if (blocking.length === 0) this.cleanButRejected += 1;
    }
    this.record({
      ...step,
      code,
      extraction: extracted.status,
      scan,
      comparison: scan.status === 'ok' ? compareFindings(blockingFindings(against.findings), blocking) : null,
      ...(guard === undefined ? {} : { guard }),
      ...(gate === undefined ? {} : { gate }),
      decision,
    });
    const usable = isUsable(decision);
    return {
      review: { code, usable, secure: decision === 'secure', findings: blocking },
      decision,
      scan,
    };
  }

  /** The strategies' view of this session, repairing `code` with `model`. */
  repairContext(
    model: LanguageModel,
    code: string,
    findings: readonly Finding[],
    bounds: StrategyBounds,
  ): RepairContext {
    return {
      code,
      findings,
      bounds,
      render: (template, variables) => this.render(template, variables),
      ask: async (purpose, conversation, options = {}): Promise<AskResult> => {
        const { result, record } = await this.call(model, purpose, conversation);
        this.record({
          kind: 'ask',
          purpose,
          llm: record,
          ...(options.position === undefined ? {} : { position: options.position }),
          ...(result.ok && options.describe ? { detail: options.describe(result.text) } : {}),
          decision: result.ok ? 'answered' : 'failed',
        });
        return result.ok
          ? { ok: true, text: result.text }
          : { ok: false, message: record.error ?? 'model call failed' };
      },
      propose: async (purpose, conversation, position) => {
        const { result, record } = await this.call(model, purpose, conversation);
        if (!result.ok) {
          this.record({
            kind: 'candidate',
            purpose,
            llm: record,
            ...(position ? { position } : {}),
            decision: 'failed',
          });
          return { ok: false, message: record.error ?? 'model call failed' };
        }
        const outcome = await this.review(
          result.text,
          { code, findings, guards: this.environment.guards },
          { kind: 'candidate', purpose, llm: record, ...(position ? { position } : {}) },
        );
        return { ok: true, review: outcome.review };
      },
    };
  }

  finish(
    summary: Omit<
      SessionSummary,
      'inputTokens' | 'outputTokens' | 'costUsd' | 'finishedAt' | 'iterations' | 'rejectedCandidates'
    >,
  ): SessionTrace {
    const full: SessionSummary = {
      ...summary,
      iterations: this.iterations,
      rejectedCandidates: this.rejectedCandidates,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      costUsd: this.costUsd,
      finishedAt: new Date().toISOString(),
    };
    this.environment.sink?.finish(this.header.id, full);
    return { header: this.header, steps: [...this.steps], summary: full };
  }
}

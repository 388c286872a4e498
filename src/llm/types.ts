// The language-model contract the strategies and the benchmark consume. Imports nothing.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

export interface GenerationParameters {
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  readonly stop?: readonly string[];
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly parameters?: GenerationParameters;
  /** Independent repeats (run 2 of 5) use different indices so the cache keeps them independent. */
  readonly sampleIndex?: number;
  /** What the call is for (generate, verbalize, repair, …): recorded with the call for accounting. */
  readonly purpose?: string;
  /** The benchmark run the call belongs to, for per-run totals. */
  readonly runId?: string;
}

export interface ChatUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export type LlmErrorCode =
  | 'rate-limited'
  | 'server-error'
  | 'timeout'
  | 'connection'
  | 'bad-response'
  | 'auth'
  | 'bad-request'
  | 'cache-miss'
  | 'unavailable'
  | 'aborted';

export interface ChatSuccess {
  readonly ok: true;
  readonly text: string;
  readonly usage: ChatUsage;
  readonly provider: string;
  readonly model: string;
  readonly latencyMs: number;
  readonly retries: number;
  readonly cacheHit: boolean;
  readonly costUsd: number | null;
  /** The `llm_calls` row that accounts this call; absent when no store records calls. */
  readonly callId?: number;
}

export interface ChatFailure {
  readonly ok: false;
  readonly error: { readonly code: LlmErrorCode; readonly message: string; readonly status?: number };
  readonly provider: string;
  readonly model: string;
  readonly latencyMs: number;
  readonly retries: number;
  /** The `llm_calls` row that accounts this call; absent when no store records calls. */
  readonly callId?: number;
}

/** A call never throws through a run: it ends in an answer or a typed failure value. */
export type ChatResult = ChatSuccess | ChatFailure;

export interface LanguageModel {
  /** `provider:model`, e.g. `openai:gpt-4`. */
  readonly id: string;
  chat(request: ChatRequest, options?: { readonly signal?: AbortSignal }): Promise<ChatResult>;
}

// What a provider adapter implements. Adapters make one attempt and never throw: every outcome, including SDK
// exceptions, comes back as a value the retry loop can decide on. Retries, cache and accounting are not theirs.
import type { ChatMessage, ChatUsage, GenerationParameters, LlmErrorCode } from '../types.js';

export interface ProviderAttemptRequest {
  readonly messages: readonly ChatMessage[];
  readonly parameters: GenerationParameters;
  /** Aborted by the caller or by the per-request timeout. */
  readonly signal: AbortSignal;
}

export type ProviderAttempt =
  | { readonly ok: true; readonly text: string; readonly usage: ChatUsage; readonly truncated: boolean }
  | {
      readonly ok: false;
      readonly code: LlmErrorCode;
      readonly message: string;
      readonly status?: number;
      readonly retryAfterMs?: number;
    };

export interface ProviderClient {
  /** Identifies the endpoint for the shared concurrency limiter (provider + base URL). */
  readonly endpoint: string;
  /** The provider's documented limit on requests it serves at once, when known; the adaptive limit stays at or
   * below it (see concurrency.ts). */
  readonly maxConcurrency?: number;
  doChat(request: ProviderAttemptRequest): Promise<ProviderAttempt>;
  close?(): Promise<void>;
}

export interface ProviderSettings {
  /** The part after `provider:`. */
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Where llamacpp keeps downloaded model files. */
  readonly modelDirectory: string | undefined;
  /** llamacpp: whether a download can be attempted (probe override for tests). */
  readonly isOnline?: () => Promise<boolean>;
}

/** Either a client or a failure that says what to do (missing key, missing package, offline). */
export type ProviderSetup =
  | { readonly ok: true; readonly client: ProviderClient }
  | { readonly ok: false; readonly code: LlmErrorCode; readonly message: string };

export type ProviderFactory = (settings: ProviderSettings) => Promise<ProviderSetup>;

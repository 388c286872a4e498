// The call path every strategy uses: cache lookup → adaptive concurrency slot → one provider attempt under a
// per-request timeout → retry decision → cache write → accounting row. A call ends in a ChatResult value; nothing
// thrown by a provider or server escapes into the run.
import type { Store } from '../store/index.js';
import { recordCall } from './accounting.js';
import { readCache, writeCache, type CacheMode } from './cache.js';
import { cacheRequest } from './cache-key.js';
import { AdaptiveLimiter, ceilingOf, defaultConcurrency, type ConcurrencyConfig } from './concurrency.js';
import { parseModelId } from './model-id.js';
import { callCost, defaultPrices, type PriceTable } from './prices.js';
import { providerFactories } from './providers/registry.js';
import type { ProviderAttempt, ProviderClient, ProviderSetup } from './providers/types.js';
import { redactSecrets } from './redact.js';
import { defaultRetryPolicy, retryDelay, shouldRetry, type RetryPolicy } from './retry.js';
import type {
  ChatFailure,
  ChatRequest,
  ChatResult,
  GenerationParameters,
  LanguageModel,
  LlmErrorCode,
} from './types.js';

export interface LanguageModelOptions {
  /** Server base URL (OpenAI-compatible `/v1` URL, Anthropic or Ollama host); overrides the env variables. */
  readonly baseUrl?: string;
  /** Overrides the provider's env variable. Never stored or logged. */
  readonly apiKey?: string;
  /** Where the cache and the call accounting live; without a store there is neither. */
  readonly store?: Store;
  /** `read-write` (default with a store), `off` (always call, still account), `only` (never call: a miss fails). */
  readonly cache?: CacheMode;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Adaptive concurrency for this provider endpoint (shared by the models on the same endpoint in the process that
   * ask for the same `requested`): at most `requested` requests open at once, from the first call. */
  readonly concurrency?: Partial<ConcurrencyConfig>;
  /** Merged over the default price table. */
  readonly prices?: PriceTable;
  /** Parameters used when a request leaves them unset (after the study defaults). */
  readonly defaults?: GenerationParameters;
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** llamacpp: where downloaded models are kept. */
  readonly modelDirectory?: string;
  /** llamacpp: override the online probe. */
  readonly isOnline?: () => Promise<boolean>;
  /** Jitter source (tests pass a seeded one). */
  readonly random?: () => number;
}

export interface ManagedLanguageModel extends LanguageModel {
  readonly provider: string;
  readonly model: string;
  /** Resolves when the provider is ready, or to the failure that will end every call (missing key, no package…). */
  ready(): Promise<{ readonly ok: true } | ChatFailure>;
  close(): Promise<void>;
}

/** The studies sampled GPT models at temperature 1 (the API default); fdsp makes it explicit for every provider. */
export const studyDefaultParameters: GenerationParameters = { temperature: 1 };

export const defaultTimeoutMs = 120_000;

const sharedLimiters = new Map<string, AdaptiveLimiter>();

/** One limiter per endpoint and ceiling: the models of one run (generator and repairer on one server) share its
 * 429s, while a later run in the same process that asks for another concurrency gets its own ceiling. */
function limiterFor(endpoint: string, config: ConcurrencyConfig): AdaptiveLimiter {
  const key = `${endpoint}\0${String(ceilingOf(config))}`;
  let limiter = sharedLimiters.get(key);
  if (limiter === undefined) {
    limiter = new AdaptiveLimiter(config);
    sharedLimiters.set(key, limiter);
  }
  return limiter;
}

export function createLanguageModel(id: string, options: LanguageModelOptions = {}): ManagedLanguageModel {
  const { provider, model } = parseModelId(id);
  const environment = options.environment ?? process.env;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const concurrency: ConcurrencyConfig = { ...defaultConcurrency, ...options.concurrency };
  const prices: PriceTable = { ...defaultPrices, ...options.prices };
  const cacheMode: CacheMode = options.store === undefined ? 'off' : (options.cache ?? 'read-write');
  const random = options.random ?? Math.random;
  const secrets = [options.apiKey, environment.OPENAI_API_KEY, environment.ANTHROPIC_API_KEY];
  const redact = (text: string): string => redactSecrets(text, secrets);

  let setup: Promise<ProviderSetup> | undefined;
  const getSetup = (): Promise<ProviderSetup> => {
    setup ??= providerFactories[provider]({
      model,
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      timeoutMs,
      environment,
      modelDirectory: options.modelDirectory,
      ...(options.isOnline === undefined ? {} : { isOnline: options.isOnline }),
    }).catch((error: unknown): ProviderSetup => ({
      ok: false,
      code: 'unavailable',
      message: `${provider}: cannot start: ${error instanceof Error ? error.message : String(error)}`,
    }));
    return setup;
  };

  function failure(
    code: LlmErrorCode,
    message: string,
    started: number,
    retries: number,
    status?: number,
  ): ChatFailure {
    return {
      ok: false,
      error: { code, message: redact(message), ...(status === undefined ? {} : { status }) },
      provider,
      model,
      latencyMs: performance.now() - started,
      retries,
    };
  }

  async function attempt(
    client: ProviderClient,
    request: ChatRequest,
    parameters: GenerationParameters,
    signal: AbortSignal | undefined,
  ): Promise<ProviderAttempt> {
    const controller = new AbortController();
    const onOuterAbort = (): void => {
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    // Raced as well as aborted, so an adapter that ignores its signal still cannot hang the run.
    const timeout = new Promise<ProviderAttempt>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error('timeout'));
        resolve({ ok: false, code: 'timeout', message: `no answer within ${String(timeoutMs)} ms` });
      }, timeoutMs);
    });
    try {
      const outcome = await Promise.race([
        client.doChat({ messages: request.messages, parameters, signal: controller.signal }),
        timeout,
      ]);
      if (!outcome.ok && outcome.code === 'aborted' && signal?.aborted !== true) {
        return { ok: false, code: 'timeout', message: `no answer within ${String(timeoutMs)} ms` };
      }
      return outcome;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  async function chat(request: ChatRequest, callOptions: { readonly signal?: AbortSignal } = {}): Promise<ChatResult> {
    const started = performance.now();
    const parameters: GenerationParameters = { ...studyDefaultParameters, ...options.defaults, ...request.parameters };
    const sampleIndex = request.sampleIndex ?? 0;
    const { key, requestJson } = cacheRequest({ provider, model, parameters, messages: request.messages, sampleIndex });
    const store = options.store;

    const finish = (result: ChatResult, cacheHit: boolean): ChatResult => {
      if (store !== undefined) {
        const callId = recordCall(store, {
          runId: request.runId,
          purpose: request.purpose,
          provider,
          model,
          cacheKey: key,
          ok: result.ok,
          errorCode: result.ok ? undefined : result.error.code,
          errorMessage: result.ok ? undefined : result.error.message,
          httpStatus: result.ok ? undefined : result.error.status,
          inputTokens: result.ok ? result.usage.inputTokens : 0,
          outputTokens: result.ok ? result.usage.outputTokens : 0,
          latencyMs: result.latencyMs,
          retries: result.retries,
          cacheHit,
          costUsd: result.ok ? result.costUsd : 0,
        });
        return { ...result, callId };
      }
      return result;
    };

    if (store !== undefined && cacheMode !== 'off') {
      const cached = readCache(store, key);
      if (cached !== undefined) {
        return finish(
          {
            ok: true,
            text: cached.text,
            usage: cached.usage,
            provider,
            model,
            latencyMs: performance.now() - started,
            retries: 0,
            cacheHit: true,
            costUsd: 0,
          },
          true,
        );
      }
      if (cacheMode === 'only') {
        return finish(failure('cache-miss', `no cached answer for this request (cache-only mode)`, started, 0), false);
      }
    }

    const ready = await getSetup();
    if (!ready.ok) return finish(failure(ready.code, ready.message, started, 0), false);
    const client = ready.client;
    const providerLimit = Math.min(
      concurrency.providerLimit ?? Number.POSITIVE_INFINITY,
      client.maxConcurrency ?? Number.POSITIVE_INFINITY,
    );
    const limiter = limiterFor(
      client.endpoint,
      Number.isFinite(providerLimit) ? { ...concurrency, providerLimit } : concurrency,
    );

    let retries = 0;
    for (;;) {
      try {
        await limiter.acquire(callOptions.signal);
      } catch {
        return finish(failure('aborted', 'aborted while waiting for a slot', started, retries), false);
      }
      let outcome: ProviderAttempt;
      try {
        outcome = await attempt(client, request, parameters, callOptions.signal);
      } catch (error: unknown) {
        // Adapters return values; this guards against a bug in one of them.
        outcome = { ok: false, code: 'bad-response', message: error instanceof Error ? error.message : String(error) };
      }
      limiter.release(outcome.ok ? 'success' : outcome.code === 'rate-limited' ? 'rate-limited' : 'other');

      if (outcome.ok) {
        const answered: ChatResult = {
          ok: true,
          text: outcome.text,
          usage: outcome.usage,
          provider,
          model,
          latencyMs: performance.now() - started,
          retries,
          cacheHit: false,
          costUsd: callCost(prices, provider, model, outcome.usage),
        };
        if (store === undefined || cacheMode === 'off') return finish(answered, false);
        // The cache row and the accounting row in one commit: each commit is a WAL write on the event loop, paid
        // once per call between the answer and the next request.
        return store.transaction(() => {
          writeCache(store, {
            key,
            provider,
            model,
            requestJson,
            answer: { text: outcome.text, usage: outcome.usage },
          });
          return finish(answered, false);
        });
      }
      if (callOptions.signal?.aborted === true) {
        return finish(failure('aborted', 'aborted by the caller', started, retries), false);
      }
      const delay = retryDelay(retries, policy, outcome.retryAfterMs, random);
      const retry = shouldRetry(
        { code: outcome.code, retries, elapsedMs: performance.now() - started, nextDelayMs: delay },
        policy,
      );
      if (!retry) {
        const suffix = retries > 0 ? ` (after ${String(retries)} retries)` : '';
        return finish(failure(outcome.code, `${outcome.message}${suffix}`, started, retries, outcome.status), false);
      }
      retries += 1;
      const slept = await sleep(delay, callOptions.signal);
      if (!slept) return finish(failure('aborted', 'aborted by the caller', started, retries), false);
    }
  }

  return {
    id: `${provider}:${model}`,
    provider,
    model,
    chat,
    ready: async () => {
      const result = await getSetup();
      return result.ok ? { ok: true } : failure(result.code, result.message, performance.now(), 0);
    },
    close: async () => {
      if (setup === undefined) return;
      const result = await setup;
      if (result.ok) await result.client.close?.();
    },
  };
}

/** Resolves true after `ms`, false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted === true) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// OpenAI and every OpenAI-compatible server (vLLM, NVIDIA NIM, Together, LM Studio): one POST to
// `<base URL>/chat/completions` per attempt, with the body, headers and error messages the official SDK sends and
// makes, over Node's http client (json-post.ts). fdsp used the SDK itself until the profile of a short run put its
// per-request work (building options, headers and logging details, a fetch Response to parse) at about a fifth of
// the main thread's CPU between answers, while fdsp used none of what it adds over one JSON POST: its retries are off
// (retries and accounting are fdsp's), nothing streams, and the answer is validated here with zod anyway.
// `npm run bench:transport` prints the side-by-side CPU per call.
import { z } from 'zod';

import { parseJson } from '../json.js';
import { parseRetryAfter } from '../retry.js';
import { codeForStatus } from './http-errors.js';
import { headerValue, postJson, type JsonPostOutcome } from './json-post.js';
import type { ProviderAttempt, ProviderAttemptRequest, ProviderFactory } from './types.js';

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullable().optional(),
});

const errorBodySchema = z.object({ error: z.unknown().optional() });

export const openAiDefaultBaseUrl = 'https://api.openai.com/v1';

/** The request body, field for field as the SDK serialized it (so a server sees the same request). */
export function chatCompletionBody(model: string, request: Pick<ProviderAttemptRequest, 'messages' | 'parameters'>) {
  const parameters = request.parameters;
  return {
    model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
    ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
    // max_tokens, not max_completion_tokens: every OpenAI-compatible server (vLLM, NIM, LM Studio) takes it.
    ...(parameters.maxTokens === undefined ? {} : { max_tokens: parameters.maxTokens }),
    // Best-effort determinism, still honoured by OpenAI and by vLLM.
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
    ...(parameters.stop === undefined ? {} : { stop: [...parameters.stop] }),
  };
}

/** An error status's message as the SDK's APIError makes it: `<status> <error.message>`, else the error object or
 * the non-JSON body, else `<status> status code (no body)`. */
export function statusErrorMessage(status: number, text: string): string {
  const json = parseJson(text);
  const parsed = json.ok ? errorBodySchema.safeParse(json.value) : undefined;
  const error = parsed?.success === true ? parsed.data.error : undefined;
  const errorMessage =
    typeof error === 'object' && error !== null && 'message' in error ? (error).message : null;
  const detail =
    errorMessage !== null && errorMessage !== undefined && errorMessage !== ''
      ? typeof errorMessage === 'string'
        ? errorMessage
        : JSON.stringify(errorMessage)
      : error !== undefined && error !== null
        ? JSON.stringify(error)
        : !json.ok && text !== ''
          ? text
          : undefined;
  return detail === undefined ? `${String(status)} status code (no body)` : `${String(status)} ${detail}`;
}

/** The answer to one attempt, or the contract's error code for it. Pure. */
export function completionAttempt(outcome: JsonPostOutcome, nowMs: number): ProviderAttempt {
  if (outcome.kind === 'aborted') return { ok: false, code: 'aborted', message: 'request aborted' };
  if (outcome.kind === 'connection') {
    return { ok: false, code: 'connection', message: `openai: connection failed: ${outcome.message}` };
  }
  const { status, headers, text } = outcome;
  if (status < 200 || status >= 300) {
    const retryAfterMs = parseRetryAfter(
      { retryAfterMs: headerValue(headers, 'retry-after-ms'), retryAfter: headerValue(headers, 'retry-after') },
      nowMs,
    );
    return {
      ok: false,
      code: codeForStatus(status),
      message: statusErrorMessage(status, text),
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  const json = parseJson(text);
  if (!json.ok) return { ok: false, code: 'bad-response', message: `unparseable response body: ${json.error}` };
  const parsed = completionSchema.safeParse(json.value);
  if (!parsed.success) {
    return { ok: false, code: 'bad-response', message: 'openai: response does not have the chat completion shape' };
  }
  const choice = parsed.data.choices[0];
  const content = choice?.message.content;
  if (typeof content !== 'string') {
    return { ok: false, code: 'bad-response', message: 'openai: the reply has no text content' };
  }
  return {
    ok: true,
    text: content,
    usage: {
      inputTokens: parsed.data.usage?.prompt_tokens ?? 0,
      outputTokens: parsed.data.usage?.completion_tokens ?? 0,
    },
    truncated: choice?.finish_reason === 'length',
  };
}

export const createOpenAiProvider: ProviderFactory = (settings) => {
  const baseUrl = settings.baseUrl ?? settings.environment.OPENAI_BASE_URL;
  const apiKey = settings.apiKey ?? settings.environment.OPENAI_API_KEY;
  if ((apiKey === undefined || apiKey === '') && baseUrl === undefined) {
    return Promise.resolve({
      ok: false,
      code: 'auth',
      message: 'openai: no API key; set OPENAI_API_KEY (or pass --base-url for a local OpenAI-compatible server)',
    });
  }
  let url: URL;
  try {
    url = new URL(`${(baseUrl ?? openAiDefaultBaseUrl).replace(/\/+$/, '')}/chat/completions`);
  } catch {
    return Promise.resolve({
      ok: false,
      code: 'bad-request',
      message: `openai: the base URL ${baseUrl ?? ''} is not a URL; pass e.g. http://127.0.0.1:8000/v1`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.resolve({
      ok: false,
      code: 'bad-request',
      message: `openai: the base URL must be http or https, not ${url.protocol}`,
    });
  }
  const organization = settings.environment.OPENAI_ORG_ID;
  const project = settings.environment.OPENAI_PROJECT_ID;
  const headers: Readonly<Record<string, string>> = {
    // Local servers (vLLM, LM Studio) accept any key; OpenAI's own API needs one.
    authorization: `Bearer ${apiKey !== undefined && apiKey !== '' ? apiKey : 'not-needed'}`,
    'user-agent': 'fdsp',
    // As the SDK sends them when the environment names them.
    ...(organization === undefined || organization === '' ? {} : { 'openai-organization': organization }),
    ...(project === undefined || project === '' ? {} : { 'openai-project': project }),
  };
  const model = settings.model;

  return Promise.resolve({
    ok: true,
    client: {
      endpoint: `openai|${baseUrl ?? openAiDefaultBaseUrl}`,
      async doChat(request): Promise<ProviderAttempt> {
        const outcome = await postJson({
          url,
          body: JSON.stringify(chatCompletionBody(model, request)),
          headers,
          signal: request.signal,
        });
        return completionAttempt(outcome, Date.now());
      },
    },
  });
};

// Ollama through its native client rather than its OpenAI-compatible endpoint: the native API takes `num_ctx` per
// request (the compatible endpoint silently truncates long repair prompts to the server default context) and reports
// token counts. The client has no per-request abort signal, so each attempt gets a client whose fetch carries it.
import { Ollama } from 'ollama';
import { z } from 'zod';

import { codeForStatus, retryAfterFrom } from './http-errors.js';
import type { ProviderAttempt, ProviderFactory } from './types.js';

const chatSchema = z.object({
  message: z.object({ content: z.string() }),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});

/** Context window asked for on every request; large enough for a prompt plus code plus findings. */
export const ollamaContextTokens = 8192;

/** Ollama serves OLLAMA_NUM_PARALLEL requests per model at once and queues the rest on the server, where their
 * time-outs would run; when the variable is set here (a local server), requests beyond it wait on our side instead.
 * Unset, the server picks 1 or 4 by memory, which the client cannot know, so no limit is assumed. */
export function ollamaParallel(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const parsed = Number(value.trim());
  return parsed >= 1 ? parsed : undefined;
}

export const createOllamaProvider: ProviderFactory = (settings) => {
  const host = settings.baseUrl ?? settings.environment.OLLAMA_HOST ?? 'http://127.0.0.1:11434';
  const endpoint = `ollama|${host}`;
  const parallel = ollamaParallel(settings.environment.OLLAMA_NUM_PARALLEL);
  return Promise.resolve({
    ok: true,
    client: {
      endpoint,
      ...(parallel === undefined ? {} : { maxConcurrency: parallel }),
      async doChat(request): Promise<ProviderAttempt> {
        let lastHeaders: Headers | undefined;
        const client = new Ollama({
          host,
          fetch: async (input, init) => {
            const response = await fetch(input, { ...init, signal: request.signal });
            lastHeaders = response.headers;
            return response;
          },
        });
        const parameters = request.parameters;
        try {
          const raw: unknown = await client.chat({
            model: settings.model,
            stream: false,
            messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
            options: {
              num_ctx: ollamaContextTokens,
              ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
              ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
              ...(parameters.maxTokens === undefined ? {} : { num_predict: parameters.maxTokens }),
              ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
              ...(parameters.stop === undefined ? {} : { stop: [...parameters.stop] }),
            },
          });
          const parsed = chatSchema.safeParse(raw);
          if (!parsed.success) {
            return { ok: false, code: 'bad-response', message: 'ollama: response does not have the chat shape' };
          }
          return {
            ok: true,
            text: parsed.data.message.content,
            usage: { inputTokens: parsed.data.prompt_eval_count ?? 0, outputTokens: parsed.data.eval_count ?? 0 },
            truncated: parsed.data.done_reason === 'length',
          };
        } catch (error: unknown) {
          return classifyOllamaError(error, lastHeaders);
        }
      },
    },
  });
};

function classifyOllamaError(error: unknown, headers: Headers | undefined): Extract<ProviderAttempt, { ok: false }> {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'AbortError')
    return { ok: false, code: 'aborted', message: 'request aborted' };
  const status = (error as { status_code?: unknown } | null)?.status_code;
  if (typeof status === 'number') {
    const retryAfterMs = retryAfterFrom(headers);
    return {
      ok: false,
      code: codeForStatus(status),
      message,
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (error instanceof SyntaxError)
    return { ok: false, code: 'bad-response', message: `unparseable response body: ${message}` };
  // fetch failures (refused, reset) surface as TypeError('fetch failed').
  if (error instanceof TypeError)
    return { ok: false, code: 'connection', message: `ollama at this host is unreachable: ${message}` };
  return { ok: false, code: 'bad-response', message };
}

// OpenAI and every OpenAI-compatible server (vLLM, NVIDIA NIM, Together, LM Studio) through the official SDK, with
// its own retries off so retries and accounting are fdsp's.
import OpenAI from 'openai';
import { z } from 'zod';

import { classifySdkError } from './http-errors.js';
import { nodeHttpFetch } from './node-http-fetch.js';
import type { ProviderAttempt, ProviderFactory } from './types.js';

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
  const client = new OpenAI({
    // Local servers (vLLM, LM Studio) accept any key; the SDK insists on one.
    apiKey: apiKey !== undefined && apiKey !== '' ? apiKey : 'not-needed',
    baseURL: baseUrl ?? null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    fetch: nodeHttpFetch,
  });
  const endpoint = `openai|${baseUrl ?? 'https://api.openai.com/v1'}`;

  return Promise.resolve({
    ok: true,
    client: {
      endpoint,
      async doChat(request): Promise<ProviderAttempt> {
        const parameters = request.parameters;
        try {
          const raw: unknown = await client.chat.completions.create(
            {
              model: settings.model,
              messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
              ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
              ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
              // max_tokens, not max_completion_tokens: every OpenAI-compatible server (vLLM, NIM, LM Studio) takes it.
              // eslint-disable-next-line @typescript-eslint/no-deprecated
              ...(parameters.maxTokens === undefined ? {} : { max_tokens: parameters.maxTokens }),
              // Best-effort determinism, still honoured by OpenAI and by vLLM.
              // eslint-disable-next-line @typescript-eslint/no-deprecated
              ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
              ...(parameters.stop === undefined ? {} : { stop: [...parameters.stop] }),
            },
            { signal: request.signal },
          );
          const parsed = completionSchema.safeParse(raw);
          if (!parsed.success) {
            return {
              ok: false,
              code: 'bad-response',
              message: 'openai: response does not have the chat completion shape',
            };
          }
          const choice = parsed.data.choices[0];
          const text = choice?.message.content;
          if (typeof text !== 'string') {
            return { ok: false, code: 'bad-response', message: 'openai: the reply has no text content' };
          }
          return {
            ok: true,
            text,
            usage: {
              inputTokens: parsed.data.usage?.prompt_tokens ?? 0,
              outputTokens: parsed.data.usage?.completion_tokens ?? 0,
            },
            truncated: choice?.finish_reason === 'length',
          };
        } catch (error: unknown) {
          return classifySdkError(error);
        }
      },
    },
  });
};

// Anthropic's Messages API through the official SDK (its retries off). System messages move to `system`.
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';

import { classifySdkError } from './http-errors.js';
import { nodeHttpFetch } from './node-http-fetch.js';
import type { ProviderAttempt, ProviderFactory } from './types.js';

const messageSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable().optional(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
});

/** The API requires max_tokens; this is the default when the caller sets none. */
export const anthropicDefaultMaxTokens = 4096;

export const createAnthropicProvider: ProviderFactory = (settings) => {
  const apiKey = settings.apiKey ?? settings.environment.ANTHROPIC_API_KEY;
  const baseUrl = settings.baseUrl ?? settings.environment.ANTHROPIC_BASE_URL;
  if (apiKey === undefined || apiKey === '') {
    return Promise.resolve({ ok: false, code: 'auth', message: 'anthropic: no API key; set ANTHROPIC_API_KEY' });
  }
  const client = new Anthropic({
    apiKey,
    baseURL: baseUrl ?? null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    fetch: nodeHttpFetch,
  });
  const endpoint = `anthropic|${baseUrl ?? 'https://api.anthropic.com'}`;

  return Promise.resolve({
    ok: true,
    client: {
      endpoint,
      async doChat(request): Promise<ProviderAttempt> {
        const parameters = request.parameters;
        const system = request.messages
          .filter((message) => message.role === 'system')
          .map((message) => message.content)
          .join('\n\n');
        const turns = request.messages
          .filter((message) => message.role !== 'system')
          .map((message) => ({
            role: message.role === 'assistant' ? ('assistant' as const) : ('user' as const),
            content: message.content,
          }));
        try {
          const raw: unknown = await client.messages.create(
            {
              model: settings.model,
              max_tokens: parameters.maxTokens ?? anthropicDefaultMaxTokens,
              messages: turns,
              ...(system === '' ? {} : { system }),
              ...(parameters.temperature === undefined ? {} : { temperature: parameters.temperature }),
              ...(parameters.topP === undefined ? {} : { top_p: parameters.topP }),
              ...(parameters.stop === undefined ? {} : { stop_sequences: [...parameters.stop] }),
            },
            { signal: request.signal },
          );
          const parsed = messageSchema.safeParse(raw);
          if (!parsed.success) {
            return { ok: false, code: 'bad-response', message: 'anthropic: response does not have the message shape' };
          }
          const text = parsed.data.content
            .filter((block) => block.type === 'text')
            .map((block) => block.text ?? '')
            .join('');
          return {
            ok: true,
            text,
            usage: { inputTokens: parsed.data.usage.input_tokens, outputTokens: parsed.data.usage.output_tokens },
            truncated: parsed.data.stop_reason === 'max_tokens',
          };
        } catch (error: unknown) {
          return classifySdkError(error);
        }
      },
    },
  });
};

// Content address of a call: everything that can change the answer (provider, model, resolved parameters, messages)
// plus the sample index, so independent repeats stay independent. Canonical JSON (sorted keys, no undefined) keeps
// the key stable across property order.
import { createHash } from 'node:crypto';

import type { ChatMessage, GenerationParameters } from './types.js';

export interface CacheKeyInput {
  readonly provider: string;
  readonly model: string;
  readonly parameters: GenerationParameters;
  readonly messages: readonly ChatMessage[];
  readonly sampleIndex: number;
}

export function cacheKey(input: CacheKeyInput): string {
  const material = canonicalJson({
    version: 1,
    provider: input.provider,
    model: input.model,
    parameters: input.parameters,
    messages: input.messages.map((message) => ({ role: message.role, content: message.content })),
    sampleIndex: input.sampleIndex,
  });
  return createHash('sha256').update(material).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, field]) => [key, sortKeys(field)]));
  }
  return value;
}

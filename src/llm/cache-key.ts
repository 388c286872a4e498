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

export interface CacheRequest {
  readonly key: string;
  /** The request as stored beside a cached answer (no version field; messages as given). */
  readonly requestJson: string;
}

/** The key and the stored request JSON in one canonical serialization: the key's material is the request JSON with
 * `"version":1` as its last field whenever the messages carry nothing but role and content (as typed), which sorts
 * last since "version" follows every other key; anything else falls back to serializing twice. Byte-for-byte what
 * cacheKey and canonicalJson give apart (cache-key.test.ts), so cached answers stay addressable. */
export function cacheRequest(input: CacheKeyInput): CacheRequest {
  const requestJson = canonicalJson({
    provider: input.provider,
    model: input.model,
    parameters: input.parameters,
    messages: input.messages,
    sampleIndex: input.sampleIndex,
  });
  const plain = input.messages.every((message) =>
    Object.keys(message).every((name) => name === 'role' || name === 'content'),
  );
  if (!plain) return { key: cacheKey(input), requestJson };
  const material = `${requestJson.slice(0, -1)},"version":1}`;
  return { key: createHash('sha256').update(material).digest('hex'), requestJson };
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

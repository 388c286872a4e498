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
  return plainCanonicalJson(value) ?? JSON.stringify(sortKeys(value));
}

/** Index-like keys, which an object enumerates first in numeric order whatever order they were added in. */
const indexKey = /^(?:0|[1-9]\d*)$/;

/** The same text as JSON.stringify(sortKeys(value)) written in one pass, without building the sorted copy (the
 * cache key of every model call serializes its whole prompt); undefined for anything but strings, finite or not
 * numbers, booleans, null, arrays and plain objects with ordinary keys, which take the two-step path. */
function plainCanonicalJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value as readonly unknown[]) {
      const text = plainCanonicalJson(item);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(',')}]`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const record = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (indexKey.test(key) || key === '__proto__') return undefined;
    const field = record[key];
    if (field === undefined) continue;
    const text = plainCanonicalJson(field);
    if (text === undefined) return undefined;
    fields.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${fields.join(',')}}`;
}

/** A copy with every object's keys sorted and undefined fields dropped: the reference canonicalJson serializes. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, field]) => [key, sortKeys(field)]));
  }
  return value;
}

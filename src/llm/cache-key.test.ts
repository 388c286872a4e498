import { describe, expect, it } from 'vitest';

import { cacheKey, cacheRequest, canonicalJson, sortKeys, type CacheKeyInput } from './cache-key.js';
import { redactSecrets } from './redact.js';

const base = {
  provider: 'openai',
  model: 'gpt-4',
  parameters: { temperature: 1, maxTokens: 100 },
  messages: [{ role: 'user' as const, content: 'hi' }],
  sampleIndex: 0,
};

describe('cacheKey', () => {
  it('ignores property order and undefined fields', () => {
    expect(cacheKey({ ...base, parameters: { maxTokens: 100, temperature: 1, seed: undefined } })).toBe(cacheKey(base));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it.each([
    ['provider', { provider: 'anthropic' }],
    ['model', { model: 'gpt-4o' }],
    ['parameters', { parameters: { temperature: 0, maxTokens: 100 } }],
    ['messages', { messages: [{ role: 'user' as const, content: 'hi!' }] }],
    ['role', { messages: [{ role: 'system' as const, content: 'hi' }] }],
    ['sample index', { sampleIndex: 1 }],
  ])('changes with the %s', (_name, change) => {
    expect(cacheKey({ ...base, ...change })).not.toBe(cacheKey(base));
  });
});

describe('canonicalJson', () => {
  // The one-pass writer must give the bytes the sorted copy gives, or every stored cache key would change.
  const twoStep = (value: unknown): string | undefined => JSON.stringify(sortKeys(value));
  it.each([
    ['nested objects', { b: 1, a: { d: [2, { z: null, y: 'é\u2028"\\' }], c: true } }],
    ['undefined fields and array items', { a: undefined, b: [undefined, 1], c: { d: undefined } }],
    ['index-like keys', { 10: 'ten', 2: 'two', b: 'b', a: 'a' }],
    ['non-finite numbers and negative zero', { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, zero: -0 }],
    ['a date and a map', { when: new Date(0), map: new Map([['k', 1]]) }],
    ['a function field', { f: () => 1, g: 'kept' }],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { b: 2, a: 1 })],
    ['code points that sort apart from code units', { '\u{1F600}': 1, '\uFFFF': 2, Z: 3, a: 4 }],
    ['a bare string', 'hi "there"'],
  ])('writes %s as the two-step serialization does', (_name, value) => {
    expect(canonicalJson(value)).toBe(twoStep(value));
  });
});

describe('cacheRequest', () => {
  // The one-pass key must address exactly what cacheKey addressed, or every cached answer would be lost.
  const requestJsonOf = (input: CacheKeyInput): string =>
    canonicalJson({
      provider: input.provider,
      model: input.model,
      parameters: input.parameters,
      messages: input.messages,
      sampleIndex: input.sampleIndex,
    });
  const inputs: CacheKeyInput[] = [
    base,
    { ...base, parameters: {} },
    { ...base, parameters: { seed: 7, temperature: undefined, topP: 0.5 } },
    { ...base, messages: [] },
    {
      ...base,
      provider: 'anthropic',
      sampleIndex: 3,
      messages: [
        { role: 'system', content: 'be "careful" \u2028 \\ }' },
        { content: 'code:\n```python\nx = {"version": 1}\n```', role: 'user' },
      ],
    },
    // Extra fields on a message are dropped from the key but kept in the stored request JSON.
    { ...base, messages: [{ role: 'user', content: 'hi', name: 'tool' } as CacheKeyInput['messages'][number]] },
  ];

  it.each(inputs.map((input, index) => [index, input] as const))(
    'input %i: the key and the JSON of the two-pass way',
    (_index, input) => {
      const request = cacheRequest(input);
      expect(request.key).toBe(cacheKey(input));
      expect(request.requestJson).toBe(requestJsonOf(input));
    },
  );

  it('still tells requests apart', () => {
    expect(cacheRequest({ ...base, sampleIndex: 1 }).key).not.toBe(cacheRequest(base).key);
    expect(cacheRequest({ ...base, messages: [{ role: 'user', content: 'hi!' }] }).key).not.toBe(
      cacheRequest(base).key,
    );
  });
});

describe('redactSecrets', () => {
  it('masks known secrets, their prefixes, and key-shaped tokens', () => {
    const secret = 'zz-0123456789abcdef';
    expect(redactSecrets(`bad key ${secret} given`, [secret])).toBe('bad key [redacted] given');
    expect(redactSecrets('partial zz-0123456789*** shown', [secret])).not.toContain('zz-0123456789');
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc123def456', [])).toBe(
      'Incorrect API key provided: [redacted]',
    );
    expect(redactSecrets('Authorization: Bearer abcdef123456', [])).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('nothing secret here', [undefined, ''])).toBe('nothing secret here');
  });
});

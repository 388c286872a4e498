import { describe, expect, it } from 'vitest';

import { nameWords, namesSecret } from './timing-comparison.js';

describe('nameWords', () => {
  it('splits snake_case, camelCase and header names and drops a plural s', () => {
    expect(nameWords('expected_token')).toEqual(['expected', 'token']);
    expect(nameWords('typedPw')).toEqual(['typed', 'pw']);
    expect(nameWords('X-Api-Keys')).toEqual(['x', 'api', 'key']);
    expect(nameWords('API_TOKENS')).toEqual(['api', 'token']);
  });
});

describe('namesSecret', () => {
  it.each(['password', 'stored_hash', 'HMAC_DIGEST', 'otp', 'X-Api-Key', 'apiKey', 'client_secret', 'signature'])(
    '%s names a secret',
    (name) => {
      expect(namesSecret(name)).toBe(true);
    },
  );
  it.each(['dotplace', 'leftdigits', 'ttype', 'NEWLINE', 'hashable_type', 'passes', 'sigma', 'signal', 'keyword'])(
    '%s does not',
    (name) => {
      expect(namesSecret(name)).toBe(false);
    },
  );
});

import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('early-exit secret comparison (FDSP-PY-EARLYEXIT-001)', () => {
  const id = 'FDSP-PY-EARLYEXIT-001';
  it.each([
    [
      'enumerate over the secret, indexing the other value',
      'def ok(api_key, supplied):\n    for i, ch in enumerate(api_key):\n        if ch != supplied[i]:\n            return False\n    return True\n',
    ],
    [
      'a method comparing an HMAC digest by index',
      'class Verifier:\n    def same(self, digest, other):\n        for k in range(len(digest)):\n            if digest[k] != other[k]:\n                return None\n        return True\n',
    ],
  ])('flags %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'two token streams of a parser (plural names)',
      'def same_stream(tokens, expected_tokens):\n    for a, b in zip(tokens, expected_tokens):\n        if a != b:\n            return False\n    return True\n',
    ],
    [
      'a secret checked for a forbidden character',
      'def plain(password):\n    for ch in password:\n        if ch != ch.strip():\n            return False\n    return True\n',
    ],
    [
      'an accumulating comparison that never exits early',
      'def eq(secret, given):\n    result = len(secret) ^ len(given)\n    for x, y in zip(secret, given):\n        result |= ord(x) ^ ord(y)\n    return result == 0\n',
    ],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('modulo-biased random choice (FDSP-PY-BIAS-001)', () => {
  const id = 'FDSP-PY-BIAS-001';
  it('flags members of a random buffer reduced by a non-power-of-two', () => {
    const code =
      'import secrets\nALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"\ndef ref():\n    out = []\n    for byte in secrets.token_bytes(12):\n        out.append(ALPHABET[byte % 36])\n    return "".join(out)\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'a power-of-two alphabet',
      'import os\ndef hexish():\n    return "".join("0123456789abcdef"[b % 16] for b in os.urandom(8))\n',
    ],
    ['a wide random integer', 'import os\ndef pick(n):\n    return int.from_bytes(os.urandom(16), "big") % n\n'],
    ['non-random bytes', 'def checksum(data):\n    return sum(b % 7 for b in data)\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('credential returned by a getter (FDSP-PY-CREDFN-001)', () => {
  const id = 'FDSP-PY-CREDFN-001';
  it('flags a camelCase getter returning a literal secret key', () => {
    expect(ruleIds('def getSecretKey():\n    return "9f8e7d6c5b4a"\n', id)).toEqual([id]);
  });

  it.each([
    ['a tokenizer special token', 'class Tok:\n    def unk_token(self):\n        return "[UNK]"\n'],
    ['a prompt for the password', 'import getpass\ndef get_password():\n    return getpass.getpass("Password: ")\n'],
    [
      'a getter with logic',
      'def get_token(cache):\n    if cache:\n        return cache["t"]\n    return "anonymous"\n',
    ],
    ['an empty default', 'def default_password():\n    return ""\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('credential environment fallback (FDSP-PY-CREDFN-002)', () => {
  const id = 'FDSP-PY-CREDFN-002';
  it('flags a keyword default of a setdefault on a private key', () => {
    expect(ruleIds('import os\nos.environ.setdefault("SSH_PRIVATE_KEY", "-----BEGIN-KEY-----abc")\n', id)).toEqual([
      id,
    ]);
  });

  it.each([
    ['a non-credential variable with a default', 'import os\nHOME = os.getenv("HOME", "/root")\n'],
    ['a credential-named variable read without fallback', 'import os\nTOKEN = os.getenv("GITHUB_TOKEN")\n'],
    ['a fallback that is itself a lookup', 'import os\nKEY = os.getenv("API_KEY", os.getenv("LEGACY_API_KEY"))\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('unverified SSL context (FDSP-PY-TLSPARAM-001)', () => {
  const id = 'FDSP-PY-TLSPARAM-001';
  it('flags a module-level context a function passes to urlopen', () => {
    const code =
      'import ssl, urllib.request\nCTX = ssl.SSLContext(ssl.PROTOCOL_TLS)\ndef get(url):\n    return urllib.request.urlopen(url, context=CTX).read()\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it('accepts PROTOCOL_TLS_CLIENT, which verifies by default', () => {
    const code =
      'import ssl, urllib.request\nCTX = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\ndef get(url):\n    return urllib.request.urlopen(url, context=CTX).read()\n';
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('broken TLS version or cipher (FDSP-PY-TLSPARAM-002)', () => {
  const id = 'FDSP-PY-TLSPARAM-002';
  it('flags TLS 1.1 imported by name', () => {
    const code =
      'import ssl\nfrom ssl import TLSVersion\ndef ctx():\n    c = ssl.create_default_context()\n    c.minimum_version = TLSVersion.TLSv1_1\n    return c\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it('accepts a cipher string that only negates weak suites', () => {
    const code = 'import ssl\nc = ssl.create_default_context()\nc.set_ciphers("HIGH:!aNULL:!MD5:!RC4:!DES:-EXPORT")\n';
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('weak password-hash cost (FDSP-PY-KDFPARAM-001)', () => {
  const id = 'FDSP-PY-KDFPARAM-001';
  it.each([
    ['positional bcrypt rounds', 'import bcrypt\nSALT = bcrypt.gensalt(8)\n'],
    [
      'a shifted scrypt cost',
      'import hashlib\ndef h(pw, salt):\n    return hashlib.scrypt(pw, salt=salt, n=1 << 10, r=8, p=1)\n',
    ],
  ])('flags %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'scrypt at the minimum',
      'import hashlib\ndef h(pw, salt):\n    return hashlib.scrypt(pw, salt=salt, n=2**14, r=8, p=1)\n',
    ],
    ['a cost read from configuration', 'import bcrypt\ndef s(cfg):\n    return bcrypt.gensalt(cfg.rounds)\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('small RSA public exponent (FDSP-PY-RSAPARAM-001)', () => {
  const id = 'FDSP-PY-RSAPARAM-001';
  it('flags a positional exponent of 3 in PyCryptodome', () => {
    expect(ruleIds('from Crypto.PublicKey import RSA\nK = RSA.generate(2048, None, 3)\n', id)).toEqual([id]);
  });

  it('accepts the default exponent', () => {
    expect(ruleIds('from Crypto.PublicKey import RSA\nK = RSA.generate(3072)\n', id)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('identity instead of equality (FDSP-PY-IDENTITY-001)', () => {
  const id = 'FDSP-PY-IDENTITY-001';
  it('flags a comparison helper in camel case', () => {
    expect(ruleIds('def sameAccount(a, b):\n    return a is not b\n', id)).toEqual([id]);
  });

  it.each([
    ['an ordinary function comparing parameters by identity', 'def link(node, parent):\n    return node is parent\n'],
    ['a comparison helper checking a parameter against None', 'def equals(a, b):\n    return a is None\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

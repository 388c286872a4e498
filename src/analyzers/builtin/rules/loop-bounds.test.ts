import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('index past the end (FDSP-PY-OFFBY-001)', () => {
  const id = 'FDSP-PY-OFFBY-001';
  it.each([
    [
      'a write through the index',
      'def z(buf):\n    i = 0\n    while i <= len(buf):\n        buf[i] = 0\n        i += 1\n',
    ],
    ['range(0, len + 1)', 'def f(xs):\n    for i in range(0, len(xs) + 1):\n        print(xs[i])\n'],
  ])('flags %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'a different sequence indexed',
      'def dp(s):\n    t = [0] * (len(s) + 1)\n    for i in range(len(s) + 1):\n        t[i] = i\n    return t\n',
    ],
    ['a strict bound', 'def f(xs):\n    for i in range(len(xs)):\n        print(xs[i])\n'],
    ['a step argument', 'def f(xs):\n    for i in range(0, len(xs) + 1, 2):\n        print(xs[i])\n'],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

describe('loop condition never changes (FDSP-PY-LOOP-002)', () => {
  const id = 'FDSP-PY-LOOP-002';
  it('flags a counter that is read but never advanced', () => {
    const code = 'def spin(n):\n    i = 0\n    while i < n:\n        print(i)\n    return i\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'a counter advanced in a nested block',
      'def f(n):\n    i = 0\n    while i < n:\n        if n > 2:\n            i += 2\n        else:\n            i += 1\n',
    ],
    [
      'a counter advanced by a for target',
      'def f(n, xs):\n    i = 0\n    while i < n:\n        for i in xs:\n            pass\n',
    ],
    [
      'a nonlocal counter changed by a closure',
      'def f(n):\n    i = 0\n    def step():\n        nonlocal i\n        i += 1\n    while i < n:\n        step()\n',
    ],
    [
      'a return inside a nested loop',
      'def f(n, xs):\n    i = 0\n    while i < n:\n        for x in xs:\n            return x\n',
    ],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });

  it('still flags when only a nested loop breaks', () => {
    const code = 'def f(n, xs):\n    i = 0\n    while i < n:\n        for x in xs:\n            break\n';
    expect(ruleIds(code, id)).toEqual([id]);
  });
});

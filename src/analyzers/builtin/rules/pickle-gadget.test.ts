import { describe, expect, it } from 'vitest';

import { ruleIds } from './testing.js';

describe('pickle gadget (FDSP-PY-DESER-003)', () => {
  const id = 'FDSP-PY-DESER-003';

  it.each([
    [
      'a module alias',
      'import subprocess as sp\nclass Run:\n    def __reduce__(self):\n        return (sp.check_output, (["id"],))\n',
    ],
    [
      'a parenthesized tuple in a nested class',
      'import os\nclass Outer:\n    class Inner:\n        def __reduce__(self):\n            return ((os.popen), ("id",))\n',
    ],
    [
      'one of several returns',
      'import os\nclass P:\n    def __reduce__(self):\n        if self.safe:\n            return (P, ())\n        return os.execv, ("/bin/sh", ["sh"])\n',
    ],
  ])('flags a gadget through %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([id]);
  });

  it.each([
    [
      'a __reduce__ that is a module function, not a method',
      'import os\ndef __reduce__():\n    return os.system, ("ls",)\n',
    ],
    [
      'a factory of the same module',
      'def _rebuild(state):\n    return Box(state)\nclass Box:\n    def __init__(self, state):\n        self.state = state\n    def __reduce__(self):\n        return _rebuild, (self.state,)\n',
    ],
    [
      'a method named like a runner on the object',
      'class Model:\n    def __reduce__(self):\n        return (self.eval, ())\n',
    ],
  ])('does not flag %s', (_shape, code) => {
    expect(ruleIds(code, id)).toEqual([]);
  });
});

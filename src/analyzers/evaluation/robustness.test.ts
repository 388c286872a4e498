import { describe, expect, it } from 'vitest';

import { verdictFlips } from './robustness.js';
import { variantOf } from './variant-script.js';

const variant = variantOf;

describe('semantics-preserving variants (python/ast-variants.py)', () => {
  it('renames plain locals only: parameters, globals and names a closure reads keep their spelling', () => {
    const text = [
      'COUNT = 0',
      'def view(username):',
      '    global COUNT',
      '    COUNT = 1',
      "    path = '/home/' + username",
      '    shared = 2',
      '    def inner():',
      '        return shared',
      '    return open(path).read(), inner',
    ].join('\n');
    const renamed = variant(text, 'rename-locals') ?? '';
    expect(renamed).toContain("path_1 = '/home/' + username");
    expect(renamed).toContain('open(path_1)');
    expect(renamed).toContain('COUNT = 1');
    expect(renamed).toContain('shared = 2');
    expect(renamed).toContain('def view(username):');
  });

  it('writes f-strings as str.format, keeping conversions, specs and literal braces', () => {
    const formatted = variant("x = 1\ny = f'{{a}} {x!r} {x:>4}'", 'format-strings');
    expect(formatted).toContain("'{{a}} {!r} {:>4}'.format(x, x)");
  });

  it('writes f-strings as concatenation, with str(), repr() and format() for conversions and specs', () => {
    const joined = variant("x = 1\ny = f'a {x} b {x!r} {x:>4}'", 'concatenate-strings');
    expect(joined).toContain("y = 'a ' + str(x) + ' b ' + repr(x) + ' ' + format(x, '>4')");
  });

  it('hoists a computed first argument into a variable before the call', () => {
    const hoisted = variant('import os\ndef run(c):\n    os.system("ls " + c)', 'hoist-arguments') ?? '';
    expect(hoisted).toMatch(/argument_1 = 'ls ' \+ c\n\s+os\.system\(argument_1\)/);
  });

  it('qualifies from-imports through their module, unless a name is rebound in the file', () => {
    const text = 'from flask import request, redirect\nredirect = None\ndef f():\n    return request.args';
    const qualified = variant(text, 'module-imports') ?? '';
    expect(qualified).toContain('import flask');
    expect(qualified).toContain('return flask.request.args');
    expect(qualified).toContain('from flask import redirect');
  });

  it('reports a transform that does not apply, and a file that does not parse, as no variant', () => {
    expect(variant('x = 1', 'hoist-arguments')).toBeNull();
    expect(variant('def (:', 'unparse')).toBeNull();
  });
});

describe('verdict flips', () => {
  it('counts each changed target-CWE verdict once, in its direction, against the label', () => {
    const samples = [
      { id: 'a', targetCwe: 78, vulnerable: true },
      { id: 'b', targetCwe: 89, vulnerable: false },
      { id: 'c', targetCwe: 22 },
    ];
    const original = new Map([
      ['a', [{ cwe: 78 }]],
      ['c', [{ cwe: 22 }]],
    ]);
    const variants = new Map([
      [
        'hoist',
        new Map([
          ['a', []],
          ['b', [{ cwe: 89 }]],
          ['c', [{ cwe: 22 }]],
        ]),
      ],
    ]);
    const { rows, flips } = verdictFlips(samples, original, variants);
    expect(rows).toEqual([{ transform: 'hoist', variants: 3, lost: 1, gained: 1 }]);
    expect(flips).toEqual([
      { id: 'a', transform: 'hoist', targetCwe: 78, lost: true, variantWrong: true },
      { id: 'b', transform: 'hoist', targetCwe: 89, lost: false, variantWrong: true },
    ]);
  });
});

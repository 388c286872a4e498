// The transforms that write a program in another model's style (python/style_variants), each on a tiny input: what
// it rewrites, what it must leave alone to keep the program's meaning, and that the variant still runs the same.
import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { resolveBanditPython } from '../bandit/index.js';
import { variantOf } from './variant-script.js';

const variant = variantOf;

/** Runs a self-contained program (no imports beyond the standard library, nothing written) and returns its output. */
function run(text: string): string {
  const result = spawnSync(resolveBanditPython(), ['-I', '-c', text], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('extract-helper', () => {
  it('moves a sink into a module-level helper defined before its first use, passing a method’s receiver', () => {
    const text = 'import os\ndef run(cur, c):\n    os.system(c)\n    cur.execute("SELECT 1", (c,))\n';
    const extracted = variant(text, 'extract-helper') ?? '';
    expect(extracted).toContain('def _do_system(arg_1):\n    return os.system(arg_1)');
    expect(extracted).toContain('def _do_execute(target, arg_1, arg_2):\n    return target.execute(arg_1, arg_2)');
    expect(extracted).toContain("_do_execute(cur, 'SELECT 1', (c,))");
    expect(extracted.indexOf('def _do_system')).toBeLessThan(extracted.indexOf('def run'));
  });

  it('gives eval the caller’s scope and leaves a callee the helper could not see inline', () => {
    const text = 'def f(x):\n    import pickle\n    y = 2\n    return eval("x + y"), pickle.loads(x)\nprint(f(1)[0])';
    const extracted = variant(text, 'extract-helper') ?? '';
    expect(extracted).toContain("_do_eval('x + y', globals(), locals())");
    expect(extracted).toContain('pickle.loads(x)');
    expect(run(text.replace(', pickle.loads(x)', ', 0'))).toBe('3\n');
    expect(run(extracted.replace(', pickle.loads(x)', ', 0'))).toBe('3\n');
  });

  it('keeps keywords as keyword-only parameters and skips calls with *args', () => {
    const text = 'import subprocess\ndef f(a, rest):\n    subprocess.run(a, shell=False)\n    subprocess.run(*rest)\n';
    const extracted = variant(text, 'extract-helper') ?? '';
    expect(extracted).toContain('def _do_run(arg_1, *, shell):\n    return subprocess.run(arg_1, shell=shell)');
    expect(extracted).toContain('subprocess.run(*rest)');
  });
});

describe('alias-request and alias-request-import', () => {
  it('aliases a request container right before its first read and reads the alias after it', () => {
    const text =
      "from flask import request\ndef v():\n    if request.method == 'POST':\n        q = request.args.get('q')\n        return request.args['r'] + q\n    return request.form['x']\n";
    const aliased = variant(text, 'alias-request') ?? '';
    expect(aliased).toMatch(/if request\.method == 'POST':\n\s+args = request\.args\n\s+q = args\.get\('q'\)/);
    expect(aliased).toContain("return args['r'] + q");
    expect(aliased).toMatch(/form = request\.form\n\s+return form\['x'\]/);
  });

  it('leaves a function that binds its own request alone', () => {
    expect(variant('def v():\n    request = make()\n    return request.args\n', 'alias-request')).toBeNull();
  });

  it('imports the request under another name, keeping a view’s own request parameter', () => {
    const text =
      'from flask import request\ndef a():\n    return request.args\ndef b(request):\n    return request.GET\n';
    const renamed = variant(text, 'alias-request-import') ?? '';
    expect(renamed).toContain('from flask import request as req');
    expect(renamed).toContain('return req.args');
    expect(renamed).toContain('return request.GET');
  });
});

describe('inline-temporaries', () => {
  it('inlines a value used once, on the next statement', () => {
    const text = "import os\ndef f(c):\n    command = 'ls ' + c\n    os.system(command)\n";
    expect(variant(text, 'inline-temporaries')).toContain("os.system('ls ' + c)");
  });

  it('keeps the order of effects: no call moves past another, none into a branch or a loop', () => {
    const text = [
      'out = []',
      'def g(v):',
      '    out.append(v)',
      '    return v',
      'def f():',
      '    a = g(1)',
      '    b = [g(2), a]',
      '    c = g(3)',
      '    d = c if out else 0',
      '    e = g(4)',
      '    for _ in range(2):',
      '        out.append(e)',
      '    return b, d',
      'f()',
      'print(out)',
    ].join('\n');
    const inlined = variant(text, 'inline-temporaries');
    expect(inlined).toBeNull();
    expect(run(text)).toBe('[1, 2, 3, 4, 4, 4]\n');
  });

  it('inlines a call into the first thing the next statement evaluates, and the program prints the same', () => {
    const text = 'def f(x):\n    y = str(x)\n    z = y.upper()\n    return z\nprint(f("a"))';
    const inlined = variant(text, 'inline-temporaries') ?? '';
    expect(inlined).toContain('return str(x).upper()');
    expect(run(inlined)).toBe(run(text));
  });
});

describe('invert-guard', () => {
  const guarded = [
    'def f(x, ok):',
    '    if not ok:',
    "        return 'no'",
    '    y = x * 2',
    '    return y',
    'print(f(2, True), f(2, False))',
  ].join('\n');

  it('writes an early exit as if/else around the rest, and the program prints the same', () => {
    const inverted = variant(guarded, 'invert-guard') ?? '';
    expect(inverted).toMatch(/if ok:\n\s+y = x \* 2\n\s+return y\n\s+else:\n\s+return 'no'/);
    expect(run(inverted)).toBe(run(guarded));
  });

  it('writes an if/else whose branch exits as an early exit, flipping `in` and `is` exactly', () => {
    const text =
      'def f(x):\n    if x in (1, 2):\n        y = x\n    else:\n        raise ValueError(x)\n    return y\nprint(f(1))';
    const flat = variant(text, 'invert-guard') ?? '';
    expect(flat).toMatch(/if x not in \(1, 2\):\n\s+raise ValueError\(x\)\n\s+y = x\n\s+return y/);
    expect(run(flat)).toBe(run(text));
  });

  it('does not invert a branch that falls through', () => {
    expect(variant('def f(x):\n    if x:\n        print(x)\n    return 1\n', 'invert-guard')).toBeNull();
  });
});

describe('keyword-arguments', () => {
  it('names the leading arguments of known APIs, and positions them when the file named them', () => {
    const text =
      "import subprocess, yaml\ndef f(c, s):\n    subprocess.run(c, shell=True)\n    open(c, 'w')\n    return yaml.load(stream=s, Loader=yaml.SafeLoader)\n";
    const rewritten = variant(text, 'keyword-arguments') ?? '';
    expect(rewritten).toContain('subprocess.run(args=c, shell=True)');
    expect(rewritten).toContain("open(file=c, mode='w')");
    expect(rewritten).toContain('yaml.load(s, yaml.SafeLoader)');
  });

  it('leaves positional-only APIs, shadowed names and out-of-order keywords alone', () => {
    const text =
      'import pickle, yaml\ndef f(d, open):\n    pickle.loads(d)\n    open(d)\n    return yaml.load(Loader=yaml.SafeLoader, stream=d)\n';
    expect(variant(text, 'keyword-arguments')).toBeNull();
  });

  it('writes calls Python accepts with the same meaning', () => {
    const text = "import hashlib\nprint(hashlib.new('sha256', b'x').hexdigest()[:8])";
    const rewritten = variant(text, 'keyword-arguments') ?? '';
    expect(rewritten).toContain("hashlib.new(name='sha256', data=b'x')");
    expect(run(rewritten)).toBe(run(text));
  });
});

describe('strip-comments-docstrings', () => {
  it('drops docstrings, bare strings and comments, keeping a body that would be empty valid', () => {
    const text = '"""Module."""\ndef f():\n    """Doc."""\n\ndef g():\n    # why\n    "note"\n    return 1\n';
    const stripped = variant(text, 'strip-comments-docstrings') ?? '';
    expect(stripped).not.toMatch(/Module|Doc|why|note/);
    expect(stripped).toContain('def f():\n    pass');
    expect(stripped).toContain('return 1');
    expect(variant('x = 1\n', 'strip-comments-docstrings')).toBeNull();
  });
});

describe('annotate-parameters', () => {
  it('gives unannotated parameters a str hint (or str | None for a None default), and the program prints the same', () => {
    const text = "def f(a, b=None, *rest, c='x', n=3, **kw):\n    return a, b, c, n\nprint(f('1'))";
    const annotated = variant(text, 'annotate-parameters') ?? '';
    expect(annotated).toContain("def f(a: str, b: str | None=None, *rest, c: str='x', n=3, **kw):");
    expect(run(annotated)).toBe(run(text));
  });

  it('leaves self, cls and files whose framework reads annotations alone', () => {
    expect(variant('class C:\n    def m(self, x: int):\n        return x\n', 'annotate-parameters')).toBeNull();
    const fastapi = 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/")\ndef r(q):\n    return q\n';
    expect(variant(fastapi, 'annotate-parameters')).toBeNull();
  });
});

describe('wrap-try', () => {
  it('wraps a body after its docstring in a try whose handler re-raises, exceptions included', () => {
    const text =
      'def f(x):\n    """Doc."""\n    if x < 0:\n        raise ValueError("negative")\n    return x\n' +
      'print(f(1), f.__doc__)\ntry:\n    f(-1)\nexcept ValueError as e:\n    print(e)';
    const wrapped = variant(text, 'wrap-try') ?? '';
    expect(wrapped).toMatch(/"""Doc\."""\n\s+try:\n\s+if x < 0:/);
    expect(wrapped).toMatch(/except Exception:\n\s+raise/);
    expect(run(wrapped)).toBe(run(text));
  });

  it('does not wrap a body that is one try already', () => {
    expect(variant('def f():\n    try:\n        return 1\n    finally:\n        pass\n', 'wrap-try')).toBeNull();
  });
});

describe('module-constants', () => {
  it('names the literal arguments of calls inside functions as module constants after the imports', () => {
    const text = "import os\ndef f(x):\n    return os.path.join('/srv', x).upper()\nprint(f('a'))";
    const named = variant(text, 'module-constants') ?? '';
    expect(named).toMatch(/^import os\nCONSTANT_1 = '\/srv'\n/);
    expect(named).toContain('os.path.join(CONSTANT_1, x)');
    expect(run(named)).toBe(run(text));
  });

  it('leaves mutable and empty literals, and names already taken, alone', () => {
    expect(variant("def f(x):\n    return g(x, [1], '', True)\n", 'module-constants')).toBeNull();
    const named = variant('CONSTANT_1 = 2\ndef f():\n    return max(3, CONSTANT_1)\n', 'module-constants') ?? '';
    expect(named).toContain('CONSTANT_2 = 3');
  });
});

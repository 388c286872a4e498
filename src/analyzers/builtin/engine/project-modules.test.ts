import { describe, expect, it } from 'vitest';

import { createBuiltinAnalyzer } from '../index.js';
import { absoluteModule, importBindings, importStatements } from './project-imports.js';
import { dependencyKeys, projectLayout } from './project-modules.js';

describe('import lines', () => {
  it('reads every import shape, joined across parentheses, continuations and semicolons', () => {
    const text = [
      'import os, shop.db as database',
      'from ..utils import (',
      '    check,  # the validator',
      '    clean as tidy,',
      ')',
      'from . import helpers; from .db import *',
      'from shop.services \\',
      '    import fetch',
      'def f():',
      '    from .local import late',
    ].join('\n');
    const importer = { name: 'shop.views.users', isPackage: false };
    const bindings = importBindings(importStatements(text), importer);
    expect(Object.fromEntries(bindings.names)).toEqual({
      os: 'os',
      database: 'shop.db',
      check: 'shop.utils.check',
      tidy: 'shop.utils.clean',
      helpers: 'shop.views.helpers',
      fetch: 'shop.services.fetch',
      late: 'shop.views.local.late',
    });
    expect(bindings.star).toEqual(['shop.views.db']);
  });

  it('resolves relative imports from a package __init__ and refuses to climb above the top package', () => {
    const [one] = importStatements('from .db import run_query');
    const [two] = importStatements('from ... import x');
    if (!one || !two) throw new Error('no statement read');
    expect(absoluteModule(one, { name: 'shop', isPackage: true })).toBe('shop.db');
    expect(absoluteModule(one, { name: 'shop.views', isPackage: false })).toBe('shop.db');
    expect(absoluteModule(two, { name: 'shop.views', isPackage: true })).toBeUndefined();
  });
});

describe('the modules of one scan', () => {
  it('names modules by their package folders, orders imported modules first and survives an import cycle', () => {
    const layout = projectLayout([
      { path: 'src/shop/views/a.py', text: 'from ..db import q\nfrom . import b\n' },
      { path: 'src/shop/views/b.py', text: 'from .a import f\n' },
      { path: 'src/shop/views/__init__.py', text: '' },
      { path: 'src/shop/__init__.py', text: 'from .db import q\n' },
      { path: 'src/shop/db.py', text: 'import sqlite3\n' },
      { path: 'tools/run.py', text: 'import shop.db\n' },
    ]);
    expect(layout.modules.map((module) => module.module.name)).toEqual([
      'shop.views.a',
      'shop.views.b',
      'shop.views',
      'shop',
      'shop.db',
      'run',
    ]);
    // a ↔ b is a cycle: both are placed, each once, and db (imported by a) comes before a.
    expect([...layout.order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(layout.order.indexOf(4)).toBeLessThan(layout.order.indexOf(0));
    // tools/ is another root: `shop` and `shop.db` (`import shop.db` runs both) are found because one module of the
    // scan has each name.
    expect(layout.modules[5]?.imports).toEqual([3, 4]);
  });

  it('prefers the importer’s own root when two copies of a package hold the same names', () => {
    const files = ['one', 'two'].flatMap((copy) => [
      { path: `${copy}/app/__init__.py`, text: '' },
      { path: `${copy}/app/db.py`, text: 'def q(x):\n    return x\n' },
      { path: `${copy}/app/views.py`, text: 'from app.db import q\n' },
    ]);
    const layout = projectLayout(files);
    expect(layout.modules[2]?.imports).toEqual([1]);
    expect(layout.modules[5]?.imports).toEqual([4]);
  });

  it('keys a file that imports nothing of the scan by its text alone, and an importer by what it imports', () => {
    const files = [
      { path: 'app/__init__.py', text: '' },
      { path: 'app/db.py', text: 'def q(x):\n    return x\n' },
      { path: 'app/views.py', text: 'from .db import q\n' },
    ];
    const keys = dependencyKeys(files, projectLayout(files));
    expect(keys[0]).toBeUndefined();
    expect(keys[1]).toBeUndefined();
    const edited = files.map((file) =>
      file.path === 'app/db.py' ? { ...file, text: 'def q(x):\n    return x.strip()\n' } : file,
    );
    const again = dependencyKeys(edited, projectLayout(edited));
    expect(keys[2]).toMatch(/^[0-9a-f]{64}$/);
    expect(again[2]).not.toBe(keys[2]);
  });
});

describe('cross-module analysis leaves lone files as they were', () => {
  const helper = 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n';
  const caller =
    'from flask import request\nfrom tool import run\n\n\ndef view():\n    return run(request.args["c"])\n';

  it('reports request data reaching another module’s sink only when both are scanned together with crossModule', async () => {
    const files = [
      { path: 'tool.py', text: helper },
      { path: 'view.py', text: caller },
    ];
    const together = await createBuiltinAnalyzer({ crossModule: true }).scan(files);
    const plain = await createBuiltinAnalyzer().scan(files);
    const alone = await createBuiltinAnalyzer({ crossModule: true }).scan([files[1] ?? { path: '', text: '' }]);
    const lines = (results: typeof plain, file: string): string[] =>
      results.flatMap((result) =>
        result.path === file ? result.findings.map((finding) => `${finding.ruleId}:${String(finding.line)}`) : [],
      );
    expect(lines(together, 'view.py')).toEqual(['FDSP-PY-CMDI-001:6']);
    expect(together.find((result) => result.path === 'view.py')?.findings[0]?.message).toContain(
      'passed to run() which reaches the sink at tool.py:5',
    );
    expect(lines(plain, 'view.py')).toEqual([]);
    expect(lines(alone, 'view.py')).toEqual([]);
    // The helper's own findings do not depend on who imports it.
    expect(together.find((result) => result.path === 'tool.py')).toEqual(
      plain.find((result) => result.path === 'tool.py'),
    );
  });

  it('terminates on modules that import each other and still sees the summaries computed first', async () => {
    const a = 'from b import ping\nimport subprocess\n\n\ndef run(cmd):\n    return subprocess.run(cmd, shell=True)\n';
    const b = 'from flask import request\nfrom a import run\n\n\ndef ping():\n    return run(request.args["host"])\n';
    const results = await createBuiltinAnalyzer({ crossModule: true }).scan([
      { path: 'a.py', text: a },
      { path: 'b.py', text: b },
    ]);
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok']);
    const flagged = results.flatMap((result) => result.findings.map((finding) => `${result.path}:${finding.ruleId}`));
    expect(flagged).toContain('a.py:FDSP-PY-CMDI-001');
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { builtinAnalyzerIdentity, createBuiltinAnalyzer } from '../analyzers/builtin/index.js';
import type { Analyzer, FileScanResult, SourceFile } from '../analyzers/types.js';
import { openStore } from '../store/index.js';
import { persistResults } from './index.js';
import { countingAnalyzer } from './testing/counting-analyzer.js';

const vulnerable = 'import pickle\nfrom flask import request\n\n\ndef load():\n    return pickle.loads(request.data)\n';

describe('the persistent result cache', () => {
  it('answers an unchanged file from the store in a later process, relabelled with its path', async () => {
    const store = openStore(path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-cache-')), 'fdsp.db'));
    const first = countingAnalyzer(createBuiltinAnalyzer());
    const cached = persistResults(first, builtinAnalyzerIdentity(), store);
    const [fresh] = await cached.scan([{ path: 'a.py', text: vulnerable }]);
    expect(first.scanned).toEqual(['a.py']);
    expect(fresh?.findings.map((finding) => finding.ruleId)).toContain('FDSP-PY-DESER-001');

    const second = countingAnalyzer(createBuiltinAnalyzer());
    const again = persistResults(second, builtinAnalyzerIdentity(), store);
    const [recalled] = await again.scan([{ path: 'b.py', text: vulnerable }]);
    expect(second.scanned).toEqual([]);
    expect(again.cacheStats).toEqual({ hits: 1, misses: 0 });
    expect(recalled).toEqual({
      ...fresh,
      path: 'b.py',
      findings: fresh?.findings.map((f) => ({ ...f, path: 'b.py' })),
    });

    // Another identity (a changed rule set) never sees those answers.
    const third = countingAnalyzer(createBuiltinAnalyzer());
    await persistResults(third, `${builtinAnalyzerIdentity()}-changed`, store).scan([
      { path: 'c.py', text: vulnerable },
    ]);
    expect(third.scanned).toEqual(['c.py']);
    store.close();
  });

  it('never keeps an error result', async () => {
    const store = openStore(path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-cache-')), 'fdsp.db'));
    let calls = 0;
    const failing: Analyzer = {
      name: 'flaky',
      version: () => Promise.resolve('1'),
      close: () => Promise.resolve(),
      scan: (files: readonly SourceFile[]) => {
        calls += 1;
        return Promise.resolve(
          files.map((file): FileScanResult => ({
            path: file.path,
            status: 'error',
            error: { message: 'x' },
            findings: [],
          })),
        );
      },
    };
    const cached = persistResults(failing, 'flaky 1', store);
    await cached.scan([{ path: 'a.py', text: 'x = 1\n' }]);
    await cached.scan([{ path: 'a.py', text: 'x = 1\n' }]);
    expect(calls).toBe(2);
    store.close();
  });

  it('keys builtin by a hash of its rule and engine modules', () => {
    expect(builtinAnalyzerIdentity()).toMatch(/^builtin \S+ sha256:[0-9a-f]{64}$/);
    expect(builtinAnalyzerIdentity()).toBe(builtinAnalyzerIdentity());
  });
});

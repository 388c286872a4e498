// The builtin result cache with flows across modules: a file's key covers the modules it imports, so an edit in
// utils/validators.py that breaks a validator re-reports the view that relied on it, an unchanged tree is answered
// from the store without analysis, and a changed view is re-analysed together with what it imports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { fixtureFiles, markers } from '../analyzers/evaluation/cross-module-fixture.js';
import type { FileScanResult, SourceFile } from '../analyzers/types.js';
import { openStore } from '../store/index.js';
import { createCachedAnalyzers } from './index.js';
import type { CachedAnalyzer } from './result-cache.js';

function linesOf(results: readonly FileScanResult[], file: string): number[] {
  return results.flatMap((result) => (result.path === file ? result.findings.map((finding) => finding.line) : []));
}

describe('the scan cache with flows across modules', () => {
  it('re-reports a caller when an imported validator breaks, and answers an unchanged tree from the store', async () => {
    const store = openStore(path.join(mkdtempSync(path.join(tmpdir(), 'fdsp-xmod-cache-')), 'fdsp.db'));
    const open = (): CachedAnalyzer => {
      const analyzer = createCachedAnalyzers(['builtin'], store, { crossModule: true });
      if (!('cacheStats' in analyzer)) throw new Error('builtin is not cached');
      return analyzer as CachedAnalyzer;
    };
    const files = fixtureFiles();
    const view = 'shop/views/account.py';
    const twin = markers(files).find(
      (marker) => marker.path === view && marker.ruleId === 'FDSP-PY-PATH-001' && marker.kind === 'twin',
    );
    if (!twin) throw new Error('the fixture lost its path twin');

    const first = await open().scan(files);
    expect(linesOf(first, view)).not.toContain(twin.line);

    const unchanged = open();
    const again = await unchanged.scan(files);
    expect(unchanged.cacheStats).toEqual({ hits: files.length, misses: 0 });
    expect(again).toEqual(first);

    // The validator now accepts everything: the twin's call is a flow again, though account.py did not change.
    const broken: SourceFile[] = files.map((file) =>
      file.path === 'shop/utils/validators.py'
        ? {
            ...file,
            text: file.text.replace('return re.fullmatch(r"[A-Za-z0-9_-]+\\.txt", name) is not None', 'return True'),
          }
        : file,
    );
    expect(broken).not.toEqual(files);
    const edited = open();
    const afterEdit = await edited.scan(broken);
    expect(linesOf(afterEdit, view)).toContain(twin.line);
    // Modules that import nothing changed kept their answers.
    expect(edited.cacheStats.hits).toBeGreaterThan(0);

    // A caller edited alone is re-analysed with the modules it imports: its flows are still found.
    const touched = broken.map((file) => (file.path === view ? { ...file, text: `${file.text}\n# touched\n` } : file));
    const single = open();
    const afterTouch = await single.scan(touched);
    expect(single.cacheStats.misses).toBe(1);
    expect(linesOf(afterTouch, view)).toEqual(linesOf(afterEdit, view));
    store.close();
  });
});

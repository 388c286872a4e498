// The cache keys of the command-line engines, and the real ruff and semgrep through the project store: an unchanged
// file is answered from the store by a later analyzer, a changed rule file or another version re-scans, registry
// rules are never cached and say why.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createRuffAnalyzer, ruffCacheIdentity } from '../analyzers/ruff/index.js';
import { createSemgrepAnalyzer, semgrepCacheIdentity } from '../analyzers/semgrep/index.js';
import type { CacheIdentity } from '../analyzers/tool-identity.js';
import { openStore, type Store } from '../store/index.js';
import { createCachedAnalyzers, persistResults, type CachedAnalyzer } from './index.js';
import { countingAnalyzer } from './testing/counting-analyzer.js';

const vulnerable = 'import subprocess\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n';
const rule = (id: string, message: string): string =>
  [
    'rules:',
    `  - id: ${id}`,
    '    languages: [python]',
    '    severity: ERROR',
    `    message: ${message}`,
    '    metadata:',
    '      cwe: ["CWE-78: OS Command Injection"]',
    '    pattern: subprocess.call(..., shell=True, ...)',
    '',
  ].join('\n');

function temporary(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

function identityOf(found: CacheIdentity): string {
  if ('uncached' in found) throw new Error(`expected an identity, got: ${found.uncached}`);
  return found.identity;
}

function freshStore(): Store {
  return openStore(path.join(temporary('fdsp-tool-cache-'), 'fdsp.db'));
}

describe('cache keys of ruff and semgrep', () => {
  it("ruff's key changes with its version and names the selected rules", () => {
    const current = identityOf(ruffCacheIdentity('0.17.6'));
    expect(identityOf(ruffCacheIdentity('0.17.6'))).toBe(current);
    expect(identityOf(ruffCacheIdentity('0.17.7'))).not.toBe(current);
    expect(current).toContain('--select S');
  });

  it("semgrep's key follows the rule file's content, not its name or time", () => {
    const folder = temporary('fdsp-rules-');
    const file = path.join(folder, 'rules.yml');
    writeFileSync(file, rule('shell-call', 'shell'));
    const first = identityOf(semgrepCacheIdentity({ kind: 'file', path: file }, '1.0.0'));
    writeFileSync(file, rule('shell-call', 'shell'));
    expect(identityOf(semgrepCacheIdentity({ kind: 'file', path: file }, '1.0.0'))).toBe(first);
    writeFileSync(file, rule('shell-call', 'a shell runs the command'));
    expect(identityOf(semgrepCacheIdentity({ kind: 'file', path: file }, '1.0.0'))).not.toBe(first);
    expect(identityOf(semgrepCacheIdentity({ kind: 'file', path: file }, '1.0.1'))).not.toBe(first);
  });

  it('a rules folder is keyed by every file in it, nested ones too', () => {
    const folder = temporary('fdsp-rules-');
    writeFileSync(path.join(folder, 'a.yml'), rule('a', 'a'));
    const before = identityOf(semgrepCacheIdentity({ kind: 'file', path: folder }, '1.0.0'));
    mkdirSync(path.join(folder, 'more'));
    writeFileSync(path.join(folder, 'more', 'b.yml'), rule('b', 'b'));
    expect(identityOf(semgrepCacheIdentity({ kind: 'file', path: folder }, '1.0.0'))).not.toBe(before);
  });

  it('registry rules are not cached, and the reason names them', () => {
    const found = semgrepCacheIdentity({ kind: 'registry', id: 'p/python' }, '1.0.0');
    expect(found).toEqual({ uncached: expect.stringContaining('registry rules p/python') as unknown });
  });
});

describe('ruff and semgrep results in the store (real engines)', () => {
  it('a later ruff analyzer answers an unchanged file from the store, relabelled', async () => {
    const store = freshStore();
    const first = createRuffAnalyzer();
    const firstCounted = countingAnalyzer(first);
    const [fresh] = await persistResults(firstCounted, () => first.cacheIdentity(), store).scan([
      { path: 'a.py', text: vulnerable },
    ]);
    expect(fresh?.findings.map((finding) => finding.ruleId)).toContain('S602');
    const second = createRuffAnalyzer();
    const secondCounted = countingAnalyzer(second);
    const again = persistResults(secondCounted, () => second.cacheIdentity(), store);
    const [recalled] = await again.scan([{ path: 'b.py', text: vulnerable }]);
    expect(secondCounted.scanned).toEqual([]);
    expect(recalled).toEqual({
      ...fresh,
      path: 'b.py',
      findings: fresh?.findings.map((f) => ({ ...f, path: 'b.py' })),
    });
    store.close();
  });

  it('semgrep re-scans after its rule file changes, and not before', async () => {
    const store = freshStore();
    const rules = path.join(temporary('fdsp-rules-'), 'rules.yml');
    writeFileSync(rules, rule('shell-call', 'shell'));
    const scanWith = async (): Promise<{ scanned: string[]; messages: string[] }> => {
      const semgrep = createSemgrepAnalyzer({ config: rules });
      const counted = countingAnalyzer(semgrep);
      const [result] = await persistResults(counted, () => semgrep.cacheIdentity(), store).scan([
        { path: 'a.py', text: vulnerable },
      ]);
      return { scanned: counted.scanned, messages: result?.findings.map((finding) => finding.message) ?? [] };
    };
    expect(await scanWith()).toEqual({ scanned: ['a.py'], messages: ['shell'] });
    expect(await scanWith()).toEqual({ scanned: [], messages: ['shell'] });
    writeFileSync(rules, rule('shell-call', 'a shell runs the command'));
    expect(await scanWith()).toEqual({ scanned: ['a.py'], messages: ['a shell runs the command'] });
    store.close();
  });

  it('an uncached analyzer scans every time and is told why once', async () => {
    const store = freshStore();
    const notes: string[] = [];
    const inner = countingAnalyzer(createRuffAnalyzer());
    const uncached = persistResults(inner, () => Promise.resolve({ uncached: 'rules fetched by name' }), store, {
      onUncached: (reason) => notes.push(reason),
    });
    await uncached.scan([{ path: 'a.py', text: vulnerable }]);
    await uncached.scan([{ path: 'a.py', text: vulnerable }]);
    expect(inner.scanned).toEqual(['a.py', 'a.py']);
    expect(notes).toEqual(['rules fetched by name']);
    store.close();
  });
});

describe('the project analyzers cache ruff and semgrep', () => {
  it('a second ruff run from the project store scans nothing', async () => {
    const store = freshStore();
    const run = async (): Promise<CachedAnalyzer['cacheStats']> => {
      const analyzer = createCachedAnalyzers(['ruff'], store) as CachedAnalyzer;
      await analyzer.scan([{ path: 'a.py', text: vulnerable }]);
      return analyzer.cacheStats;
    };
    expect(await run()).toEqual({ hits: 0, misses: 1 });
    expect(await run()).toEqual({ hits: 1, misses: 0 });
    store.close();
  });

  it('semgrep with registry rules says it is not cached', async () => {
    const store = freshStore();
    const notes: string[] = [];
    const analyzer = createCachedAnalyzers(['semgrep'], store, {
      semgrepConfig: 'p/python',
      onUncached: (reason) => notes.push(reason),
    });
    expect(await analyzer.scan([])).toEqual([]);
    expect(notes).toEqual([expect.stringContaining('not cached: registry rules p/python') as unknown]);
    store.close();
  });
});

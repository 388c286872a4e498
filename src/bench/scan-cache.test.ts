// The persistent scan cache with real Bandit workers and a real SQLite store.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createBanditEngine } from '../analyzers/bandit/index.js';
import { createAnalyzers } from '../analyzers/registry.js';
import { openStore, type Store } from '../store/index.js';
import { packageRoot } from '../support/package-root.js';
import { createRunAnalyzer, createStoreScanCache, writeBehind } from './scan-cache.js';

const vulnerable = 'import subprocess\n\n\ndef run(command):\n    return subprocess.call(command, shell=True)\n';
const directory = mkdtempSync(path.join(os.tmpdir(), 'fdsp-scan-cache-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function freshStore(name: string): Store {
  return openStore(path.join(directory, `${name}.db`));
}

/** A private copy of the worker program, so a test can change it the way an upgrade would. */
function workerCopy(name: string): string {
  const copy = path.join(directory, `${name}-bandit-worker.py`);
  copyFileSync(path.join(packageRoot(), 'python', 'bandit-worker.py'), copy);
  return copy;
}

function rows(store: Store): number {
  return z.object({ n: z.number() }).parse(store.db.prepare('SELECT COUNT(*) AS n FROM scan_cache').get()).n;
}

describe('persistent Bandit scan cache', () => {
  it('misses once, then answers a new engine from the store without starting a worker', async () => {
    const store = freshStore('hit');
    const worker = workerCopy('hit');
    const first = createBanditEngine({ cache: createStoreScanCache(store), workerArgs: [worker], concurrency: 1 });
    const [cold] = await first.scan([{ path: 'snippet.py', text: vulnerable }]);
    await first.close();
    expect(first.cacheStats).toEqual({ hits: 0, misses: 1 });
    expect(rows(store)).toBe(1);

    const second = createBanditEngine({ cache: createStoreScanCache(store), workerArgs: [worker], concurrency: 1 });
    const [warm] = await second.scan([{ path: 'snippet.py', text: vulnerable }]);
    expect(await second.version()).toBe(await first.version());
    await second.close();
    expect(second.cacheStats).toEqual({ hits: 1, misses: 0 });
    expect(second.stats.started).toBe(0);
    expect(warm).toEqual(cold);
    expect(warm?.findings.map((finding) => finding.ruleId)).toContain('B602');
    store.close();
  });

  it('stores the fingerprints with the answer, and recomputes them when the scheme differs', async () => {
    const store = freshStore('fingerprints');
    const worker = workerCopy('fingerprints');
    const first = createBanditEngine({ cache: createStoreScanCache(store), workerArgs: [worker], concurrency: 1 });
    const [cold] = await first.scan([{ path: 'snippet.py', text: vulnerable }]);
    await first.close();
    const stored = z
      .object({ answer_json: z.string() })
      .parse(store.db.prepare('SELECT answer_json FROM scan_cache').get());
    const answer = z
      .object({ fingerprints: z.object({ scheme: z.string(), values: z.array(z.string()) }) })
      .parse(JSON.parse(stored.answer_json));
    expect(answer.fingerprints.values).toEqual(cold?.findings.map((finding) => finding.fingerprint));
    // A store written by another fingerprint scheme: the hit must not trust its values.
    const stale = {
      ...answer,
      fingerprints: { scheme: 'another/0', values: answer.fingerprints.values.map(() => 'x') },
    };
    store.db
      .prepare('UPDATE scan_cache SET answer_json = ?')
      .run(JSON.stringify({ ...JSON.parse(stored.answer_json), ...stale }));
    const second = createBanditEngine({ cache: createStoreScanCache(store), workerArgs: [worker], concurrency: 1 });
    const [warm] = await second.scan([{ path: 'snippet.py', text: vulnerable }]);
    await second.close();
    expect(second.cacheStats.hits).toBe(1);
    expect(warm?.findings.map((finding) => finding.fingerprint)).toEqual(
      cold?.findings.map((finding) => finding.fingerprint),
    );
    store.close();
  });

  it('relabels a cached answer with the path it is asked under', async () => {
    const store = freshStore('path');
    const cache = createStoreScanCache(store);
    const worker = workerCopy('path');
    const warmUp = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    await warmUp.scan([{ path: 'first/place.py', text: vulnerable }]);
    await warmUp.close();

    const cached = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    const [relabelled] = await cached.scan([{ path: 'other/module.py', text: vulnerable }]);
    await cached.close();
    expect(cached.cacheStats.hits).toBe(1);
    const plain = createBanditEngine({ workerArgs: [worker], concurrency: 1 });
    const [direct] = await plain.scan([{ path: 'other/module.py', text: vulnerable }]);
    await plain.close();
    expect(relabelled).toEqual(direct);
    expect(relabelled?.findings.every((finding) => finding.path === 'other/module.py')).toBe(true);
    store.close();
  });

  it('never serves an answer recorded under another engine identity (version, plugins, worker program)', async () => {
    const store = freshStore('identity');
    const cache = createStoreScanCache(store);
    const worker = workerCopy('identity');
    const engine = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    await engine.scan([{ path: 'snippet.py', text: vulnerable }]);
    await engine.close();
    // A forged answer for the same code under a different identity (say, an older Bandit) must stay invisible.
    const forged = JSON.stringify({ id: 1, status: 'ok', issues: [] });
    store.db
      .prepare('UPDATE scan_cache SET identity = ?, answer_json = ?')
      .run('identity-of-another-bandit-version', forged);

    const next = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    const [result] = await next.scan([{ path: 'snippet.py', text: vulnerable }]);
    await next.close();
    expect(next.cacheStats).toEqual({ hits: 0, misses: 1 });
    expect(result?.findings.map((finding) => finding.ruleId)).toContain('B602');
    store.close();
  });

  it('re-learns the identity when the engine changes on disk, and misses when the change alters it', async () => {
    const store = freshStore('upgrade');
    const cache = createStoreScanCache(store);
    const worker = workerCopy('upgrade');
    const before = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    await before.scan([{ path: 'snippet.py', text: vulnerable }]);
    await before.close();

    // An upgrade of the worker program: new bytes, new status. The remembered identity no longer applies, a worker
    // starts to learn the new one, and the old answer is not reused.
    writeFileSync(worker, `# upgraded\n${readFileSync(worker, 'utf8')}`);
    utimesSync(worker, new Date(), new Date(Date.now() + 5_000));
    const after = createBanditEngine({ cache, workerArgs: [worker], concurrency: 1 });
    await after.scan([{ path: 'snippet.py', text: vulnerable }]);
    await after.close();
    expect(after.stats.started).toBe(1);
    expect(after.cacheStats).toEqual({ hits: 0, misses: 1 });
    expect(rows(store)).toBe(2);
    store.close();
  });

  it('gives a bandit+builtin union the same results as uncached engines, persisting only Bandit', async () => {
    const store = freshStore('union');
    const files = [
      { path: 'snippet.py', text: vulnerable },
      { path: 'snippet.py', text: 'import hashlib\n\n\ndef digest(data):\n    return hashlib.md5(data).hexdigest()\n' },
    ];
    const cachedRun = createRunAnalyzer(['bandit', 'builtin'], store);
    await cachedRun.scan(files);
    await cachedRun.close();
    const rerun = createRunAnalyzer(['bandit', 'builtin'], store);
    const fromCache = await rerun.scan(files);
    await rerun.close();
    const reference = createAnalyzers(['bandit', 'builtin']);
    const expected = await reference.scan(files);
    await reference.close();
    expect(fromCache).toEqual(expected);
    expect(fromCache.flatMap((result) => result.findings.map((finding) => finding.analyzer))).toContain('builtin');
    expect(rows(store)).toBe(2);
    store.close();
  });

  it('writes answers behind: visible to look-ups at once, stored together a turn later, never after the store closes', async () => {
    const store = freshStore('write-behind');
    const cache = writeBehind(createStoreScanCache(store), store);
    const answer = { id: null, status: 'ok' as const, issues: [] };
    cache.putMany('identity-1', [{ sourceSha256: 'a', answer }]);
    cache.putMany('identity-1', [{ sourceSha256: 'b', answer: { ...answer, status: 'syntax-error' as const } }]);
    expect(rows(store)).toBe(0);
    expect([...cache.getMany('identity-1', ['a', 'b', 'c']).keys()].sort()).toEqual(['a', 'b']);
    expect(cache.getMany('identity-2', ['a']).size).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows(store)).toBe(2);
    // What a fresh reader of the store (the next run) gets.
    const reread = createStoreScanCache(store).getMany('identity-1', ['a', 'b']);
    expect(reread.get('b')?.status).toBe('syntax-error');
    cache.putMany('identity-1', [{ sourceSha256: 'c', answer }]);
    store.close();
    cache.flush();
    expect(() => {
      cache.flush();
    }).not.toThrow();
  });

  it("stores a run analyzer's Bandit answers by the time it closes", async () => {
    const store = freshStore('write-behind-close');
    const run = createRunAnalyzer(['bandit'], store);
    await run.scan([{ path: 'snippet.py', text: vulnerable }]);
    await run.close();
    expect(rows(store)).toBe(1);
    store.close();
  });
});

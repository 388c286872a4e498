import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkpointInBackground, openStore, type Store } from './index.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-checkpoints-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const autoCheckpoint = (store: Store): number => Number(store.db.pragma('wal_autocheckpoint', { simple: true }));

/** ~8 MB of pages, in many small transactions as a run commits them. */
function writePages(store: Store): void {
  store.db.exec('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB)');
  const insert = store.db.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let batch = 0; batch < 200; batch += 1) {
    store.transaction(() => {
      for (let row = 0; row < 10; row += 1) insert.run(Buffer.alloc(4000, batch % 251));
    });
  }
}

describe('checkpointInBackground', () => {
  it('copies the WAL into the database from its worker while the store checkpoints nothing itself', async () => {
    const file = path.join(directory, 'fdsp.db');
    const store = openStore(file);
    const checkpoints = checkpointInBackground(store, { intervalMs: 20 });
    try {
      expect(await checkpoints.ready).toBe(true);
      expect(autoCheckpoint(store)).toBe(0);
      const before = statSync(file).size;
      writePages(store);
      // Only the worker can grow the database file now: the store's own checkpoints are off.
      let grown = statSync(file).size - before;
      for (let tries = 0; tries < 200 && grown < 4_000_000; tries += 1) {
        await sleep(25);
        grown = statSync(file).size - before;
      }
      expect(grown).toBeGreaterThan(4_000_000);
    } finally {
      await checkpoints.stop();
    }
    expect(autoCheckpoint(store)).toBe(1000);
    store.close();
  });

  it('is shared by overlapping jobs: the store gets its checkpoints back when the last one stops', async () => {
    const store = openStore(path.join(directory, 'fdsp.db'));
    const first = checkpointInBackground(store);
    const second = checkpointInBackground(store);
    expect(await first.ready).toBe(true);
    expect(await second.ready).toBe(true);
    await first.stop();
    await first.stop();
    expect(autoCheckpoint(store)).toBe(0);
    await second.stop();
    expect(autoCheckpoint(store)).toBe(1000);
    store.close();
  });

  it('leaves an in-memory store alone', async () => {
    const store = openStore(':memory:');
    const checkpoints = checkpointInBackground(store);
    expect(await checkpoints.ready).toBe(false);
    await checkpoints.stop();
    store.close();
  });
});

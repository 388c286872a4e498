// WAL checkpoints on a worker thread while a write-heavy job (a bench run) holds the store. SQLite's automatic
// checkpoint runs inside whichever commit crosses 1,000 WAL pages, on the committing thread: it copies the pages
// into the database and fsyncs it, and the profiled 726-item bench run stalled the event loop 25-90 ms that way a
// few times a run (p99 of an item's commit 26 ms against a median of 0.35 ms), with every in-flight item waiting.
// A PASSIVE checkpoint from a second connection takes no lock a writer needs, so the commits go on while it copies.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Store } from './store.js';

export interface BackgroundCheckpoints {
  /** True once the worker has taken the checkpoints over; false if it could not start (SQLite keeps doing them). */
  readonly ready: Promise<boolean>;
  /** Ends the worker after a last checkpoint and gives the store its automatic checkpoints back. */
  stop(): Promise<void>;
}

export interface BackgroundCheckpointOptions {
  /** How often the worker checkpoints (a checkpoint with nothing new to copy costs next to nothing). */
  readonly intervalMs?: number;
}

// Dynamic import only, so the code runs whether Node reads an eval'd worker as a CommonJS script or as a module
// (that depends on the package.json nearest the working directory, not on fdsp's).
const workerSource = `
import('node:worker_threads').then(async (threads) => {
    const { parentPort, workerData } = threads;
    const { default: Database } = await import(workerData.module);
    const db = new Database(workerData.path, { fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    const checkpoint = () => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick or the store's own checkpoint copies it */ }
    };
    const timer = setInterval(checkpoint, workerData.intervalMs);
    parentPort.once('message', () => {
      clearInterval(timer);
      checkpoint();
      db.close();
      parentPort.close();
    });
    parentPort.postMessage('ready');
});
`;

interface Running {
  users: number;
  readonly previous: number;
  readonly worker: Worker;
  readonly exited: Promise<void>;
  readonly ready: Promise<boolean>;
}

const running = new WeakMap<Store['db'], Running>();

function restore(store: Store, previous: number): void {
  if (store.db.open) store.db.pragma(`wal_autocheckpoint = ${String(previous)}`);
}

/** Moves the store's checkpoints to a worker thread until `stop()`; shared by overlapping jobs on one store. An
 * in-memory store has no WAL, and a worker that cannot start leaves the automatic checkpoints as they were. */
export function checkpointInBackground(store: Store, options: BackgroundCheckpointOptions = {}): BackgroundCheckpoints {
  if (store.path === ':memory:') return { ready: Promise.resolve(false), stop: () => Promise.resolve() };
  let current = running.get(store.db);
  if (current === undefined) {
    const previous = Number(store.db.pragma('wal_autocheckpoint', { simple: true }));
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        module: pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href,
        path: store.path,
        intervalMs: options.intervalMs ?? 500,
      },
    });
    worker.unref();
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', () => {
        resolve();
      });
    });
    const ready = new Promise<boolean>((resolve) => {
      // The store checkpoints itself again if the worker dies; its last checkpoint is then SQLite's job.
      worker.once('error', () => {
        if (running.get(store.db)?.worker === worker) running.delete(store.db);
        restore(store, previous);
        resolve(false);
      });
      worker.once('message', () => {
        const current = running.get(store.db)?.worker === worker && store.db.open;
        if (current) store.db.pragma('wal_autocheckpoint = 0');
        resolve(current);
      });
      worker.once('exit', () => {
        resolve(false);
      });
    });
    current = { users: 0, previous, worker, exited, ready };
    running.set(store.db, current);
  }
  const job = current;
  job.users += 1;
  let stopped = false;
  return {
    ready: job.ready,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      job.users -= 1;
      if (job.users > 0) return;
      if (running.get(store.db) === job) running.delete(store.db);
      restore(store, job.previous);
      // Referenced again, so the process waits for the last checkpoint instead of exiting under it.
      job.worker.ref();
      job.worker.postMessage('stop');
      await job.exited;
    },
  };
}

// The project's one SQLite database: opened once per process and path, WAL, busy timeout, foreign keys on, schema
// brought up to date by the append-only migration list. Calls are synchronous and short; nobody holds a transaction
// across a network call.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { FdspError, errorMessage } from '../errors/index.js';
import { migrations as defaultMigrations, type Migration } from './migrations.js';

export type SqliteDatabase = Database.Database;

export interface Store {
  readonly path: string;
  readonly db: SqliteDatabase;
  /** Run `work` in one transaction (synchronous: no awaiting inside). */
  transaction<T>(work: () => T): T;
  /** Until the returned function is called, the transactions of one event-loop turn share one commit (see below). */
  groupCommits(): () => void;
  close(): void;
}

export interface OpenStoreOptions {
  /** Defaults to the shipped list; tests pass their own to exercise the runner. */
  readonly migrations?: readonly Migration[];
  readonly busyTimeoutMs?: number;
}

/** `$FDSP_DB`, else `.fdsp/fdsp.db` under the working directory. */
export function defaultStorePath(environment: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const fromEnvironment = environment.FDSP_DB;
  return fromEnvironment !== undefined && fromEnvironment !== ''
    ? path.resolve(cwd, fromEnvironment)
    : path.join(cwd, '.fdsp', 'fdsp.db');
}

const openStores = new Map<string, Store>();

/** Open (or reuse) the store at `filePath`; `:memory:` gives a private in-memory database. */
export function openStore(filePath: string = defaultStorePath(), options: OpenStoreOptions = {}): Store {
  const resolved = filePath === ':memory:' ? filePath : path.resolve(filePath);
  const existing = resolved === ':memory:' ? undefined : openStores.get(resolved);
  if (existing) return existing;

  let db: SqliteDatabase;
  try {
    if (resolved !== ':memory:') mkdirSync(path.dirname(resolved), { recursive: true });
    db = new Database(resolved);
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${String(options.busyTimeoutMs ?? 5000)}`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    applyMigrations(db, options.migrations ?? defaultMigrations);
  } catch (error: unknown) {
    if (FdspError.isInstance(error)) throw error;
    throw new FdspError('STORE_FAILED', `cannot open the store at ${resolved}: ${errorMessage(error)}`, {
      hint: 'check that the directory is writable, or point FDSP_DB at another file',
      cause: error,
    });
  }

  // One transaction function for the store's life, the work passed as its argument: better-sqlite3's
  // db.transaction(fn) builds four wrapper functions and their properties per call, and the run's commit path calls
  // it several times per model call. Nesting still becomes a savepoint (the wrapper checks db.inTransaction).
  const inTransaction = db.transaction((work: () => unknown): unknown => work());
  // Group commit for a write-heavy job (a bench run makes several small commits per model call: the cache and
  // accounting rows, each item's result, its generation): while grouping, the first transaction of an event-loop turn
  // opens one write transaction, every transaction in that turn runs inside it as a savepoint (so each is still all or
  // nothing), and the turn's writes are committed together from setImmediate, after the turn's items have sent their
  // next requests. A crash loses at most the last turn's writes, all of them together, which resume already handles
  // (only committed items count); other connections see a write one turn later.
  let grouping = 0;
  let commitScheduled = false;
  const commitGroup = (): void => {
    commitScheduled = false;
    if (db.open && db.inTransaction) db.exec('COMMIT');
  };
  const store: Store = {
    path: resolved,
    db,
    transaction: <T>(work: () => T): T => {
      if (grouping > 0 && !db.inTransaction) {
        db.exec('BEGIN IMMEDIATE');
        if (!commitScheduled) {
          commitScheduled = true;
          setImmediate(commitGroup);
        }
      }
      return inTransaction(work) as T;
    },
    groupCommits: () => {
      grouping += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        grouping -= 1;
        if (grouping === 0) commitGroup();
      };
    },
    close: () => {
      openStores.delete(resolved);
      commitGroup();
      if (db.open) db.close();
    },
  };
  if (resolved !== ':memory:') openStores.set(resolved, store);
  return store;
}

/** Apply every migration not yet recorded, each in its own transaction, in id order. Returns the ids applied. */
export function applyMigrations(db: SqliteDatabase, list: readonly Migration[]): number[] {
  validateMigrations(list);
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const appliedRows = db.prepare('SELECT id FROM schema_migrations').all() as { id: number }[];
  const applied = new Set(appliedRows.map((row) => row.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of list) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, new Date().toISOString());
    })();
    done.push(migration.id);
  }
  return done;
}

function validateMigrations(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new FdspError(
        'STORE_FAILED',
        `migration list is out of order: entry ${String(index)} ("${migration.name}") has id ${String(migration.id)}, expected ${String(index + 1)}`,
        { hint: 'append new migrations at the end with the next id; never reorder or remove applied ones' },
      );
    }
  });
}

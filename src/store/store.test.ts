import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FdspError } from '../errors/index.js';
import { defaultStorePath, migrations, openStore, type Migration } from './index.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-store-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function tableNames(store: ReturnType<typeof openStore>): string[] {
  const rows = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return rows.map((row) => row.name);
}

describe('openStore', () => {
  it('creates the file with WAL, foreign keys and every shipped migration recorded', () => {
    const store = openStore(path.join(directory, 'nested', 'fdsp.db'));
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(Number(store.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
      const recorded = store.db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[];
      expect(recorded.map((row) => row.id)).toEqual(migrations.map((migration) => migration.id));
      expect(tableNames(store)).toEqual(expect.arrayContaining(['llm_cache', 'llm_calls', 'schema_migrations']));
    } finally {
      store.close();
    }
  });

  it('returns the same handle for the same path until closed', () => {
    const file = path.join(directory, 'fdsp.db');
    const first = openStore(file);
    const second = openStore(path.join(directory, '.', 'fdsp.db'));
    expect(second).toBe(first);
    first.close();
    const third = openStore(file);
    expect(third).not.toBe(first);
    third.close();
  });

  it('applies only the appended migration when reopened with a longer list', () => {
    const file = path.join(directory, 'fdsp.db');
    const base: Migration[] = [{ id: 1, name: 'one', sql: 'CREATE TABLE one (x INTEGER)' }];
    openStore(file, { migrations: base }).close();
    const longer: Migration[] = [...base, { id: 2, name: 'two', sql: 'CREATE TABLE two (y INTEGER)' }];
    const store = openStore(file, { migrations: longer });
    try {
      const rows = store.db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all();
      expect(rows).toEqual([
        { id: 1, name: 'one' },
        { id: 2, name: 'two' },
      ]);
      expect(tableNames(store)).toEqual(expect.arrayContaining(['one', 'two']));
    } finally {
      store.close();
    }
  });

  it('rolls back a failing migration entirely and reports STORE_FAILED', () => {
    const file = path.join(directory, 'fdsp.db');
    const broken: Migration[] = [{ id: 1, name: 'half', sql: 'CREATE TABLE half (x INTEGER); THIS IS NOT SQL;' }];
    expect(() => openStore(file, { migrations: broken })).toThrow(FdspError);
    const store = openStore(file, { migrations: [] });
    try {
      expect(tableNames(store)).not.toContain('half');
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  it('rejects a list whose ids are not 1..n in order', () => {
    const bad: Migration[] = [
      { id: 2, name: 'two', sql: 'SELECT 1' },
      { id: 1, name: 'one', sql: 'SELECT 1' },
    ];
    try {
      openStore(':memory:', { migrations: bad });
      expect.unreachable('openStore should have thrown');
    } catch (error: unknown) {
      expect(FdspError.isInstance(error) && error.code).toBe('STORE_FAILED');
    }
  });

  it('keeps transactions atomic', () => {
    const store = openStore(':memory:', { migrations: [{ id: 1, name: 't', sql: 'CREATE TABLE t (x INTEGER)' }] });
    expect(() =>
      store.transaction(() => {
        store.db.prepare('INSERT INTO t (x) VALUES (1)').run();
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 0 });
    store.close();
  });

  it("returns the work's value and rolls a failed nested transaction back to its savepoint only", () => {
    const store = openStore(':memory:', { migrations: [{ id: 1, name: 't', sql: 'CREATE TABLE t (x INTEGER)' }] });
    const insert = (x: number): void => {
      store.db.prepare('INSERT INTO t (x) VALUES (?)').run(x);
    };
    const returned = store.transaction(() => {
      insert(1);
      expect(() =>
        store.transaction(() => {
          insert(2);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      expect(store.db.inTransaction).toBe(true);
      return store.transaction(() => {
        insert(3);
        return 'done';
      });
    });
    expect(returned).toBe('done');
    expect(store.db.inTransaction).toBe(false);
    expect(store.db.prepare('SELECT x FROM t ORDER BY x').all()).toEqual([{ x: 1 }, { x: 3 }]);
    store.close();
  });
});

describe('defaultStorePath', () => {
  it('uses FDSP_DB when set, resolved against the working directory', () => {
    expect(defaultStorePath({ FDSP_DB: 'data/x.db' }, '/project')).toBe('/project/data/x.db');
  });
  it('falls back to .fdsp/fdsp.db under the working directory', () => {
    expect(defaultStorePath({}, '/project')).toBe('/project/.fdsp/fdsp.db');
  });
});

describe('group commits', () => {
  const turn = (): Promise<void> =>
    new Promise((resolve) => {
      setImmediate(resolve);
    });

  it("commits one turn's transactions together, each still all or nothing, visible to others after the turn", async () => {
    const file = path.join(directory, 'grouped.db');
    const store = openStore(file);
    store.db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    // Another process's view of the file.
    const reader = new Database(file, { readonly: true });
    const seen = (): number => (reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
    const insert = store.db.prepare('INSERT INTO notes (text) VALUES (?)');
    const end = store.groupCommits();
    try {
      store.transaction(() => insert.run('first'));
      expect(() =>
        store.transaction(() => {
          insert.run('rolled back with its transaction');
          throw new Error('this transaction fails');
        }),
      ).toThrow('this transaction fails');
      store.transaction(() => insert.run('second'));
      // This connection reads its own writes at once; the file has none of them until the turn ends.
      expect((store.db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n).toBe(2);
      expect(seen()).toBe(0);
      await turn();
      expect(seen()).toBe(2);
      store.transaction(() => insert.run('third'));
      expect(seen()).toBe(2);
      end();
      // Ending the grouping commits what is pending at once.
      expect(seen()).toBe(3);
      expect(store.db.inTransaction).toBe(false);
      store.transaction(() => insert.run('fourth, ungrouped'));
      expect(seen()).toBe(4);
    } finally {
      end();
      reader.close();
      store.close();
    }
  });

  it('commits what is pending when the store closes', () => {
    const file = path.join(directory, 'closing.db');
    const store = openStore(file);
    store.db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    store.groupCommits();
    store.transaction(() => store.db.prepare('INSERT INTO notes DEFAULT VALUES').run());
    store.close();
    const reopened = new Database(file, { readonly: true });
    expect((reopened.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n).toBe(1);
    reopened.close();
  });
});

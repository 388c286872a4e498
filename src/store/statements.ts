// Prepared statements kept per database: better-sqlite3 compiles the SQL on every `prepare`, which costs more than
// running a small insert, and the model-call path (cache read, cache write, accounting row) runs once per call.
import type { Statement } from 'better-sqlite3';

import type { SqliteDatabase } from './store.js';

const prepared = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** The statement for `sql` on `db`, compiled on first use. */
export function statement(db: SqliteDatabase, sql: string): Statement {
  let byText = prepared.get(db);
  if (byText === undefined) {
    byText = new Map();
    prepared.set(db, byText);
  }
  let compiled = byText.get(sql);
  if (compiled === undefined) {
    compiled = db.prepare(sql);
    byText.set(sql, compiled);
  }
  return compiled;
}

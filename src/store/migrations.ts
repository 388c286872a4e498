// The schema, as an ordered, append-only list. Never edit or reorder an applied entry: append a new one with the next
// id. Each entry runs once, inside a transaction, and is recorded in `schema_migrations`.

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'llm-cache-and-calls',
    sql: `
      CREATE TABLE llm_cache (
        key TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        request_json TEXT NOT NULL,
        text TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE llm_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT,
        purpose TEXT,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        ok INTEGER NOT NULL,
        error_code TEXT,
        error_message TEXT,
        http_status INTEGER,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        retries INTEGER NOT NULL,
        cache_hit INTEGER NOT NULL,
        cost_usd REAL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX llm_calls_run ON llm_calls (run_id);
    `,
  },
];

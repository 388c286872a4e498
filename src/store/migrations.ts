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
  {
    id: 2,
    name: 'patch-traces',
    // Repair traces (src/pipeline/trace-store.ts): one session per patch/detect call, one step per model call or scan,
    // the call's messages and reply, and every finding of every scanned version with its fingerprint.
    sql: `
      CREATE TABLE patch_sessions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        method TEXT NOT NULL,
        run_id TEXT,
        task_id TEXT,
        generator_model TEXT,
        repair_model TEXT,
        prompt_set TEXT NOT NULL,
        options_json TEXT NOT NULL,
        original_code TEXT NOT NULL,
        status TEXT,
        final_code TEXT,
        findings_before INTEGER,
        findings_after INTEGER,
        iterations INTEGER,
        rejected_candidates INTEGER,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX patch_sessions_run ON patch_sessions (run_id, task_id);
      CREATE TABLE patch_steps (
        session_id TEXT NOT NULL REFERENCES patch_sessions (id) ON DELETE CASCADE,
        step_index INTEGER NOT NULL,
        kind TEXT NOT NULL,
        purpose TEXT NOT NULL,
        solution INTEGER,
        round INTEGER,
        code TEXT,
        extraction TEXT,
        scan_status TEXT,
        scan_error TEXT,
        fixed_json TEXT,
        introduced_json TEXT,
        persisting_json TEXT,
        guard_json TEXT,
        gate_json TEXT,
        detail_json TEXT,
        decision TEXT NOT NULL,
        PRIMARY KEY (session_id, step_index)
      );
      CREATE TABLE patch_llm_calls (
        session_id TEXT NOT NULL,
        step_index INTEGER NOT NULL,
        llm_call_id INTEGER,
        model TEXT NOT NULL,
        messages_json TEXT NOT NULL,
        reply TEXT,
        ok INTEGER NOT NULL,
        error TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL,
        latency_ms REAL NOT NULL,
        cache_hit INTEGER NOT NULL,
        PRIMARY KEY (session_id, step_index),
        FOREIGN KEY (session_id, step_index) REFERENCES patch_steps (session_id, step_index) ON DELETE CASCADE
      );
      CREATE TABLE patch_step_findings (
        session_id TEXT NOT NULL,
        step_index INTEGER NOT NULL,
        ordinal INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        analyzer TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        cwe INTEGER,
        severity TEXT NOT NULL,
        confidence TEXT NOT NULL,
        message TEXT NOT NULL,
        path TEXT NOT NULL,
        line INTEGER NOT NULL,
        end_line INTEGER NOT NULL,
        snippet TEXT NOT NULL,
        fix_hint TEXT,
        PRIMARY KEY (session_id, step_index, ordinal),
        FOREIGN KEY (session_id, step_index) REFERENCES patch_steps (session_id, step_index) ON DELETE CASCADE
      );
      CREATE INDEX patch_step_findings_fingerprint ON patch_step_findings (fingerprint);
    `,
  },
  {
    id: 3,
    name: 'review-labels',
    // Manual review (src/reports/review-labels.ts): reviewers judge a task's final code. Append-only history; the
    // latest label per reviewer and session counts. The code's hash ties a label to the exact code judged.
    sql: `
      CREATE TABLE review_labels (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL,
        run_id TEXT,
        task_id TEXT,
        code_sha256 TEXT NOT NULL,
        label TEXT NOT NULL CHECK (label IN ('vulnerable', 'fixed', 'unrealistic')),
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX review_labels_session ON review_labels (session_id, reviewer, id);
      CREATE INDEX review_labels_run ON review_labels (run_id, task_id);
    `,
  },
];

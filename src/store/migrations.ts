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
    // Manual review (src/review/review-labels.ts): reviewers judge a task's final code. Append-only history; the
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
  {
    id: 4,
    name: 'bench-runs',
    // Benchmark runs (src/bench/): the manifest, each process attempt, generations shared by a task's strategies, one
    // result per work item (the primary key makes commits idempotent), and evaluations: the run's own analyzer verdicts
    // plus any rescore with another analyzer set, each a complete set of scores.
    sql: `
      CREATE TABLE bench_runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        config_json TEXT NOT NULL,
        manifest_json TEXT NOT NULL,
        total_items INTEGER NOT NULL
      );
      CREATE TABLE bench_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT
      );
      CREATE INDEX bench_attempts_run ON bench_attempts (run_id);
      CREATE TABLE bench_generations (
        run_id TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        run_index INTEGER NOT NULL,
        attempt_id INTEGER NOT NULL,
        session_id TEXT,
        status TEXT NOT NULL,
        code TEXT,
        error TEXT,
        unit_test_json TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (run_id, task_id, run_index)
      );
      CREATE TABLE bench_results (
        run_id TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        strategy TEXT NOT NULL,
        run_index INTEGER NOT NULL,
        attempt_id INTEGER NOT NULL,
        session_id TEXT,
        status TEXT NOT NULL,
        final_code TEXT,
        iterations INTEGER NOT NULL,
        rejected_candidates INTEGER NOT NULL,
        fixed_at_attempt INTEGER,
        detail_json TEXT,
        unit_test_json TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        error TEXT,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (run_id, task_id, strategy, run_index)
      );
      CREATE TABLE bench_evaluations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        analyzers_json TEXT NOT NULL,
        analyzer_versions_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        completed_at TEXT
      );
      CREATE INDEX bench_evaluations_run ON bench_evaluations (run_id);
      CREATE TABLE bench_scores (
        evaluation_id INTEGER NOT NULL REFERENCES bench_evaluations (id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        strategy TEXT NOT NULL,
        run_index INTEGER NOT NULL,
        phase TEXT NOT NULL,
        scan_status TEXT NOT NULL,
        finding_count INTEGER NOT NULL,
        cwes_json TEXT NOT NULL,
        PRIMARY KEY (evaluation_id, task_id, strategy, run_index, phase)
      );
    `,
  },
  {
    id: 5,
    name: 'scan-cache',
    // Analyzer answers kept across runs (src/bench/scan-cache.ts): keyed by the engine, the identity of everything on
    // its side that decides the answer (version, interpreter build, plugins, worker program) and the code's sha256.
    // Identities remember, per worker command line, the files whose status must be unchanged to reuse one without
    // starting the engine.
    sql: `
      CREATE TABLE scan_cache (
        analyzer TEXT NOT NULL,
        identity TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        answer_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (analyzer, identity, source_sha256)
      ) WITHOUT ROWID;
      CREATE TABLE scan_cache_identities (
        analyzer TEXT NOT NULL,
        probe TEXT NOT NULL,
        identity TEXT NOT NULL,
        version TEXT NOT NULL,
        files_json TEXT NOT NULL,
        stamp TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (analyzer, probe)
      );
    `,
  },
];

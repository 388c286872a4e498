// Traces into the store: the session row at start, each step (with its LLM call and findings) in one short
// transaction as it happens, the summary at the end. Reading back rebuilds the same SessionTrace shapes.
import { z } from 'zod';

import { applyPolicy, isOraclePolicy } from '../analyzers/policy/index.js';
import type { FileScanStatus, Finding } from '../analyzers/types.js';
import type { Store } from '../store/index.js';
import type { SessionHeader, SessionSummary, SessionTrace, TraceSink, TraceStep } from './trace.js';

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function createStoreTraceSink(store: Store): TraceSink {
  const db = store.db;
  const insertSession = db.prepare(
    `INSERT OR REPLACE INTO patch_sessions (id, kind, method, run_id, task_id, generator_model, repair_model, prompt_set,
       options_json, original_code, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertStep = db.prepare(
    `INSERT OR REPLACE INTO patch_steps (session_id, step_index, kind, purpose, solution, round, code, extraction,
       scan_status, scan_error, fixed_json, introduced_json, persisting_json, guard_json, gate_json, detail_json, decision)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCall = db.prepare(
    `INSERT OR REPLACE INTO patch_llm_calls (session_id, step_index, llm_call_id, model, messages_json, reply, ok, error,
       input_tokens, output_tokens, cost_usd, latency_ms, cache_hit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFinding = db.prepare(
    `INSERT OR REPLACE INTO patch_step_findings (session_id, step_index, ordinal, fingerprint, analyzer, rule_id,
       rule_name, cwe, severity, confidence, message, path, line, end_line, snippet, fix_hint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateSession = db.prepare(
    `UPDATE patch_sessions SET status = ?, final_code = ?, findings_before = ?, findings_after = ?, iterations = ?,
       rejected_candidates = ?, input_tokens = ?, output_tokens = ?, cost_usd = ?, error = ?, finished_at = ?
       WHERE id = ?`,
  );

  return {
    start(header: SessionHeader): void {
      insertSession.run(
        header.id,
        header.kind,
        header.method,
        header.runId,
        header.taskId,
        header.generatorModel,
        header.repairModel,
        header.promptSet,
        JSON.stringify(header.options),
        header.originalCode,
        header.startedAt,
      );
    },
    step(sessionId: string, step: TraceStep): void {
      store.transaction(() => {
        insertStep.run(
          sessionId,
          step.index,
          step.kind,
          step.purpose,
          step.solution,
          step.round,
          step.code,
          step.extraction,
          step.scan?.status ?? null,
          step.scan?.error ?? null,
          json(step.comparison?.fixed),
          json(step.comparison?.introduced),
          json(step.comparison?.persisting),
          json(step.guard),
          json(step.gate),
          json(step.detail),
          step.decision,
        );
        if (step.llm) {
          const call = step.llm;
          insertCall.run(
            sessionId,
            step.index,
            call.callId ?? null,
            call.model,
            JSON.stringify(call.messages),
            call.reply,
            call.ok ? 1 : 0,
            call.error,
            call.inputTokens,
            call.outputTokens,
            call.costUsd,
            call.latencyMs,
            call.cacheHit ? 1 : 0,
          );
        }
        step.scan?.findings.forEach((finding, ordinal) => {
          insertFinding.run(
            sessionId,
            step.index,
            ordinal,
            finding.fingerprint,
            finding.analyzer,
            finding.ruleId,
            finding.ruleName,
            finding.cwe,
            finding.severity,
            finding.confidence,
            finding.message,
            finding.path,
            finding.line,
            finding.endLine,
            finding.snippet,
            finding.fixHint ?? null,
          );
        });
      });
    },
    finish(sessionId: string, summary: SessionSummary): void {
      updateSession.run(
        summary.status,
        summary.finalCode,
        summary.findingsBefore,
        summary.findingsAfter,
        summary.iterations,
        summary.rejectedCandidates,
        summary.inputTokens,
        summary.outputTokens,
        summary.costUsd,
        summary.error,
        summary.finishedAt,
        sessionId,
      );
    },
  };
}

const sessionRow = z.object({
  id: z.string(),
  kind: z.enum(['patch', 'detect', 'generate']),
  method: z.string(),
  run_id: z.string().nullable(),
  task_id: z.string().nullable(),
  generator_model: z.string().nullable(),
  repair_model: z.string().nullable(),
  prompt_set: z.string(),
  options_json: z.string(),
  original_code: z.string(),
  status: z.string().nullable(),
  final_code: z.string().nullable(),
  findings_before: z.number().nullable(),
  findings_after: z.number().nullable(),
  iterations: z.number().nullable(),
  rejected_candidates: z.number().nullable(),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  cost_usd: z.number().nullable(),
  error: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

const stepRow = z.object({
  step_index: z.number(),
  kind: z.string(),
  purpose: z.string(),
  solution: z.number().nullable(),
  round: z.number().nullable(),
  code: z.string().nullable(),
  extraction: z.string().nullable(),
  scan_status: z.enum(['ok', 'syntax-error', 'error']).nullable(),
  scan_error: z.string().nullable(),
  fixed_json: z.string().nullable(),
  introduced_json: z.string().nullable(),
  persisting_json: z.string().nullable(),
  guard_json: z.string().nullable(),
  gate_json: z.string().nullable(),
  detail_json: z.string().nullable(),
  decision: z.string(),
});

const callRow = z.object({
  step_index: z.number(),
  llm_call_id: z.number().nullable(),
  model: z.string(),
  messages_json: z.string(),
  reply: z.string().nullable(),
  ok: z.number(),
  error: z.string().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number().nullable(),
  latency_ms: z.number(),
  cache_hit: z.number(),
});

const findingRow = z.object({
  step_index: z.number(),
  fingerprint: z.string(),
  analyzer: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  cwe: z.number().nullable(),
  severity: z.enum(['low', 'medium', 'high']),
  confidence: z.enum(['low', 'medium', 'high']),
  message: z.string(),
  path: z.string(),
  line: z.number(),
  end_line: z.number(),
  snippet: z.string(),
  fix_hint: z.string().nullable(),
});

const stringList = z.array(z.string());
const messageList = z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }));
const record = z.record(z.string(), z.unknown());
const guardVerdict = z.object({
  passed: z.boolean(),
  violations: z.array(
    z.object({
      kind: z.enum(['suppression-added', 'function-removed', 'body-stubbed', 'statements-lost']),
      detail: z.string(),
    }),
  ),
});
const gateVerdict = z.object({ passed: z.boolean(), output: z.string(), outcome: z.string().optional() });

function parsed<T>(schema: z.ZodType<T>, text: string | null): T | null {
  return text === null ? null : schema.parse(JSON.parse(text));
}

/** Session ids in start order, optionally for one benchmark run. */
export function listSessionIds(store: Store, filter: { readonly runId?: string } = {}): string[] {
  const rows =
    filter.runId === undefined
      ? store.db.prepare('SELECT id FROM patch_sessions ORDER BY started_at, rowid').all()
      : store.db.prepare('SELECT id FROM patch_sessions WHERE run_id = ? ORDER BY started_at, rowid').all(filter.runId);
  return z
    .array(z.object({ id: z.string() }))
    .parse(rows)
    .map((row) => row.id);
}

/** Rebuild a session's trace from the store; undefined when there is no such session. */
export function readSessionTrace(store: Store, sessionId: string): SessionTrace | undefined {
  const db = store.db;
  const rawSession: unknown = db.prepare('SELECT * FROM patch_sessions WHERE id = ?').get(sessionId);
  if (rawSession === undefined) return undefined;
  const session = sessionRow.parse(rawSession);
  const steps = z
    .array(stepRow)
    .parse(db.prepare('SELECT * FROM patch_steps WHERE session_id = ? ORDER BY step_index').all(sessionId));
  const calls = new Map(
    z
      .array(callRow)
      .parse(db.prepare('SELECT * FROM patch_llm_calls WHERE session_id = ?').all(sessionId))
      .map((row) => [row.step_index, row]),
  );
  const findings = new Map<number, Finding[]>();
  for (const row of z
    .array(findingRow)
    .parse(
      db.prepare('SELECT * FROM patch_step_findings WHERE session_id = ? ORDER BY step_index, ordinal').all(sessionId),
    )) {
    const finding: Finding = {
      analyzer: row.analyzer,
      ruleId: row.rule_id,
      ruleName: row.rule_name,
      cwe: row.cwe,
      severity: row.severity,
      confidence: row.confidence,
      message: row.message,
      path: row.path,
      line: row.line,
      endLine: row.end_line,
      snippet: row.snippet,
      fingerprint: row.fingerprint,
      ...(row.fix_hint === null ? {} : { fixHint: row.fix_hint }),
    };
    const list = findings.get(row.step_index) ?? [];
    list.push(finding);
    findings.set(row.step_index, list);
  }
  const header: SessionHeader = {
    id: session.id,
    kind: session.kind,
    method: session.method,
    generatorModel: session.generator_model,
    repairModel: session.repair_model,
    promptSet: session.prompt_set,
    options: record.parse(JSON.parse(session.options_json)),
    originalCode: session.original_code,
    runId: session.run_id,
    taskId: session.task_id,
    startedAt: session.started_at,
  };
  // `blocking` is not a column: it is a pure function of a step's findings and the session's policy, so it is
  // recomputed here. A session without a policy (a bare analyzer, or recorded before policies) gets no verdicts:
  // every finding blocks, as it did.
  const policy = header.options.policy;
  const judged = (stepIndex: number, status: FileScanStatus): readonly Finding[] => {
    const list = findings.get(stepIndex) ?? [];
    if (typeof policy !== 'string' || !isOraclePolicy(policy)) return list;
    return applyPolicy(policy, { path: list[0]?.path ?? '', status, findings: list }).findings;
  };
  const traceSteps: TraceStep[] = steps.map((row) => {
    const call = calls.get(row.step_index);
    const fixed = parsed(stringList, row.fixed_json);
    return {
      index: row.step_index,
      kind: row.kind as TraceStep['kind'],
      purpose: row.purpose,
      solution: row.solution,
      round: row.round,
      llm:
        call === undefined
          ? null
          : {
              model: call.model,
              messages: messageList.parse(JSON.parse(call.messages_json)),
              ok: call.ok === 1,
              reply: call.reply,
              error: call.error,
              inputTokens: call.input_tokens,
              outputTokens: call.output_tokens,
              costUsd: call.cost_usd,
              latencyMs: call.latency_ms,
              cacheHit: call.cache_hit === 1,
              ...(call.llm_call_id === null ? {} : { callId: call.llm_call_id }),
            },
      code: row.code,
      extraction: row.extraction,
      scan:
        row.scan_status === null
          ? null
          : { status: row.scan_status, error: row.scan_error, findings: judged(row.step_index, row.scan_status) },
      comparison:
        fixed === null
          ? null
          : {
              fixed,
              introduced: parsed(stringList, row.introduced_json) ?? [],
              persisting: parsed(stringList, row.persisting_json) ?? [],
            },
      guard: parsed(guardVerdict, row.guard_json),
      gate: parsed(gateVerdict, row.gate_json),
      detail: parsed(record, row.detail_json),
      decision: row.decision as TraceStep['decision'],
    };
  });
  const summary: SessionSummary = {
    status: (session.status ?? 'error') as SessionSummary['status'],
    finalCode: session.final_code,
    findingsBefore: session.findings_before ?? 0,
    findingsAfter: session.findings_after ?? 0,
    iterations: session.iterations ?? 0,
    rejectedCandidates: session.rejected_candidates ?? 0,
    inputTokens: session.input_tokens ?? 0,
    outputTokens: session.output_tokens ?? 0,
    costUsd: session.cost_usd ?? 0,
    error: session.error,
    finishedAt: session.finished_at ?? '',
  };
  return { header, steps: traceSteps, summary };
}

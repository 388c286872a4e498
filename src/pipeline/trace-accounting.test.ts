// A trace's model calls point at their accounting rows: patch_llm_calls.llm_call_id = llm_calls.id, so tokens, cost
// and cache hits of a step can be read from either side. Real SQLite, real Bandit, real HTTP to the stub server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { createBanditEngine } from '../analyzers/bandit/index.js';
import type { Analyzer } from '../analyzers/types.js';
import { createLanguageModel, startStubServer, type StubServer } from '../llm/index.js';
import { openStore, type Store } from '../store/index.js';
import { patch } from './patch.js';
import { fenced, fixedCode, vulnerableCode } from './testing/repair-fixtures.js';
import { createStoreTraceSink, readSessionTrace } from './trace-store.js';

let server: StubServer;
let analyzer: Analyzer;
let store: Store;

beforeAll(async () => {
  server = await startStubServer();
  analyzer = createBanditEngine({ concurrency: 1 });
  store = openStore(':memory:');
});
afterAll(async () => {
  store.close();
  await analyzer.close();
  await server.close();
});

const joined = z.array(
  z.object({
    step_index: z.number(),
    llm_call_id: z.number().nullable(),
    trace_input: z.number(),
    trace_output: z.number(),
    trace_cost: z.number().nullable(),
    trace_cache_hit: z.number(),
    trace_ok: z.number(),
    id: z.number().nullable(),
    purpose: z.string().nullable(),
    input_tokens: z.number().nullable(),
    output_tokens: z.number().nullable(),
    cost_usd: z.number().nullable(),
    cache_hit: z.number().nullable(),
    ok: z.number().nullable(),
  }),
);

function joinedRows(sessionId: string): z.infer<typeof joined> {
  return joined.parse(
    store.db
      .prepare(
        `SELECT t.step_index, t.llm_call_id, t.input_tokens AS trace_input, t.output_tokens AS trace_output,
           t.cost_usd AS trace_cost, t.cache_hit AS trace_cache_hit, t.ok AS trace_ok,
           c.id, c.purpose, c.input_tokens, c.output_tokens, c.cost_usd, c.cache_hit, c.ok
         FROM patch_llm_calls t LEFT JOIN llm_calls c ON c.id = t.llm_call_id
         WHERE t.session_id = ? ORDER BY t.step_index`,
      )
      .all(sessionId),
  );
}

async function repairOnce(cache: 'read-write' | 'off' = 'read-write'): Promise<Awaited<ReturnType<typeof patch>>> {
  const model = createLanguageModel('openai:gpt-4', {
    baseUrl: server.openaiBaseUrl,
    apiKey: 'stub-key',
    store,
    cache,
    retry: { maxRetries: 0 },
  });
  try {
    return await patch({
      code: vulnerableCode,
      strategy: 'self-debug',
      model,
      analyzer,
      options: { sink: createStoreTraceSink(store), runId: 'accounting-test' },
    });
  } finally {
    await model.close();
  }
}

describe('trace ↔ accounting', () => {
  it('joins every LLM step of a trace to its llm_calls row (tokens, cost, cache hit)', async () => {
    server.setHandler((request) =>
      (request.messages.at(-1)?.content ?? '').includes('Explain the code line by line')
        ? 'It loads YAML with yaml.load.'
        : fenced(fixedCode),
    );
    const first = await repairOnce();
    expect(first.status).toBe('secure');
    const rows = joinedRows(first.sessionId);
    expect(rows.map((row) => row.purpose)).toEqual(['explain', 'repair']);
    for (const row of rows) {
      expect(row.id).not.toBeNull();
      expect(row.id).toBe(row.llm_call_id);
      expect([row.input_tokens, row.output_tokens, row.cost_usd, row.cache_hit, row.ok]).toEqual([
        row.trace_input,
        row.trace_output,
        row.trace_cost,
        row.trace_cache_hit,
        row.trace_ok,
      ]);
      expect(row.cache_hit).toBe(0);
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.cost_usd).toBeGreaterThan(0);
    }
    const ids = first.trace.steps.flatMap((step) => (step.llm?.callId === undefined ? [] : [step.llm.callId]));
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(readSessionTrace(store, first.sessionId)?.steps).toEqual(first.trace.steps);

    // The same session again is answered from the cache: new accounting rows, marked as hits, cost nothing.
    const requestsBefore = server.requests.length;
    const second = await repairOnce();
    expect(server.requests.length).toBe(requestsBefore);
    const replayed = joinedRows(second.sessionId);
    expect(replayed).toHaveLength(2);
    for (const row of replayed) {
      expect(row.id).toBe(row.llm_call_id);
      expect(rows.map((earlier) => earlier.id)).not.toContain(row.id);
      expect([row.cache_hit, row.trace_cache_hit, row.cost_usd, row.trace_cost]).toEqual([1, 1, 0, 0]);
    }
  });

  it('links failed calls too', async () => {
    server.setHandler(() => ({ kind: 'error', status: 400, message: 'bad request' }));
    const result = await repairOnce('off');
    expect(result.status).toBe('error');
    const [row] = joinedRows(result.sessionId);
    expect(row?.id).toBe(row?.llm_call_id);
    expect([row?.ok, row?.trace_ok]).toEqual([0, 0]);
  });

  it('leaves the link empty when no store accounts the calls', async () => {
    server.setHandler(() => fenced(fixedCode));
    const model = createLanguageModel('openai:gpt-4', { baseUrl: server.openaiBaseUrl, apiKey: 'stub-key' });
    try {
      const result = await patch({
        code: vulnerableCode,
        strategy: 'direct',
        model,
        analyzer,
        options: { sink: createStoreTraceSink(store) },
      });
      expect(result.trace.steps[1]?.llm?.callId).toBeUndefined();
      expect(joinedRows(result.sessionId).map((row) => row.llm_call_id)).toEqual([null]);
    } finally {
      await model.close();
    }
  });
});

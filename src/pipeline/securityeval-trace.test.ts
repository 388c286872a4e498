// Every method over all of SecurityEval with a scripted stub: each session leaves a complete trace in a real SQLite
// store, and reading it back gives the same trace the API returned.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { openStore, type Store } from '../store/index.js';
import { repairStrategyNames } from '../strategies/types.js';
import { detect } from './detect.js';
import { patch, type PatchResult } from './patch.js';
import { fenced, startRepairHarness, type RepairHarness } from './testing/repair-fixtures.js';
import { createStoreTraceSink, listSessionIds, readSessionTrace } from './trace-store.js';

const shared = process.env.FDSP_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');
const tasks = readFileSync(path.join(shared, 'datasets/securityeval/dataset.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => z.object({ ID: z.string(), Prompt: z.string(), Insecure_code: z.string() }).parse(JSON.parse(line)));

/** The scripted model: completes each stub with the dataset's insecure code, and echoes code back on repair. */
function scriptedReply(conversation: readonly { readonly content: string }[]): string {
  const prompt = conversation.at(-1)?.content ?? '';
  if (prompt.includes('Complete the following Python code')) {
    const task = tasks.find((candidate) => prompt.includes(candidate.Prompt.trim()));
    return fenced(task?.Insecure_code ?? 'pass\n');
  }
  if (prompt.includes('distinct potential solutions')) return 'Solution 1: a.\nSolution 2: b.\nSolution 3: c.';
  if (prompt.includes('Answer with True or False')) return 'True';
  if (/\bexplain\b/i.test(prompt) && conversation.length === 1) return 'An explanation of the issues.';
  const code = /```python\n([\s\S]*?)```/.exec(conversation.map((message) => message.content).join('\n'))?.[1];
  return fenced(code ?? 'pass\n');
}

let harness: RepairHarness;
let store: Store;

beforeAll(async () => {
  harness = await startRepairHarness();
  harness.server.setHandler((request) => scriptedReply(request.messages));
  store = openStore(':memory:');
});
afterAll(async () => {
  store.close();
  await harness.close();
});

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  }
  return results;
}

describe('SecurityEval with a scripted stub', () => {
  it('leaves a complete trace per task for every strategy and for detection', async () => {
    expect(tasks).toHaveLength(121);
    const sink = createStoreTraceSink(store);
    const model = harness.model('scripted');
    const results: PatchResult[] = [];
    for (const strategy of repairStrategyNames) {
      const runId = `securityeval-${strategy}`;
      const batch = await inBatches(tasks, 8, (task) =>
        patch({
          task: { kind: 'completion', prompt: task.Prompt },
          strategy,
          model,
          analyzer: harness.analyzer,
          options: { sink, runId, taskId: task.ID },
        }),
      );
      expect(listSessionIds(store, { runId })).toHaveLength(tasks.length);
      results.push(...batch);
    }
    const detections = await inBatches(tasks, 8, (task) =>
      detect({
        code: task.Insecure_code,
        cwe: Number(/CWE-0*(\d+)/.exec(task.ID)?.[1]),
        model,
        options: { sink, runId: 'securityeval-detect', taskId: task.ID },
      }),
    );
    expect(detections.every((result) => result.verdict === true)).toBe(true);

    // The echoing model fixes nothing: flagged tasks stay vulnerable, unflagged ones were secure from the start.
    const flagged = results.filter((result) => result.findingsBefore.length > 0);
    expect(flagged.length).toBeGreaterThan(30);
    expect(flagged.every((result) => result.status === 'still-vulnerable')).toBe(true);
    expect(results.filter((result) => result.findingsBefore.length === 0).every((r) => r.status === 'secure')).toBe(
      true,
    );

    for (const result of [...results, ...detections]) {
      const stored = readSessionTrace(store, result.sessionId);
      expect(stored).toEqual(result.trace);
    }
    const fdspFlagged = flagged.find((result) => result.strategy === 'fdsp')!;
    expect(fdspFlagged.trace.steps.filter((step) => step.kind === 'candidate')).toHaveLength(9);
    const rows = store.db
      .prepare('SELECT COUNT(*) AS n FROM patch_sessions WHERE status IS NULL OR finished_at IS NULL')
      .get() as { n: number };
    expect(rows.n).toBe(0);
  }, 120_000);
});

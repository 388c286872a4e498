// The metric rows of a run under one evaluation: results, generations and scores joined into the plain rows the
// metrics compute over.
import { z } from 'zod';

import type { DetectRow, RepairRow } from '../metrics/index.js';
import { statement, type Store } from '../store/index.js';
import type { RunRecord } from './run-records.js';
import { listGenerations, listResults, parseUnitTest, securityTestScore } from './run-results.js';

const scoreRow = z.object({
  task_id: z.string(),
  strategy: z.string(),
  run_index: z.number(),
  phase: z.enum(['generated', 'final']),
  scan_status: z.enum(['ok', 'syntax-error', 'error', 'missing']),
  finding_count: z.number(),
});

const detectDetail = z.object({ verdict: z.boolean().nullable(), label: z.boolean() });
const count = z.number().int().nonnegative();
/** A repair result's detail: the gate's counts when it ran (see repair-gate.ts); other keys are not metrics. */
const repairDetail = z.object({
  gate: z.object({ checked: count, passed: count, outcomes: z.record(z.string(), count) }).optional(),
});

/** The metric rows of one run under one evaluation (default: the run's own). */
export function readMetricRows(
  store: Store,
  run: RunRecord,
  evaluationId: number,
): { repair: RepairRow[]; detect: DetectRow[] } {
  const scores = new Map(
    z
      .array(scoreRow)
      .parse(statement(store.db, 'SELECT * FROM bench_scores WHERE evaluation_id = ?').all(evaluationId))
      .map((row) => [JSON.stringify([row.task_id, row.strategy, row.run_index, row.phase]), row]),
  );
  const generations = new Map(
    listGenerations(store, run.id).map((generation) => [
      JSON.stringify([generation.taskId, generation.runIndex]),
      generation,
    ]),
  );
  const model = run.config.model;
  const repairModel = run.config.repairModel ?? model;
  const dataset = typeof run.manifest.datasetName === 'string' ? run.manifest.datasetName : run.config.dataset;
  const labelSet = typeof run.manifest.labelSetName === 'string' ? run.manifest.labelSetName : 'labels';
  const repair: RepairRow[] = [];
  const detect: DetectRow[] = [];
  for (const result of listResults(store, run.id)) {
    if (result.strategy === 'detect') {
      const detail = detectDetail.parse(JSON.parse(result.detail_json ?? '{}'));
      detect.push({
        dataset: labelSet,
        model,
        taskId: result.task_id,
        runIndex: result.run_index,
        verdict: detail.verdict,
        label: detail.label,
        inputTokens: result.input_tokens,
        outputTokens: result.output_tokens,
        costUsd: result.cost_usd,
      });
      continue;
    }
    const generation = generations.get(JSON.stringify([result.task_id, result.run_index]));
    const generatedScore = scores.get(JSON.stringify([result.task_id, '', result.run_index, 'generated']));
    const finalScore = scores.get(JSON.stringify([result.task_id, result.strategy, result.run_index, 'final']));
    const finalUnit = parseUnitTest(result.unit_test_json);
    const detail = result.detail_json === null ? {} : repairDetail.parse(JSON.parse(result.detail_json));
    repair.push({
      dataset,
      model,
      repairModel,
      strategy: result.strategy,
      taskId: result.task_id,
      runIndex: result.run_index,
      generated: {
        scanStatus: generatedScore?.scan_status ?? 'missing',
        findingCount: generatedScore?.finding_count ?? 0,
        unitTest: generation?.unitTest?.outcome ?? null,
        securityTests: securityTestScore(generation?.unitTest),
      },
      final: {
        scanStatus: finalScore?.scan_status ?? 'missing',
        findingCount: finalScore?.finding_count ?? 0,
        unitTest: finalUnit?.outcome ?? null,
        securityTests: securityTestScore(finalUnit),
      },
      status: result.status,
      fixedAtAttempt: result.fixed_at_attempt,
      attempts: result.iterations,
      rejectedCandidates: result.rejected_candidates,
      inputTokens: result.input_tokens,
      outputTokens: result.output_tokens,
      costUsd: result.cost_usd,
      gate: detail.gate ?? null,
    });
  }
  return { repair, detect };
}

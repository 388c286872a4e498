// Rescore: re-evaluate a run's stored code (generated and final) with another analyzer set, as a new evaluation.
// No model is created, so no model call can happen; the run's own evaluation is left as it was.
import { blockingFindings, withPolicy } from '../analyzers/policy/index.js';
import type { Analyzer, FileScanResult } from '../analyzers/types.js';
import type { Store } from '../store/index.js';
import { analyzerVersions } from './manifest.js';
import {
  completeEvaluation,
  createEvaluation,
  insertScores,
  listGenerations,
  listResults,
  readRun,
  type ScoreRecord,
} from './run-store.js';

export interface RescoreOutcome {
  readonly evaluationId: number;
  readonly scored: number;
  readonly distinctCode: number;
}

function toScore(result: FileScanResult | undefined): ScoreRecord {
  if (result === undefined) return { scanStatus: 'error', findingCount: 0, cwes: [] };
  const blocking = blockingFindings(result.findings);
  return result.status === 'ok'
    ? { scanStatus: 'ok', findingCount: blocking.length, cwes: blocking.map((finding) => finding.cwe) }
    : { scanStatus: result.status, findingCount: 0, cwes: [] };
}

export async function rescoreRun(
  store: Store,
  runId: string,
  engines: Analyzer,
  analyzerNames: readonly string[],
): Promise<RescoreOutcome> {
  // Scored under the run's own policy, so the new evaluation compares with the run's on equal terms.
  const analyzer = withPolicy(engines, readRun(store, runId).config.policy);
  const generations = listGenerations(store, runId);
  const results = listResults(store, runId).filter((result) => result.strategy !== 'detect');
  const codes = new Set<string>();
  for (const generation of generations) if (generation.code !== null) codes.add(generation.code);
  for (const result of results) if (result.final_code !== null) codes.add(result.final_code);
  const distinct = [...codes];
  const scanned = new Map<string, ScoreRecord>();
  // Batches keep memory flat; the analyzers parallelize within a batch.
  for (let start = 0; start < distinct.length; start += 64) {
    const batch = distinct.slice(start, start + 64);
    const output = await analyzer.scan(batch.map((text) => ({ path: 'snippet.py', text })));
    batch.forEach((text, index) => scanned.set(text, toScore(output[index])));
  }
  const missing: ScoreRecord = { scanStatus: 'missing', findingCount: 0, cwes: [] };
  const scoreFor = (code: string | null): ScoreRecord => (code === null ? missing : (scanned.get(code) ?? missing));
  const evaluationId = createEvaluation(store, runId, {
    kind: 'rescore',
    analyzers: analyzerNames,
    versions: await analyzerVersions(analyzer),
  });
  const scores = [
    ...generations.map((generation) => ({
      key: { taskId: generation.taskId, strategy: '', runIndex: generation.runIndex, phase: 'generated' as const },
      score: scoreFor(generation.code),
    })),
    ...results.map((result) => ({
      key: { taskId: result.task_id, strategy: result.strategy, runIndex: result.run_index, phase: 'final' as const },
      score: scoreFor(result.final_code),
    })),
  ];
  insertScores(store, evaluationId, scores);
  completeEvaluation(store, evaluationId);
  return { evaluationId, scored: scores.length, distinctCode: distinct.length };
}

// The bench's SQLite adapter, one file per concept: runs (run-records.ts), the attempts that work on them
// (run-attempts.ts), results and generations (run-results.ts), evaluations and their scores (run-evaluations.ts) and
// the metric rows read back (metric-rows.ts). Every write is one short transaction; a work item's result and its
// score are committed together, so a crash can lose only uncommitted work and never duplicate.
export { createRun, listRuns, readRun, setRunStatus } from './run-records.js';
export type { RunRecord, RunStatus, RunSummary } from './run-records.js';
export { countAttempts, deleteOrphanSessions, finishAttempt, heartbeat, startAttempt } from './run-attempts.js';
export {
  commitGeneration,
  commitResult,
  committedCount,
  committedKeys,
  listGenerations,
  listResults,
  readGeneration,
  storedSecurityTestsSchema,
} from './run-results.js';
export type {
  GenerationRecord,
  ResultRecord,
  StoredResult,
  StoredSecurityTests,
  StoredTestCase,
  UnitTestSummary,
} from './run-results.js';
export {
  completeEvaluation,
  createEvaluation,
  insertScores,
  listEvaluations,
  runEvaluation,
} from './run-evaluations.js';
export type { EvaluationRecord, ScoreRecord } from './run-evaluations.js';
export { readMetricRows } from './metric-rows.js';

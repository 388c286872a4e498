// The benchmark harness: configs, the deterministic plan, resumable runs in the store, rescoring and metric rows.
export {
  benchConfigSchema,
  benchGateKinds,
  benchStrategyNames,
  parseBenchConfig,
  readConfigFile,
  splitList,
  type BenchConfig,
  type BenchConfigInput,
  type BenchStrategyName,
} from './config.js';
export { gateCounts, repairGateFor, type GateCounts } from './repair-gate.js';
export { planWorkItems, remainingWorkItems, workItemKey, type WorkItem } from './plan.js';
export { newRunId, resumeRun, startRun, type RunOutcome, type RunProgress, type RunnerOptions } from './runner.js';
export {
  listEvaluations,
  listRuns,
  readMetricRows,
  readRun,
  runEvaluation,
  type EvaluationRecord,
  type RunRecord,
  type RunStatus,
  type RunSummary,
} from './run-store.js';
export { loadLabelSet, type LabelSet, type LabelledItem } from './labels.js';
export { memoizeScans } from './scan-cache.js';

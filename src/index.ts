// Public library API.
export type * from './analyzers/types.js';
export type * from './llm/types.js';
export {
  createLanguageModel,
  extractPython,
  loadPriceTable,
  startStubServer,
  usageByModel,
  usageTotals,
} from './llm/index.js';
export { openStore, defaultStorePath } from './store/index.js';
export {
  patch,
  detect,
  checkGuards,
  loadPromptSet,
  createStoreTraceSink,
  readSessionTrace,
  listSessionIds,
  createUnitTestGate,
  definedNames,
  type GateTest,
  type PatchOptions,
  type PatchRequest,
  type PatchResult,
  type PatchStatus,
  type DetectRequest,
  type DetectResult,
  type SessionTrace,
  type TraceStep,
  type TraceSink,
  type FunctionalGate,
  type GenerationTask,
} from './pipeline/index.js';
export { UnitTestSandbox, type UnitTestOutcome, type UnitTestResult } from './sandbox/index.js';
export { repairStrategyNames, defaultBounds, describeCwe, type RepairStrategyName } from './strategies/index.js';
export {
  buildPaperReport,
  collectReportRuns,
  renderChartSvgs,
  renderReportCsv,
  renderReportHtml,
  renderReportMarkdown,
  addReviewLabel,
  listReviewLabels,
  type ReportDocument,
  type ReportRun,
  type ReviewLabel,
} from './reports/index.js';
export { startViewer, type Viewer, type ViewerOptions } from './server/index.js';
export { FdspError, type ErrorCode } from './errors/index.js';

// The rules' view of the engine (src/analyzers/builtin/engine): the facts API (`taint`, `qualify`, `isConstant`,
// `report`, `function`, …) and the hooks it calls. Kept at this path so rules import it unchanged.
export {
  ModuleAnalysis,
  type AnalysisHooks,
  type CallSite,
  type FunctionInfo,
  type RawFinding,
  type ReportOptions,
} from './engine/module-analysis.js';

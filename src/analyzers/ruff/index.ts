export {
  createRuffAnalyzer,
  ruffArguments,
  ruffCacheIdentity,
  type RuffAnalyzer,
  type RuffAnalyzerOptions,
} from './ruff-analyzer.js';
export { parseRuffJson, ruffFileResult, banditIdOfRuffCode, type RuffDiagnostic } from './ruff-output.js';

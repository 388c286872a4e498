export { createRuffAnalyzer, ruffArguments, type RuffAnalyzerOptions } from './ruff-analyzer.js';
export { parseRuffJson, ruffFileResult, banditIdOfRuffCode, type RuffDiagnostic } from './ruff-output.js';

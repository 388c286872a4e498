export type * from './types.js';
export { severityOrder } from './types.js';
export { fingerprintFindings, snippetOf, statementKey } from './fingerprint.js';
export { cweNames, cweName, describeCwe, parseCweId } from './cwe-names.js';
export * from './policy/index.js';
export { AnalyzerUnion, analyzerMembers, mergeFileResults } from './union.js';
export {
  analyzerRegistry,
  createAnalyzers,
  createSyntaxChecker,
  defaultAnalyzers,
  isAnalyzerName,
  parseAnalyzerNames,
  type AnalyzerName,
  type AnalyzerRegistration,
  type AnalyzerFactoryOptions,
} from './registry.js';
export { createBanditEngine, BanditEngine, type BanditEngineOptions } from './bandit/index.js';

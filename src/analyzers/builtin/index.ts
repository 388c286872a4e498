export { builtinAnalyzerIdentity } from './identity.js';
export {
  createBuiltinAnalyzer,
  scanSource,
  builtinAnalyzerName,
  builtinAnalyzerVersion,
  type BuiltinAnalyzerOptions,
} from './builtin-analyzer.js';
export { builtinCacheKeys } from './cache-keys.js';
export { ruleDefinitions, ruleById } from './rules/index.js';
export type { RuleDefinition } from './rules/rule-types.js';

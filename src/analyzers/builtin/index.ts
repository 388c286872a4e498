export { builtinAnalyzerIdentity } from './identity.js';
export { createBuiltinAnalyzer, scanSource, builtinAnalyzerName, builtinAnalyzerVersion } from './builtin-analyzer.js';
export { ruleDefinitions, ruleById } from './rules/index.js';
export type { RuleDefinition } from './rules/rule-types.js';

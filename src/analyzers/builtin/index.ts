export { builtinAnalyzerIdentity } from './identity.js';
export { createBuiltinAnalyzer, scanSource, builtinAnalyzerName, builtinAnalyzerVersion } from './builtin-analyzer.js';
export { ruleDefinitions, ruleById } from './rule-definitions.js';
export type { RuleDefinition } from './rule-types.js';

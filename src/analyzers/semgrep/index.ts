export {
  createSemgrepAnalyzer,
  semgrepEnvironment,
  type SemgrepAnalyzer,
  type SemgrepAnalyzerOptions,
} from './semgrep-analyzer.js';
export { semgrepCacheIdentity, semgrepRulesDigest } from './semgrep-identity.js';
export {
  resolveSemgrepConfig,
  defaultSemgrepRules,
  describeSemgrepConfig,
  type SemgrepConfig,
} from './semgrep-config.js';
export {
  parseSemgrepJson,
  semgrepFindings,
  cweFromTags,
  semgrepSyntaxErrors,
  type SemgrepOutput,
  type ParseResult,
} from './semgrep-output.js';

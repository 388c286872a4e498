export { createSemgrepAnalyzer } from './semgrep-analyzer.js';
export {
  parseSemgrepJson,
  semgrepFindings,
  cweFromTags,
  type SemgrepOutput,
  type ParseResult,
} from './semgrep-output.js';

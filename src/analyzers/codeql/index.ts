export { createCodeqlAnalyzer } from './codeql-analyzer.js';
export { parseSarif, sarifFindings, type Sarif } from './sarif.js';

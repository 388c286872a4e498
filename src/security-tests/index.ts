// CWEval-style security tests: verdicts over pytest outcomes, their findings as feedback, and the loop's oracle.
export {
  functionalityMarker,
  hasMarkedTests,
  noCodeVerdict,
  securityMarker,
  testVerdict,
  type TestVerdict,
} from './verdict.js';
export { describeParameters, securityTestAnalyzer, securityTestFindings, unrunnableFinding } from './feedback.js';
export {
  cachedTestRun,
  createOracleAnalyzer,
  functionalityGate,
  importedFunctions,
  oracleKinds,
  type CachedTestRun,
  type OracleKind,
  type OracleOptions,
  type TaskTests,
  type TestRunner,
} from './oracle.js';

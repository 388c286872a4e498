// The studies' metrics: pure functions over plain rows (the bench store adapter builds the rows).
export type * from './types.js';
export {
  compareOutcomes,
  computeRunMetrics,
  detectMetrics,
  fixRates,
  gateMetrics,
  isSecure,
  isVulnerable,
  repairMetrics,
} from './compute.js';
export { meanInterval, share, tQuantile975 } from './statistics.js';
export { oracleAgreement, passAtK, securityTestMetrics, securityTestPassAtK } from './security-tests.js';

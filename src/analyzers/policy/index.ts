export { advisoryRules, type AdvisoryRule, type CorroborationScope } from './advisory-rules.js';
export {
  advisoryRuleFor,
  applyPolicy,
  blockingFindings,
  decideBlocking,
  isBlocking,
  isOraclePolicy,
  oraclePolicies,
  type OraclePolicy,
} from './policy.js';
export { PolicyAnalyzer, policyOf, withPolicy } from './policy-analyzer.js';

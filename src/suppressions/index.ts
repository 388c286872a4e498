export {
  applySuppressions,
  parseSuppressions,
  type SuppressedFinding,
  type SuppressionComment,
  type SuppressionOutcome,
  type UnjustifiedSuppression,
} from './suppressions.js';

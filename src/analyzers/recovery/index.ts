export {
  applyEdit,
  fenceEdits,
  isProseLike,
  nextEdit,
  recoveredText,
  rewritePython2Print,
  type ParseVerdict,
} from './recovery-policy.js';
export {
  recoverCode,
  recoveryLimits,
  type PythonParse,
  type RecoveredCode,
  type RecoveryLimits,
} from './recover-code.js';
export { recoveryIdentity } from './identity.js';
export { rescanRecovered } from './rescan-recovered.js';

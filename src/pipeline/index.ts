// The repair pipeline's public API: patch() and detect(), generation, guards, decisions, templates and traces.
export { patch, type PatchOptions, type PatchRequest, type PatchResult } from './patch.js';
export { detect, type DetectRequest, type DetectResult } from './detect.js';
export { generateCode, defaultSyntaxRetries, type GenerationTask, type GenerationOutcome } from './generate.js';
export {
  checkGuards,
  guardViolationKinds,
  type GuardVerdict,
  type GuardViolation,
  type GuardViolationKind,
} from './guards.js';
export {
  compareFindings,
  decideCandidate,
  decideStatus,
  isUsable,
  type CandidateDecision,
  type FindingsComparison,
  type GateVerdict,
  type PatchStatus,
} from './decision.js';
export {
  loadPromptSet,
  renderTemplate,
  defaultPromptVersion,
  type PromptSet,
  type PromptSetOptions,
} from './templates.js';
export { extractCandidateCode } from './extract.js';
export {
  Session,
  type CodeExtractor,
  type ExtractedCode,
  type ExtractionHints,
  type FunctionalGate,
} from './session.js';
export { definedNames } from './expected-names.js';
export {
  createUnitTestGate,
  moduleNameOf,
  testsForFile,
  unitTestVerdict,
  type GateTest,
  type UnitTestGateOptions,
  type UnitTestRunner,
} from './unit-test-gate.js';
export { createStoreTraceSink, listSessionIds, readSessionTrace } from './trace-store.js';
export type * from './trace.js';

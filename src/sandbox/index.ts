export type * from './types.js';
export { defaultLimits, pytestLimits, unitTestOutcomes } from './types.js';
export { UnitTestSandbox, type SandboxOptions } from './sandbox.js';
export { planModules, detectFramework, isForeignModule, type ModulePlan, type ModuleLayout, type ImportStyle } from './module-plan.js';
export { classifyRun, testCaseSchema, type RunEnd, type Classification } from './classify.js';
export { buildSandboxCommand } from './bubblewrap.js';

export { collectTargets, type CollectedTargets, type TargetRequest } from './targets.js';
export { leaveAside, leaveKnownAside, type LeftAsideOutcome } from './left-aside.js';
export { scanProject, type ProjectScan, type ProjectScanRequest } from './scan-project.js';

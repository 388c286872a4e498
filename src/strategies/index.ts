export * from './types.js';
export { repairStrategies, defaultBounds, isRepairStrategyName } from './registry.js';
export { cweName, describeCwe, parseCweId } from './cwe-names.js';
export { formatAnalyzerReport, formatCweFindings } from './report.js';
export { parseSolutions } from './solutions.js';
export { parseVerdict, type Verdict } from './verdict.js';

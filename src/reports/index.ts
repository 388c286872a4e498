export {
  buildScanReport,
  scanExitCode,
  summarize,
  type ScanReport,
  type ScanSummary,
  type AnalyzerIdentity,
} from './scan-report.js';
export { renderScanText } from './scan-text.js';
export { toSarif, artifactUri, type SarifFix, type SarifReplacement, type SarifOptions } from './sarif.js';

export {
  buildScanReport,
  scanExitCode,
  summarize,
  type ScanReport,
  type ScanSummary,
  type AnalyzerIdentity,
  type LeftAside,
  type SuppressedFindingReport,
} from './scan-report.js';
export { renderScanText } from './scan-text.js';
export { renderLeftAsideText } from './left-aside-text.js';
export { toSarif, artifactUri, type SarifFix, type SarifReplacement, type SarifOptions } from './sarif.js';
export { html, escapeHtml, trustedHtml, joinHtml, SafeHtml, type HtmlValue } from './html.js';
export {
  formatCell,
  rawCell,
  textCell,
  valueCell,
  type ReportTable,
  type TableCell,
  type TextCell,
  type ValueCell,
  type ValueUnit,
} from './report-table.js';
export {
  chartSpec,
  renderChartSvg,
  renderChartSvgs,
  svgToPng,
  type BarChart,
  type BarDatum,
  type Chart,
  type LineChart,
  type LineDatum,
} from './charts.js';
export { buildPaperReport, cweLabel, type CweOutcome, type ReportDocument, type ReportRun } from './paper-report.js';
export { renderReportMarkdown, renderMarkdownTable, escapeMarkdown } from './report-markdown.js';
export { renderReportHtml, renderReportBody, renderHtmlTable, renderChartFigure } from './report-html.js';
export { renderReportCsv, csvField } from './report-csv.js';
export { stylesheet } from './styles.js';
export { collectReportRun, collectReportRuns, runLabel, type EvaluationChoice } from './collect.js';
export {
  addReviewLabel,
  applyReviewVerdict,
  latestPerReviewer,
  listReviewLabels,
  reviewLabelValues,
  reviewLabelsCsv,
  reviewSubmissionSchema,
  reviewedVulnerable,
  sha256,
  type NewReviewLabel,
  type ReviewLabel,
  type ReviewLabelValue,
  type ReviewSubmission,
} from '../review/index.js';

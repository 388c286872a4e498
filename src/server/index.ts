// The local web viewer: runs, run summaries with the charts, task pages with diffs, transcripts and manual review.
export { startViewer, type Viewer, type ViewerOptions } from './viewer-server.js';
export { codeDiff, renderDiff, type DiffLine } from './code-diff.js';

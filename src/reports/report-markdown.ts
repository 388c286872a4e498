// Markdown rendering of a report document (pure). Every piece of text is escaped: run names and model names are
// user input, and Markdown renderers pass raw HTML through.
import type { Chart } from './charts.js';
import type { ReportDocument } from './paper-report.js';
import { formatCell, type ReportTable } from './report-table.js';

/** Escapes Markdown syntax and HTML so text renders literally, on one line (safe inside table cells). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]|~]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}

export function renderMarkdownTable(table: ReportTable): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [
    `### ${escapeMarkdown(table.title)}`,
    '',
    ...(table.caption === undefined ? [] : [escapeMarkdown(table.caption), '']),
  ];
  if (table.rows.length === 0) return [...lines, '_No data in the selected runs._', ''].join('\n');
  lines.push(line(table.columns.map(escapeMarkdown)));
  lines.push(line(table.columns.map((_, index) => (index === 0 ? '---' : ':---'))));
  for (const row of table.rows) lines.push(line(row.map((cell) => escapeMarkdown(formatCell(cell)))));
  return [...lines, ''].join('\n');
}

/** A chart's data as a table, so Markdown readers without the images still see the numbers. */
export function renderChartData(chart: Chart): string {
  if (chart.data.length === 0) return '_No data in the selected runs._\n';
  if (chart.kind === 'line') {
    const rounds = [...new Set(chart.data.map((datum) => datum.x))].sort((a, b) => a - b);
    const series = [...new Set(chart.data.map((datum) => datum.series))];
    const header = `| ${escapeMarkdown(chart.xTitle)} | ${series.map(escapeMarkdown).join(' | ')} |`;
    const rule = `| --- |${series.map(() => ' ---: |').join('')}`;
    const body = rounds.map(
      (round) =>
        `| ${String(round)} | ${series
          .map((name) => {
            const point = chart.data.find((datum) => datum.x === round && datum.series === name);
            return point === undefined ? '–' : String(point.y);
          })
          .join(' | ')} |`,
    );
    return [header, rule, ...body, ''].join('\n');
  }
  const grouped = chart.data.some((datum) => datum.series !== undefined);
  const header = grouped
    ? `| ${escapeMarkdown(chart.xTitle)} | series | ${escapeMarkdown(chart.yTitle)} |\n| --- | --- | ---: |`
    : `| ${escapeMarkdown(chart.xTitle)} | ${escapeMarkdown(chart.yTitle)} |\n| --- | ---: |`;
  const body = chart.data.map((datum) =>
    grouped
      ? `| ${escapeMarkdown(datum.category)} | ${escapeMarkdown(datum.series ?? '')} | ${String(datum.value)} |`
      : `| ${escapeMarkdown(datum.category)} | ${String(datum.value)} |`,
  );
  return [header, ...body, ''].join('\n');
}

export interface MarkdownChartImages {
  /** Relative path of each chart's image by chart id (written beside the report by the caller). */
  readonly [chartId: string]: string | undefined;
}

export function renderReportMarkdown(report: ReportDocument, images: MarkdownChartImages = {}): string {
  const parts = [
    `# ${escapeMarkdown(report.title)}`,
    '',
    `Generated ${escapeMarkdown(report.generatedAt)}. Runs: ${report.runs
      .map((run) => `${escapeMarkdown(run.label)} (\`${run.id.replace(/`/g, "'")}\`)`)
      .join(', ')}.`,
    '',
    ...report.notes.map((note) => `> ${escapeMarkdown(note)}`),
    '',
    '## Tables',
    '',
    ...report.tables.map(renderMarkdownTable),
    '## Charts',
    '',
  ];
  for (const chart of report.charts) {
    parts.push(`### ${escapeMarkdown(chart.title)}`, '');
    const image = images[chart.id];
    if (image !== undefined) parts.push(`![${escapeMarkdown(chart.title)}](${encodeURI(image)})`, '');
    parts.push(renderChartData(chart));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}

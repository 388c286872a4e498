// CSV rendering (pure): every table in long form, one value per line — `table,row,column,value` — which loads into
// pandas or a spreadsheet without losing the raw fractions. Chart data follow as `chart:<id>` tables.
import type { ReportDocument } from './paper-report.js';
import { rawCell } from './report-table.js';

/** RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

export function renderReportCsv(report: ReportDocument): string {
  const lines = ['table,row,column,value'];
  const push = (table: string, row: number, column: string, value: string): void => {
    lines.push([table, String(row), column, value].map(csvField).join(','));
  };
  for (const table of report.tables) {
    table.rows.forEach((row, rowIndex) => {
      row.forEach((cell, columnIndex) => {
        push(table.id, rowIndex, table.columns[columnIndex] ?? String(columnIndex), rawCell(cell));
      });
    });
  }
  for (const chart of report.charts) {
    const table = `chart:${chart.id}`;
    if (chart.kind === 'line') {
      chart.data.forEach((datum, index) => {
        push(table, index, 'series', datum.series);
        push(table, index, chart.xTitle, String(datum.x));
        push(table, index, chart.yTitle, String(datum.y));
      });
    } else {
      chart.data.forEach((datum, index) => {
        push(table, index, chart.xTitle, datum.category);
        if (datum.series !== undefined) push(table, index, 'series', datum.series);
        push(table, index, chart.yTitle, String(datum.value));
      });
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

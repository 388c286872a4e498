// The HTML report (pure): one self-contained page — inline stylesheet, inline SVG charts, no scripts, no external
// references — so it opens offline and can be mailed around. All text goes through the escaping html`` helper.
import type { Chart } from './charts.js';
import { html, joinHtml, trustedHtml, type SafeHtml } from './html.js';
import type { ReportDocument } from './paper-report.js';
import { formatCell, type ReportTable } from './report-table.js';
import { stylesheet } from './styles.js';

export function renderHtmlTable(table: ReportTable): SafeHtml {
  if (table.rows.length === 0)
    return html`<p class="muted" data-empty-table="${table.id}">No data in the selected runs.</p>`;
  return html`<table data-table="${table.id}">
    <thead>
      <tr>
        ${table.columns.map((column) => html`<th scope="col">${column}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${table.rows.map(
        (row) =>
          html`<tr>
            ${row.map((cell) =>
              cell.kind === 'text' ? html`<td>${cell.text}</td>` : html`<td class="value">${formatCell(cell)}</td>`,
            )}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A chart figure; `svg` comes from renderChartSvg (Vega escapes its labels), else a note that it is missing. */
export function renderChartFigure(chart: Chart, svg: string | undefined): SafeHtml {
  return html`<figure class="chart" id="chart-${chart.id}" data-chart="${chart.id}">
    ${svg === undefined ? html`<p class="muted">Chart not rendered.</p>` : trustedHtml(svg)}
    <figcaption class="muted">${chart.title}</figcaption>
  </figure>`;
}

export function renderReportBody(report: ReportDocument, svgs: ReadonlyMap<string, string>): SafeHtml {
  return html`<h1>${report.title}</h1>
    <p class="muted">
      Generated ${report.generatedAt}. Runs:
      ${joinHtml(
        report.runs.map((run) => html`<span class="run-label">${run.label}</span> (<code>${run.id}</code>)`),
        trustedHtml(', '),
      )}
    </p>
    <div class="notes">${report.notes.map((note) => html`<p>${note}</p>`)}</div>
    <h2>Tables</h2>
    ${report.tables.map(
      (table) =>
        html`<section id="table-${table.id}">
          <h3>${table.title}</h3>
          ${table.caption === undefined ? '' : html`<p class="caption">${table.caption}</p>`} ${renderHtmlTable(table)}
        </section>`,
    )}
    <h2>Charts</h2>
    ${report.charts.map((chart) => renderChartFigure(chart, svgs.get(chart.id)))}`;
}

export function renderReportHtml(report: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        />
        <title>${report.title}</title>
        <style>
          ${trustedHtml(stylesheet)}
        </style>
      </head>
      <body>
        <main>${renderReportBody(report, svgs)}</main>
      </body>
    </html> `.markup;
}

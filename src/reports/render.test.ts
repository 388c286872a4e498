import { describe, expect, it } from 'vitest';

import type { RepairMetrics, RunMetrics } from '../metrics/index.js';
import { renderChartSvgs } from './charts.js';
import { escapeHtml, html, trustedHtml } from './html.js';
import { buildPaperReport, type ReportRun } from './paper-report.js';
import { csvField, renderReportCsv } from './report-csv.js';
import { renderReportHtml } from './report-html.js';
import { escapeMarkdown, renderReportMarkdown } from './report-markdown.js';
import { formatCell, valueCell } from './report-table.js';

describe('html``', () => {
  it('escapes every interpolated value, in content and attributes, and nested lists', () => {
    const value = `"'><script>alert(1)</script>&\``;
    expect(html`<p title="${value}">${value}</p>`.markup).toBe(
      '<p title="&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#96;">&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#96;</p>',
    );
    expect(
      html`<ul>
        ${['<a>', html`<li>${'<b>'}</li>`]}
      </ul>`.markup.replace(/\s+/g, ''),
    ).toBe('<ul>&lt;a&gt;<li>&lt;b&gt;</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.markup).toBe('0');
    expect(html`${trustedHtml('<svg></svg>')}`.markup).toBe('<svg></svg>');
    expect(escapeHtml('</textarea>')).toBe('&lt;/textarea&gt;');
  });
});

describe('markdown and CSV', () => {
  it('escapes Markdown syntax, HTML and line breaks so a cell stays one literal cell', () => {
    expect(escapeMarkdown('a|b *c* [x](javascript:y) <img>\nnext')).toBe(
      'a\\|b \\*c\\* \\[x\\](javascript:y) &lt;img&gt; next',
    );
  });

  it('quotes CSV fields and defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-0.25')).toBe('-0.25');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('formats values as the papers print them', () => {
    expect(formatCell(valueCell(0.325, 'percent', -0.083))).toBe('32.5% (↓8.3)');
    expect(formatCell(valueCell(0.5, 'percent', 0.1))).toBe('50.0% (↑10.0)');
    expect(formatCell(valueCell(null, 'percent'))).toBe('–');
    expect(formatCell(valueCell(3, 'count'))).toBe('3');
  });
});

function repair(overrides: Partial<RepairMetrics>): RepairMetrics {
  return {
    dataset: 'SecurityEval',
    model: 'gpt-4',
    repairModel: 'gpt-4',
    strategy: 'fdsp',
    items: 10,
    runs: 1,
    insecureBefore: 0.5,
    insecureAfter: 0.2,
    drop: 0.3,
    withUnitTests: 0,
    passBefore: null,
    passAfter: null,
    secureAndPassingBefore: null,
    secureAndPassingAfter: null,
    initiallyVulnerable: 5,
    rFix: [{ mean: 0.6, low: null, high: null, runs: 1 }],
    rejectedCandidates: 0,
    rejectedItems: 0,
    fixedFindings: 3,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    tokensPerItem: 0,
    costPerItem: 0,
    tokensPerFixedFinding: null,
    costPerFixedFinding: null,
    ...overrides,
  };
}

function run(id: string, metrics: RunMetrics): ReportRun {
  return { id, label: id, createdAt: null, metrics, cweOutcomes: [], reviewOverrides: 0 };
}

describe('comparing runs', () => {
  it('names columns by run when two runs cover the same setup, by model otherwise', () => {
    const same = buildPaperReport(
      [
        run('monday', { repair: [repair({})], detect: [], gate: [] }),
        run('tuesday', { repair: [repair({ insecureAfter: 0.1, drop: 0.4 })], detect: [], gate: [] }),
      ],
      { generatedAt: 'now' },
    );
    expect(same.tables[0]?.columns).toEqual(['dataset', 'strategy', 'monday · gpt-4', 'tuesday · gpt-4']);
    const different = buildPaperReport(
      [
        run('a', { repair: [repair({})], detect: [], gate: [] }),
        run('b', { repair: [repair({ model: 'llama', repairModel: 'llama' })], detect: [], gate: [] }),
      ],
      { generatedAt: 'now' },
    );
    expect(different.tables[0]?.columns).toEqual(['dataset', 'strategy', 'gpt-4', 'llama']);
  });

  it('renders a run without results in every format (empty tables and charts)', async () => {
    const empty = buildPaperReport([run('empty', { repair: [], detect: [], gate: [] })], { generatedAt: 'now' });
    expect(renderReportMarkdown(empty)).toContain('_No data in the selected runs._');
    expect(renderReportCsv(empty)).toBe('table,row,column,value\r\n');
    const svgs = await renderChartSvgs(empty.charts);
    expect(svgs.size).toBe(4);
    expect(renderReportHtml(empty, svgs)).toContain('data-empty-table="insecure"');
  });
});

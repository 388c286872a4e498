import { describe, expect, it } from 'vitest';

import type { RunMetrics } from '../metrics/index.js';
import { buildPaperReport, type ReportRun } from './paper-report.js';
import { renderReportCsv } from './report-csv.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-markdown.js';

const shares = (functional: number, secure: number, both: number) => ({
  functional,
  secure,
  functionalAndSecure: both,
});

const metrics: RunMetrics = {
  repair: [],
  detect: [],
  gate: [],
  securityTests: [
    { dataset: 'cweval', strategy: 'agent', items: 25, before: shares(0.8, 0.2, 0.2), after: shares(0.8, 0.6, 0.56) },
  ],
  securityTestsPassAtK: [
    {
      dataset: 'cweval',
      strategy: 'agent',
      tasks: 25,
      n: 3,
      k: 1,
      before: shares(0.8, 0.2, 0.2),
      after: shares(0.8, 0.6, 0.56),
    },
    {
      dataset: 'cweval',
      strategy: 'agent',
      tasks: 25,
      n: 3,
      k: 3,
      before: shares(0.9, 0.3, 0.3),
      after: shares(0.9, 0.7, 0.7),
    },
  ],
  oracleAgreement: [
    {
      dataset: 'cweval',
      strategy: '',
      phase: 'generated',
      items: 25,
      both: 10,
      analyzersOnly: 2,
      testsOnly: 8,
      neither: 5,
    },
    {
      dataset: 'cweval',
      strategy: 'agent',
      phase: 'final',
      items: 25,
      both: 3,
      analyzersOnly: 4,
      testsOnly: 7,
      neither: 11,
    },
  ],
};

const run = (id: string, runMetrics: RunMetrics): ReportRun => ({
  id,
  label: id,
  createdAt: null,
  metrics: runMetrics,
  cweOutcomes: [],
  reviewOverrides: 0,
});

describe('security-test tables in the reports', () => {
  const document = buildPaperReport([run('cweval-run', metrics)], { generatedAt: 'now' });

  it('adds the func/sec table (shares and pass@k) and the agreement table', () => {
    const tests = document.tables.find((table) => table.id === 'security-tests');
    expect(tests?.rows.map((row) => row.slice(0, 4).map((cell) => (cell.kind === 'text' ? cell.text : '')))).toEqual([
      ['cweval-run', 'cweval', 'agent', 'share'],
      ['cweval-run', 'cweval', 'agent', 'pass@1 (n=3)'],
      ['cweval-run', 'cweval', 'agent', 'pass@3 (n=3)'],
    ]);
    // after secure 60% against 20% before: the change is +40 points
    expect(tests?.rows[0]?.[9]).toMatchObject({ value: 0.6, change: expect.closeTo(0.4, 12) as number });
    const agreement = document.tables.find((table) => table.id === 'oracle-agreement');
    // generated agreement (both + neither) / items = (10 + 5) / 25 = 0.6
    expect(agreement?.rows[0]?.at(-1)).toMatchObject({ value: 0.6 });
    expect(agreement?.rows[1]?.[2]).toEqual({ kind: 'text', text: 'final (agent)' });
  });

  it('renders them in Markdown, HTML and CSV', () => {
    expect(renderReportMarkdown(document)).toContain('Analyzers vs security tests');
    expect(renderReportMarkdown(document)).toContain('60.0% (↑40.0)');
    expect(renderReportHtml(document, new Map())).toContain('Security tests (functional, secure, both)');
    expect(renderReportCsv(document)).toContain('oracle-agreement');
  });

  it('leaves them out when no run had security tests', () => {
    const plain = buildPaperReport([run('plain', { repair: [], detect: [], gate: [] })], { generatedAt: 'now' });
    expect(plain.tables.map((table) => table.id)).not.toContain('security-tests');
    expect(plain.tables.map((table) => table.id)).not.toContain('oracle-agreement');
  });
});

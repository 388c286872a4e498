// The functional gate's counts, from result details through the metric rows to `bench show` and `fdsp report`, on the
// fixture runs plus the gated one. Expected values are worked out by hand from `gatedFixtureCounts`.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { buildRunReport, renderRunReport } from '../bench/show.js';
import { openStore, type Store } from '../store/index.js';
import { collectReportRuns } from './collect.js';
import { buildPaperReport, type ReportDocument } from './paper-report.js';
import { renderReportCsv } from './report-csv.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-markdown.js';
import { fixtureRuns, gatedFixtureRun, seedFixtureRuns, seedGatedFixtureRun } from './testing/fixture-runs.js';

let store: Store;

beforeAll(() => {
  store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'fdsp-gate-report-')), 'fixture.db'));
  seedFixtureRuns(store);
  seedGatedFixtureRun(store);
});

afterAll(() => {
  store.close();
});

const setup = { dataset: 'SecurityEval', model: 'gpt-4', repairModel: 'gpt-4' };
// direct: only CWE-089 was gated (1 checked, 1 passed). fdsp: all three were gated: checked 2 + 1 + 3 = 6, passed
// 1 + 0 + 1 = 2, rejected 4 = fail 1 + 1 (078, 502), error 1 (089), timeout 1 (502).
const expectedGate = [
  { ...setup, strategy: 'direct', gatedItems: 1, checked: 1, passed: 1, rejected: 0, rejectedByOutcome: {} },
  {
    ...setup,
    strategy: 'fdsp',
    gatedItems: 3,
    checked: 6,
    passed: 2,
    rejected: 4,
    rejectedByOutcome: { fail: 2, error: 1, timeout: 1 },
  },
];

function report(runIds: readonly string[]): ReportDocument {
  return buildPaperReport(collectReportRuns(store, runIds), { generatedAt: '2026-01-06T00:00:00.000Z' });
}

describe('gate counts in the metrics and bench show', () => {
  it('sums the stored details per dataset × model × strategy', () => {
    const shown = buildRunReport(store, gatedFixtureRun.id);
    expect(shown.metrics.gate).toEqual(expectedGate);
    // bench show --format json is the report itself.
    expect(JSON.parse(JSON.stringify(shown))).toMatchObject({ metrics: { gate: expectedGate } });
  });

  it('prints a functional gate table in text, only for a run that used the gate', () => {
    const text = renderRunReport(buildRunReport(store, gatedFixtureRun.id));
    const lines = text.split('\n');
    const start = lines.findIndex((line) => line.startsWith('Functional gate'));
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 5).map((line) => line.split(/\s{2,}/))).toEqual([
      ['strategy', 'model', 'gated items', 'checked', 'passed', 'rejected', 'by outcome'],
      expect.any(Array),
      ['direct', 'gpt-4', '1', '1', '1', '0', '–'],
      ['fdsp', 'gpt-4', '3', '6', '2', '4', 'fail 2, error 1, timeout 1'],
    ]);
    const ungated = buildRunReport(store, 'run-gpt4');
    expect(ungated.metrics.gate).toEqual([]);
    expect(renderRunReport(ungated)).not.toContain('Functional gate');
  });
});

describe('the functional gate table in fdsp report', () => {
  it('is absent when no run used the gate', () => {
    const document = report(fixtureRuns.map((run) => run.id));
    expect(document.tables.map((table) => table.id)).not.toContain('gate');
    expect(renderReportMarkdown(document)).not.toContain('Functional gate');
  });

  it('lists checked, passed and rejected by outcome, in every format', () => {
    const document = report(['run-gpt35', gatedFixtureRun.id]);
    const gate = document.tables.find((table) => table.id === 'gate');
    expect(gate?.columns).toEqual([
      'dataset',
      'strategy',
      'model',
      'repair model',
      'gated items',
      'checked',
      'passed',
      'rejected',
      'rejected: fail',
      'rejected: error',
      'rejected: timeout',
    ]);
    const values = gate?.rows.map((row) => row.map((cell) => (cell.kind === 'text' ? cell.text : cell.value)));
    expect(values).toEqual([
      ['SecurityEval', 'direct', 'gpt-4', 'gpt-4', 1, 1, 1, 0, 0, 0, 0],
      ['SecurityEval', 'fdsp', 'gpt-4', 'gpt-4', 3, 6, 2, 4, 2, 1, 1],
    ]);

    // -f json is the document itself.
    const json = z
      .object({ tables: z.array(z.object({ id: z.string() }).loose()) })
      .parse(JSON.parse(JSON.stringify(document)));
    expect(json.tables.find((table) => table.id === 'gate')).toEqual(gate);
    expect(renderReportMarkdown(document)).toContain('Functional gate');
    expect(renderReportMarkdown(document)).toMatch(
      /\| SecurityEval \| fdsp \| gpt-4 \| gpt-4 \| 3 \| 6 \| 2 \| 4 \| 2 \| 1 \| 1 \|/,
    );
    const html = renderReportHtml(document, new Map());
    expect(html).toContain('Functional gate');
    expect(html).toContain('rejected: timeout');
    const csv = renderReportCsv(document).split('\r\n');
    expect(csv).toContain('gate,1,checked,6');
    expect(csv).toContain('gate,1,rejected: fail,2');
    expect(csv).toContain('gate,0,rejected: error,0');
  });
});

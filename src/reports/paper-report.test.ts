import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { completeEvaluation, createEvaluation, insertScores } from '../bench/run-store.js';
import { openStore, type Store } from '../store/index.js';
import { renderChartSvgs, svgToPng } from './charts.js';
import { collectReportRuns } from './collect.js';
import { buildPaperReport, type ReportDocument } from './paper-report.js';
import { renderReportCsv } from './report-csv.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-markdown.js';
import { addReviewLabel } from '../review/index.js';
import { fixtureRuns, fixtureSessionId, fixtureTasks, hostileMarker, seedFixtureRuns } from './testing/fixture-runs.js';

let store: Store;

function report(): ReportDocument {
  return buildPaperReport(
    collectReportRuns(
      store,
      fixtureRuns.map((run) => run.id),
    ),
    { generatedAt: '2026-01-06T00:00:00.000Z' },
  );
}

function table(document: ReportDocument, id: string) {
  const found = document.tables.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no table ${id}`);
  return found;
}

beforeAll(() => {
  store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'fdsp-report-')), 'fixture.db'));
  seedFixtureRuns(store);
});

afterAll(() => {
  store.close();
});

describe('paper report from the fixture runs', () => {
  it('builds Table 1 with one column per model and the drop in parentheses', () => {
    const insecure = table(report(), 'insecure');
    expect(insecure.columns).toEqual(['dataset', 'strategy', 'gpt-4', 'gpt-3.5-turbo']);
    const text = insecure.rows.map((row) => row.map((cell) => (cell.kind === 'text' ? cell.text : cell.value)));
    // 3 generated tasks all vulnerable; direct fixes 1 of 3, fdsp fixes 2 of 3.
    expect(text).toEqual([
      ['SecurityEval', 'generated code', 1, 1],
      ['SecurityEval', 'direct', 2 / 3, 2 / 3],
      ['SecurityEval', 'fdsp', 1 / 3, 1 / 3],
    ]);
  });

  it('counts a task as vulnerable when a reviewer says so (unrealistic fix), and only then', () => {
    const directBefore = table(report(), 'insecure').rows[1]?.[2];
    expect(directBefore).toMatchObject({ kind: 'value', value: 2 / 3 });
    const sessionId = fixtureSessionId('run-gpt4', 'CWE-089/hostile.py', 'direct');
    const task = fixtureTasks[1]!;
    addReviewLabel(store, {
      sessionId,
      runId: 'run-gpt4',
      taskId: task.taskId,
      code: task.repairs.direct.code,
      label: 'unrealistic',
      note: 'hard-codes the user',
      reviewer: 'ada',
    });
    const after = report();
    expect(table(after, 'insecure').rows[1]?.[2]).toMatchObject({ kind: 'value', value: 1, change: -0 });
    expect(table(after, 'insecure').rows[1]?.[3]).toMatchObject({ kind: 'value', value: 2 / 3 });
    expect(after.notes.join(' ')).toContain('Manual review counted 1 task(s)');
    expect(table(after, 'review').rows).toEqual([
      [
        { kind: 'text', text: 'run-gpt4 (gpt-4)' },
        { kind: 'value', value: 1, unit: 'count' },
        { kind: 'value', value: 0, unit: 'count' },
        { kind: 'value', value: 0, unit: 'count' },
        { kind: 'value', value: 1, unit: 'count' },
        { kind: 'value', value: 1, unit: 'count' },
      ],
    ]);
    // The same reviewer changing their mind to "fixed" clears it again: the latest label per reviewer counts.
    addReviewLabel(store, {
      sessionId,
      runId: 'run-gpt4',
      taskId: task.taskId,
      code: task.repairs.direct.code,
      label: 'fixed',
      note: '',
      reviewer: 'ada',
    });
    expect(table(report(), 'insecure').rows[1]?.[2]).toMatchObject({ kind: 'value', value: 2 / 3 });
  });

  it('fills R_fix per round, the cross-model matrix, unit tests and the detector table', () => {
    const document = report();
    const rFix = table(document, 'r-fix');
    expect(rFix.columns.slice(-2)).toEqual(['R_fix^1', 'R_fix^2']);
    const fdspGpt4 = rFix.rows.find(
      (row) => row[1]?.kind === 'text' && row[1].text === 'fdsp' && row[2]?.kind === 'text' && row[2].text === 'gpt-4',
    );
    expect(fdspGpt4?.slice(-2)).toEqual([
      { kind: 'value', value: 1 / 3, unit: 'percent' },
      { kind: 'value', value: 2 / 3, unit: 'percent' },
    ]);
    const cross = table(document, 'cross-model');
    expect(cross.columns).toEqual(['dataset', 'strategy', 'generator', 'gpt-4', 'gpt-3.5-turbo']);
    expect(cross.rows.length).toBe(4);
    const unit = table(document, 'unit-tests');
    const fdspPass = unit.rows.find((row) => row[1]?.kind === 'text' && row[1].text === 'fdsp');
    expect(fdspPass?.[5]).toMatchObject({ value: 2 / 3 });
    expect(fdspPass?.[5]?.kind === 'value' && fdspPass[5].change).toBeCloseTo(-1 / 3);
    const detector = table(document, 'detector');
    expect(detector.rows.map((row) => row.map((cell) => (cell.kind === 'text' ? cell.text : cell.value)))).toEqual([
      // gpt-4 answers all four: TP, FP, FN, TN. gpt-3.5 leaves the clean one unanswered: TP, FP, FN.
      ['LLMSecureCode', 'gpt-4', 4, 0, 2 / 4, 1 / 2, 1 / 2],
      ['LLMSecureCode', 'gpt-3.5-turbo', 4, 1, 1 / 3, 1, 1 / 2],
    ]);
  });

  it('charts the top CWEs, unresolved CWEs, strategies per CWE and remaining per round', () => {
    const charts = new Map(report().charts.map((chart) => [chart.id, chart]));
    // Three runs: one bar per CWE and run, each generated task counted once per run (not once per strategy).
    const generated = charts.get('top-generated-cwes');
    expect(generated?.data).toHaveLength(9);
    expect(generated?.kind === 'bar' && generated.data.every((datum) => datum.value === 1)).toBe(true);
    const unresolved = charts.get('top-unresolved-cwes');
    expect(unresolved?.kind === 'bar' && [...new Set(unresolved.data.map((datum) => datum.category))]).toEqual([
      expect.stringMatching(/^CWE-20 /),
      expect.stringMatching(/^CWE-78 /),
      expect.stringMatching(/^CWE-89 /),
    ]);
    const perStrategy = charts.get('strategy-per-cwe');
    expect(
      perStrategy?.kind === 'bar' &&
        perStrategy.data.find((datum) => datum.series === 'fdsp' && datum.category.startsWith('CWE-78 '))?.value,
    ).toBe(100);
    const remaining = charts.get('remaining-per-round');
    expect(remaining?.kind).toBe('line');
    expect(new Set(remaining?.data.map((datum) => ('series' in datum ? datum.series : ''))).size).toBe(6);
  });

  it('renders markdown, CSV and a self-contained HTML file with SVG charts and a PNG', async () => {
    const document = report();
    const markdown = renderReportMarkdown(document, { 'top-generated-cwes': 'charts/top-generated-cwes.svg' });
    expect(markdown).toContain('| SecurityEval | fdsp | 33.3% (↓66.7) | 33.3% (↓66.7) |');
    expect(markdown).toContain('![Top 10 CWEs in generated code](charts/top-generated-cwes.svg)');
    expect(markdown).toContain('R\\_fix^1');
    const csv = renderReportCsv(document);
    expect(csv.split('\r\n')[0]).toBe('table,row,column,value');
    expect(csv).toContain('insecure,2,gpt-4,0.3333333333333333');
    const svgs = await renderChartSvgs(document.charts);
    expect([...svgs.keys()]).toEqual(document.charts.map((chart) => chart.id));
    const page = renderReportHtml(document, svgs);
    expect(page).not.toMatch(/<script|<link|src=|href="http/i);
    expect(page.match(/<svg/g)).toHaveLength(4);
    const png = svgToPng(svgs.get('remaining-per-round')!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('reports another evaluation of a run (after a rescore) by RUN@ID or --evaluation latest', () => {
    // A rescore under which every generated and final version of gpt-3.5 is clean.
    const evaluationId = createEvaluation(store, 'run-gpt35', {
      kind: 'rescore',
      analyzers: ['builtin'],
      versions: {},
    });
    const clean = { scanStatus: 'ok' as const, findingCount: 0, cwes: [] };
    insertScores(store, evaluationId, [
      ...fixtureTasks.map((task) => ({
        key: { taskId: task.taskId, strategy: '', runIndex: 0, phase: 'generated' as const },
        score: { ...clean, findingCount: 1, cwes: task.cwes },
      })),
      ...fixtureTasks.flatMap((task) =>
        (['direct', 'fdsp'] as const).map((strategy) => ({
          key: { taskId: task.taskId, strategy, runIndex: 0, phase: 'final' as const },
          score: clean,
        })),
      ),
    ]);
    completeEvaluation(store, evaluationId);
    const own = collectReportRuns(store, ['run-gpt35'])[0]!;
    const pinned = collectReportRuns(store, [`run-gpt35@${String(evaluationId)}`])[0]!;
    const latest = collectReportRuns(store, ['run-gpt35'], 'latest')[0]!;
    expect(own.metrics.repair.map((row) => row.insecureAfter)).toEqual([2 / 3, 1 / 3]);
    expect(pinned.metrics.repair.map((row) => row.insecureAfter)).toEqual([0, 0]);
    expect(latest.metrics.repair.map((row) => row.insecureAfter)).toEqual([0, 0]);
    expect(pinned.label).toBe(`run-gpt35 (gpt-3.5-turbo) [evaluation ${String(evaluationId)}]`);
    expect(() => collectReportRuns(store, ['run-gpt35@999'])).toThrow(/has no evaluation 999/);
  });

  it('escapes run names in every format', () => {
    const hostile = { ...report(), title: `Report ${hostileMarker} | a | b` };
    expect(renderReportHtml(hostile, new Map())).not.toContain('<script>');
    expect(renderReportMarkdown(hostile)).not.toMatch(/<script|\| a \|/);
  });
});

// `fdsp report` and `fdsp serve` as a user runs them (the built CLI), over a fixture database; the HTML report is
// opened offline in Chromium.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { cliPath, repositoryRoot, runFdsp } from '../../../test/support/environment.js';
import { fixtureRuns, hostileMarker, seedFixtureRuns } from '../../reports/testing/fixture-runs.js';
import { launchChromium, screenshotDirectory, type Browser } from '../../server/testing/browser.js';
import { openStore } from '../../store/index.js';

let directory: string;
let database: string;
let browser: Browser;
const runIds = fixtureRuns.map((run) => run.id);

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'fdsp-report-cli-'));
  database = path.join(directory, 'runs.db');
  const store = openStore(database);
  seedFixtureRuns(store);
  store.close();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('fdsp report', () => {
  it('writes Markdown with every table, and the charts as SVG and PNG beside it', async () => {
    const output = path.join(directory, 'study.md');
    const outcome = await runFdsp(['report', ...runIds, '--db', database, '--output', output]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const markdown = readFileSync(output, 'utf8');
    for (const title of [
      'Table 1 — insecure code per dataset, strategy and model',
      'Unit tests before and after repair',
      'R\\_fix per round',
      'Cross-model repair (generator × repairer)',
      'Detector accuracy and false-positive rate',
      'Top 10 CWEs in generated code',
      'Top 10 unresolved CWEs after refinement',
      'Resolved per CWE, by strategy',
      'Remaining vulnerable per round',
    ]) {
      expect(markdown).toContain(title);
    }
    expect(markdown).toContain('| SecurityEval | fdsp | 33.3% (↓66.7) | 33.3% (↓66.7) |');
    for (const chart of ['top-generated-cwes', 'top-unresolved-cwes', 'strategy-per-cwe', 'remaining-per-round']) {
      expect(markdown).toContain(`(study-charts/${chart}.png)`);
      expect(readFileSync(path.join(directory, 'study-charts', `${chart}.svg`), 'utf8')).toMatch(/^<svg/);
      expect(
        readFileSync(path.join(directory, 'study-charts', `${chart}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
  });

  it('writes one self-contained HTML file that renders offline in Chromium with hostile text inert', async () => {
    const output = path.join(directory, 'study.html');
    const title = `Study ${hostileMarker}`;
    const outcome = await runFdsp([
      'report',
      ...runIds,
      '--db',
      database,
      '-f',
      'html',
      '-o',
      output,
      '--title',
      title,
    ]);
    expect(outcome.code).toBe(0);
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(output).href);
    expect(requests).toEqual([pathToFileURL(output).href]);
    expect(await page.locator('h1').textContent()).toBe(title);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('table[data-table]').count()).toBe(5);
    expect(await page.locator('figure.chart svg').count()).toBe(4);
    expect(await page.locator('table[data-table=insecure] thead th').allTextContents()).toEqual([
      'dataset',
      'strategy',
      'gpt-4',
      'gpt-3.5-turbo',
    ]);
    mkdirSync(screenshotDirectory, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDirectory, 'report-html.png'), fullPage: true });
    await page.close();
  });

  it('prints JSON and CSV to stdout', async () => {
    const json = await runFdsp(['report', 'run-gpt4', '--db', database, '--format', 'json']);
    expect(json.code).toBe(0);
    const document = z
      .object({
        version: z.literal(1),
        tables: z.array(z.object({ id: z.string() })),
        charts: z.array(z.object({ id: z.string() })),
      })
      .parse(JSON.parse(json.stdout));
    expect(document.tables.map((table) => table.id)).toEqual([
      'insecure',
      'unit-tests',
      'r-fix',
      'cross-model',
      'detector',
      'review',
    ]);
    const csv = await runFdsp(['report', 'run-gpt4', '--db', database, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^table,row,column,value\r\n/);
    expect(csv.stdout).toContain('chart:remaining-per-round');
  });

  it('exits 2 with a hint for an unknown run, and on bad usage', async () => {
    const unknown = await runFdsp(['report', 'no-such-run', '--db', database]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run no-such-run');
    expect(unknown.stderr).toContain('hint:');
    const missing = await runFdsp(['report', 'run-gpt4', '--db', path.join(directory, 'typo.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no fdsp database at');
    expect(existsSync(path.join(directory, 'typo.db'))).toBe(false);
    expect((await runFdsp(['report', 'run-gpt4', '--db', database, '--format', 'pdf'])).code).toBe(2);
    expect((await runFdsp(['report', '--db', database])).code).toBe(2);
    expect((await runFdsp(['report', 'run-gpt4', '--db', database, '--evaluation', 'newest'])).code).toBe(2);
    const noEvaluation = await runFdsp(['report', 'run-gpt4@999', '--db', database]);
    expect(noEvaluation.code).toBe(2);
    expect(noEvaluation.stderr).toContain('has no evaluation 999');
    expect((await runFdsp(['report', 'run-gpt4', '--db', database, '--evaluation', 'latest', '-f', 'csv'])).code).toBe(
      0,
    );
    expect((await runFdsp(['report', '--help'])).stdout).toContain('--format <format>');
  });
});

describe('fdsp serve', () => {
  it('serves the viewer on 127.0.0.1 and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [cliPath, 'serve', '--db', database, '--port', '0'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
        if (match) resolve(match[0]);
      });
      child.on('exit', (code) => {
        reject(new Error(`serve exited early with ${String(code)}`));
      });
    });
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('run-gpt35-by-gpt4');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect((await runFdsp(['serve', '--port', 'http'])).code).toBe(2);
    expect(existsSync(database)).toBe(true);
  });
});

// The viewer end to end: a fixture database through the real store, the real HTTP server, and Debian's Chromium.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listReviewLabels } from '../review/index.js';
import { fixtureSessionId, hostileMarker, seedFixtureRuns } from '../reports/testing/fixture-runs.js';
import { openStore, type Store } from '../store/index.js';
import { launchChromium, screenshotDirectory, type Browser } from './testing/browser.js';
import { startViewer, type Viewer } from './viewer-server.js';

let store: Store;
let viewer: Viewer;
let browser: Browser;

const hostileSession = fixtureSessionId('run-gpt4', 'CWE-089/hostile.py', 'direct');

beforeAll(async () => {
  store = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'fdsp-viewer-')), 'fixture.db'));
  seedFixtureRuns(store);
  viewer = await startViewer({ store, port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await viewer.close();
  store.close();
});

async function open(target: string): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(`${viewer.url}${target}`);
  expect(response?.status()).toBe(200);
  return page;
}

/** Nothing the model wrote ran or became markup. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('img').count()).toBe(0);
}

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Raw HTTP, so the Host and Origin headers can be set as an attacker would. */
function request(
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${viewer.url}${target}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('fdsp viewer in Chromium', () => {
  it('lists the runs and opens a run summary with its charts and tables', async () => {
    const page = await open('/');
    await expect.poll(() => page.locator('[data-testid=runs] tbody tr').count()).toBe(3);
    await page.getByRole('link', { name: 'run-gpt4', exact: true }).click();
    await page.waitForURL(/\/runs\/run-gpt4$/);
    expect(await page.getByTestId('run-id').textContent()).toBe('run-gpt4');
    expect(await page.locator('[data-testid=tasks] tbody tr').count()).toBe(6);
    expect(await page.locator('figure.chart svg').count()).toBe(4);
    expect(await page.locator('table[data-table=insecure]').textContent()).toContain('33.3% (↓66.7)');
    await expectInert(page);
    await page.screenshot({ path: path.join(screenshotDirectory, 'viewer-run.png'), fullPage: true });
    await page.close();
  });

  it('compares selected runs side by side', async () => {
    const page = await open('/');
    await page.getByLabel('compare run-gpt4', { exact: true }).check();
    await page.getByLabel('compare run-gpt35', { exact: true }).check();
    await page.getByRole('button', { name: 'Compare selected runs side by side' }).click();
    await page.waitForURL(/\/compare\?run=run-gpt4&run=run-gpt35$/);
    expect(await page.locator('table[data-table=insecure] thead th').allTextContents()).toEqual([
      'dataset',
      'strategy',
      'gpt-4',
      'gpt-3.5-turbo',
    ]);
    expect(await page.locator('figure.chart svg').count()).toBe(4);
    await page.screenshot({ path: path.join(screenshotDirectory, 'viewer-compare.png'), fullPage: true });
    await page.close();
  });

  it('lists traces recorded outside any run and opens them', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: '(outside any run)' }).click();
    await page.waitForURL(/\/runs\/-$/);
    expect(await page.locator('[data-testid=tasks] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=run-report]').count()).toBe(0);
    await page.getByRole('link', { name: 'CWE-502/yaml_config.py' }).click();
    await page.waitForURL(/\/sessions\//);
    expect(await page.getByTestId('task-title').textContent()).toBe('CWE-502/yaml_config.py');
    await page.close();
  });

  it('shows a task: prompt, diffs, findings per iteration, transcript and unit tests, with hostile output as text', async () => {
    const page = await open(`/sessions/${encodeURIComponent(hostileSession)}`);
    expect(await page.getByTestId('prompt').textContent()).toContain(hostileMarker);
    expect(await page.getByTestId('original-code').textContent()).toContain('<script>window.__pwned = 1</script>');
    const diff = page.locator('[data-testid=version-1] pre.diff');
    expect(await diff.locator('.added').first().textContent()).toContain('WHERE name = ?');
    expect(await diff.locator('.removed').first().textContent()).toContain("'%s'");
    expect(await page.locator('[data-testid=version-1] li[data-state=fixed]').count()).toBe(1);
    expect(await page.getByTestId('reply-1').textContent()).toContain(hostileMarker);
    expect(await page.getByTestId('transcript-1').textContent()).not.toContain('sk-should-not-matter');
    expect(await page.getByTestId('gate-1').textContent()).toContain(hostileMarker);
    expect(await page.locator('#note').inputValue()).toBe('');
    await expectInert(page);
    await page.screenshot({ path: path.join(screenshotDirectory, 'viewer-task.png'), fullPage: true });
    // The README's picture (docs/images/viewer-task.png is a copy): the first repair step's diff and findings.
    await page.setViewportSize({ width: 1280, height: 1060 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(screenshotDirectory, 'viewer-task-readme.png') });
    await page.close();

    const persisting = await open(
      `/sessions/${encodeURIComponent(fixtureSessionId('run-gpt4', 'CWE-502/yaml_config.py', 'direct'))}`,
    );
    expect(await persisting.locator('li[data-state=persisting]').count()).toBeGreaterThan(0);
    await persisting.close();
  });

  it('saves a review label from the form, shows it, exports it, and counts it in the run metrics', async () => {
    const page = await open(`/sessions/${encodeURIComponent(hostileSession)}`);
    await page.locator('#label').selectOption('unrealistic');
    await page.locator('#reviewer').fill('grace');
    const note = `hard-coded answer </textarea><script>window.__pwned = 3</script>`;
    await page.locator('#note').fill(note);
    await page.getByRole('button', { name: 'Save label' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByTestId('review-saved').textContent()).toBe('Label saved.');
    expect(await page.locator('[data-testid=labels] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=labels] pre').textContent()).toBe(note);
    await expectInert(page);
    await page.screenshot({ path: path.join(screenshotDirectory, 'viewer-review.png'), fullPage: true });

    const stored = listReviewLabels(store, { sessionId: hostileSession });
    expect(stored.map((label) => [label.label, label.reviewer, label.note])).toEqual([['unrealistic', 'grace', note]]);

    await page.goto(`${viewer.url}/runs/run-gpt4`);
    // The analyzers passed the direct repair of this task; review made it count: gpt-4 direct goes 66.7% → 100%.
    expect(await page.locator('table[data-table=insecure]').textContent()).toContain('100.0% (±0.0)');
    expect(await page.locator('[data-testid=tasks]').textContent()).toContain('unrealistic');
    expect(await page.locator('table[data-table=review] tbody td').allTextContents()).toEqual([
      'run-gpt4 (gpt-4)',
      '1',
      '0',
      '0',
      '1',
      '1',
    ]);
    await page.close();

    const csv = await request('/labels.csv?run=run-gpt4');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(`${hostileSession},run-gpt4,CWE-089/hostile.py,unrealistic,grace`);
    const json = await request('/labels.json');
    expect(JSON.parse(json.body)).toHaveLength(1);
  });

  it('rejects an invalid label with the reason and keeps the typed values', async () => {
    const page = await open(`/sessions/${encodeURIComponent(hostileSession)}`);
    await page.locator('#reviewer').fill('   ');
    // Past the browser's own check, to reach the server's.
    await page.evaluate("document.getElementById('reviewer').removeAttribute('required')");
    await page.locator('#note').fill('</textarea><b>kept</b>');
    const [response] = await Promise.all([
      page.waitForResponse(/labels$/),
      page.getByRole('button', { name: 'Save label' }).click(),
    ]);
    expect(response.status()).toBe(400);
    expect(await page.getByTestId('review-problem').textContent()).toContain('reviewer');
    expect(await page.locator('#note').inputValue()).toBe('</textarea><b>kept</b>');
    await expectInert(page);
    await page.close();
  });
});

describe('fdsp viewer over raw HTTP', () => {
  it('validates every parameter and refuses other hosts and origins', async () => {
    const port = String(viewer.port);
    const page = await request('/');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await request('/', { headers: { host: `evil.example:${port}` } })).status).toBe(421);
    expect((await request('/?x=1')).status).toBe(400);
    expect((await request('/sessions/%E0%A4%A')).status).toBe(400);
    expect((await request('/sessions/a%0Ab')).status).toBe(400);
    expect((await request('/sessions/no-such-session')).status).toBe(404);
    expect((await request('/runs/no-such-run')).status).toBe(404);
    expect((await request('/compare')).status).toBe(400);
    expect((await request('/compare?run=run-gpt4&run=run-gpt4')).status).toBe(400);
    expect((await request('/compare?run=run-gpt4&other=1')).status).toBe(400);
    expect((await request('/compare?run=no-such-run')).status).toBe(404);
    expect((await request('/compare?run=run-gpt4&run=run-gpt35-by-gpt4')).status).toBe(200);
    expect((await request('/assets/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await request('/../../etc/passwd')).body).not.toContain('root:');
    const form = 'label=fixed&reviewer=mallory&note=';
    const crossSite = await request(`/sessions/${encodeURIComponent(hostileSession)}/labels`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(crossSite.status).toBe(403);
    const wrongType = await request(`/sessions/${encodeURIComponent(hostileSession)}/labels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const badLabel = await request(`/sessions/${encodeURIComponent(hostileSession)}/labels`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'label=maybe&reviewer=mallory',
    });
    expect(badLabel.status).toBe(400);
    expect(listReviewLabels(store).some((label) => label.reviewer === 'mallory')).toBe(false);
  });
});

// Debian's Chromium driven by playwright-core for the viewer and HTML-report tests: headless, no network extras, a
// fresh profile per launch. Screenshots go to test-output/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { packageRoot } from '../../support/package-root.js';

export const chromiumPath = process.env.FDSP_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDirectory = path.join(packageRoot(), 'test-output', 'screenshots');

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'fdsp-chromium-'));
  mkdirSync(screenshotDirectory, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

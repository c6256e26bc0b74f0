// Shared by the demo's browser tests (not a test file): the demo server (SQLite in memory),
// headless Chromium through playwright-core, screenshots under target/screenshots/ (gitignored).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ROOT } from '../../scripts/toolchain.mjs';
import { launchChromium } from './card-helpers.mjs';

export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

/** Start the demo and a browser; `close()` stops both. */
export async function launch() {
  const demo = await startDemo({ port: 0, db: ':memory:', quiet: true });
  const browser = await launchChromium(process.env.CHROMIUM);
  return {
    url: demo.url,
    browser,
    async close() {
      await browser.close();
      await demo.close();
    },
  };
}

/** A fresh page (own storage) that fails the test on any page error or failed request. */
export async function openPage(env, path, { lang = 'en' } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(env.url)) problems.push(`third-party request: ${r.url()}`);
  });
  await page.goto(`${env.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  return { page, context, problems };
}

/** Wait until the result box shows `screen` (its data-screen), and return its text. */
export async function waitScreen(page, screen, box = '#result') {
  await page.waitForSelector(`${box}[data-screen="${screen}"]`, { timeout: 30_000 });
  return page.locator(box).innerText();
}

/** Save a full-page screenshot as target/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

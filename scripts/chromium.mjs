// Headless Chromium through playwright-core, for the browser tests (tests/browser/) and the
// bench (scripts/bench/platforms.mjs): Debian's /usr/bin/chromium, which `npm test` and
// `npm run bench` install when it is missing (scripts/setup.mjs).

import { chromium } from 'playwright-core';

/** Chromium flags for a headless run in a container. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update'];

/** Launch headless Chromium from `executablePath` (Debian's /usr/bin/chromium by default). */
export function launchChromium(executablePath = '/usr/bin/chromium') {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

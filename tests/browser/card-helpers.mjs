// Shared by the browser tests (not a test file): headless Chromium (scripts/chromium.mjs; the
// demo tests' demo-helpers.mjs takes it from here too) and, for the card kit's tests, the
// static server (scripts/serve.mjs) plus a test page with a fake reader API installed by an init
// script from js/testing/.

import { after, before } from 'node:test';
import { join } from 'node:path';
import { launchChromium } from '../../scripts/chromium.mjs';
import { serve } from '../../scripts/serve.mjs';
import { ROOT } from '../../scripts/toolchain.mjs';

export { launchChromium };

/**
 * Start scripts/serve.mjs on a free port and a browser (CHROMIUM_PATH, else /usr/bin/chromium).
 * Returns `{ base, browser, close }`; `close()` stops both.
 */
export async function launchCardKit() {
  const server = await serve({ port: 0 });
  const closeServer = () => new Promise((resolve) => { server.close(resolve); });
  let browser;
  try {
    browser = await launchChromium(process.env.CHROMIUM_PATH);
  } catch (e) {
    await closeServer();
    throw e;
  }
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    browser,
    async close() {
      await browser.close();
      await closeServer();
    },
  };
}

/**
 * Register node:test hooks that start the card kit's server and browser before the file's tests
 * (launchCardKit) and stop them after. Returns the environment object, filled in by the hook.
 */
export function useCardKit() {
  const env = {};
  before(async () => {
    Object.assign(env, await launchCardKit());
  });
  after(async () => {
    await env.close?.();
  });
  return env;
}

/**
 * A fresh page (own context, so a fresh fake reader and card) of js/testing/card-test.html with
 * the init script js/testing/`initScript` and, when `fakeUsb` is given, `__MYNA_FAKE_USB__` set to
 * it before that script runs. The card kit and the verifier are loaded as globals `card` and
 * `verifier`. Returns `{ page, errors, close }` (page errors are collected in `errors`).
 */
export async function openCardPage(env, initScript, fakeUsb) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  if (fakeUsb !== undefined) {
    await page.addInitScript({ content: `globalThis.__MYNA_FAKE_USB__ = ${JSON.stringify(fakeUsb)};` });
  }
  await page.addInitScript({ path: join(ROOT, 'js', 'testing', initScript) });
  await page.goto(`${env.base}/js/testing/card-test.html`);
  await page.evaluate(async () => {
    globalThis.card = await import('/js/card.js');
    globalThis.verifier = await import('/js/index.js');
  });
  return { page, errors, close: () => context.close() };
}

/** Expected APDUs of a JPKI ceremony with short READ BINARY (see src/card/ceremony.rs). */
export function jpkiApdus(certLength) {
  return 7 + Math.ceil(certLength / 256);
}

/**
 * In a page from openCardPage with the fake navigator.usb: connectReader(`connectOptions`), take
 * the card off the reader and try to authenticate, put it back, authenticate and verify. Returns
 * `{ gone, ok, kind, filters }`: the error code while the card was away, whether the token made
 * afterwards verified, the reader's kind and the fake's requestDevice log.
 */
export function cardRemovedMidSession(page, origin, connectOptions) {
  return page.evaluate(async ({ origin, connectOptions }) => {
    const { reader } = await card.connectReader(connectOptions);
    const fake = globalThis.__mynaFakeUsb;
    const nonce1 = (await verifier.issueChallenge({ time: Date.now() })).nonce;
    fake.device.setCardPresent(false);
    let gone;
    try {
      await card.authenticate({ reader, origin, nonce: nonce1, pin: '1234' });
    } catch (e) {
      gone = e.code;
    }
    fake.device.setCardPresent(true);
    const nonce2 = (await verifier.issueChallenge({ time: Date.now() })).nonce;
    const token = await card.authenticate({ reader, origin, nonce: nonce2, pin: '1234' });
    const verdict = await verifier.verifyToken({ token, origin, nonce: nonce2, time: Date.now(), trust: 'jpki-test' });
    return { gone, ok: verdict.ok, kind: reader.kind, filters: fake.usb.requestLog };
  }, { origin, connectOptions });
}

// Employer badge portal and gate on the virtual card: sign in, get an ES256 badge, verify it at
// the gate with the cached JWKS while the API is unreachable (offline), refuse a tampered one;
// My Number read through the card-info application is shown as unauthenticated.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, waitScreen } from './demo-helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('badge: issued after card sign-in, verified offline at the gate, tampering refused', async () => {
  const { page, context, problems } = await openPage(env, '/badge/');
  // Desktop Chromium has no Web NFC: the page says so.
  assert.match(await page.textContent('#nfc-status'), /no Web NFC/);
  await page.fill('#pin', '1234');
  await page.click('#login');
  const text = await waitScreen(page, 'badge-issued');
  assert.match(text, /E-1024/);
  const badge = await page.inputValue('#badge');
  assert.equal(badge.split('.').length, 3);
  await screenshot(page, 'badge-issued');

  // The gate (same browser context): keys fetched once, then the API is cut off.
  const gate = await context.newPage();
  await gate.goto(`${env.url}/gate/?lang=en`);
  await gate.click('#refresh-keys');
  await gate.waitForFunction(() => /Keys kept on this device/.test(document.getElementById('keys-status').textContent));
  let apiCalls = 0;
  await context.route('**/api/**', (route) => {
    apiCalls += 1;
    return route.abort();
  });
  assert.equal(await gate.inputValue('#badge'), badge, 'handed over from the portal');
  await gate.click('#verify');
  const allowed = await waitScreen(gate, 'allowed');
  assert.match(allowed, /Entry allowed/);
  assert.match(allowed, /ES256/);
  await screenshot(gate, 'gate-allowed');

  const [h, p, s] = badge.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const forged = Buffer.from(JSON.stringify({ ...claims, gates: ['VAULT'] })).toString('base64url');
  await gate.fill('#badge', `${h}.${forged}.${s}`);
  await gate.evaluate(() => document.getElementById('result').removeAttribute('data-screen'));
  await gate.click('#verify');
  assert.match(await waitScreen(gate, 'refused'), /SIGNATURE_INVALID/);
  await screenshot(gate, 'gate-refused');
  assert.equal(apiCalls, 0, 'the gate verified without the server');
  assert.deepEqual(problems, []);
  await context.close();
});

test('badge portal: My Number via card-info is shown as unauthenticated', async () => {
  const { page, context, problems } = await openPage(env, '/badge/');
  await page.fill('#info-pin', '1234');
  await page.click('#read-info');
  const text = await waitScreen(page, 'card-info', '#info-result');
  assert.match(text, /123456789018/);
  assert.match(text, /unauthenticated/);
  assert.match(text, /not backed by a signature/);
  await screenshot(page, 'badge-card-info');
  assert.deepEqual(problems, []);
  await context.close();
});

// Hospital eligibility end to end on the virtual card: eligible, revoked (CRL of the TEST auth
// root lists the card), expired (demo clock after the certificate's notAfter), and the PIN
// guard: wrong PIN → tries left, last try refused until forced, locked card.

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

async function checkIn(page, pin) {
  await page.evaluate(() => document.getElementById('result').removeAttribute('data-screen'));
  await page.fill('#pin', pin);
  await page.click('#checkin');
}

test('hospital: eligible, then revoked via the CRL, then expired', async () => {
  const { page, context, problems } = await openPage(env, '/hospital/');
  await checkIn(page, '1234');
  let text = await waitScreen(page, 'eligible');
  assert.match(text, /01130012/);
  assert.match(text, /#01234567/, 'lookup key: issuer + serial');
  assert.match(text, /good \(crl\)/);
  await screenshot(page, 'hospital-eligible');

  await page.check('#crl-revoked');
  await checkIn(page, '1234');
  text = await waitScreen(page, 'revoked');
  assert.match(text, /CERT_REVOKED/);
  assert.match(text, /keyCompromise/);
  await screenshot(page, 'hospital-revoked');

  await page.check('#crl-good');
  await page.check('#clock-expired');
  await checkIn(page, '1234');
  text = await waitScreen(page, 'expired');
  assert.match(text, /CERT_EXPIRED/);
  assert.match(text, /2029-02-01/);
  await screenshot(page, 'hospital-expired');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hospital: wrong PIN → tries left, last try refused until forced, then locked', async () => {
  const { page, context, problems } = await openPage(env, '/hospital/');
  await checkIn(page, '0000');
  assert.match(await waitScreen(page, 'pin-incorrect'), /2 tries left/);
  assert.match(await page.textContent('#pin-guard'), /PIN tries left: 2/);
  await checkIn(page, '0000');
  assert.match(await waitScreen(page, 'pin-incorrect'), /1 try left/);
  assert.match(await page.textContent('#pin-guard'), /PIN tries left: 1 \(one more wrong PIN locks the card\)/);

  // With one try left the kit does not send the PIN; the card still has its last try.
  await checkIn(page, '0000');
  const text = await waitScreen(page, 'pin-last-try');
  assert.match(text, /PIN_LAST_TRY/);
  assert.match(await page.textContent('#pin-guard'), /PIN tries left: 1/);
  await screenshot(page, 'hospital-last-try');

  // Forcing a wrong PIN locks the card; afterwards even the right PIN is refused.
  await page.click('#force-last-try');
  assert.match(await waitScreen(page, 'card-locked'), /PIN_BLOCKED/);
  assert.match(await page.textContent('#pin-guard'), /PIN tries left: 0 \(locked\)/);
  await checkIn(page, '1234');
  assert.match(await waitScreen(page, 'card-locked'), /The card is locked/);
  await screenshot(page, 'hospital-locked');

  // A fresh virtual card works again.
  await page.click('#virtual-reset');
  await checkIn(page, '1234');
  await waitScreen(page, 'eligible');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hospital: the right PIN sent as the forced last try succeeds', async () => {
  const { page, context } = await openPage(env, '/hospital/');
  await checkIn(page, '0000');
  await waitScreen(page, 'pin-incorrect');
  await checkIn(page, '0000');
  await waitScreen(page, 'pin-incorrect');
  await checkIn(page, '1234');
  await waitScreen(page, 'pin-last-try');
  await page.click('#force-last-try');
  await waitScreen(page, 'eligible');
  assert.match(await page.textContent('#pin-guard'), /PIN tries left: 3/);
  await context.close();
});

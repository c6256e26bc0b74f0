// Bank eKYC end to end in Chromium on the virtual card: sign the application with the
// signature password, the server verifies and records; a wrong password shows the tries left.

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

test('bank: signed application → identity with substitute flags and a stored record', async () => {
  const { page, context, problems } = await openPage(env, '/bank/');
  await page.waitForSelector('#nonce:not(:empty)');
  const nonce = await page.textContent('#nonce');
  await page.check('#agree');
  await page.fill('#password', 'ABC123');
  await page.click('#sign');
  const text = await waitScreen(page, 'verified');
  assert.match(text, /Identity verified/);
  assert.match(text, /1985-04-01/);
  assert.match(text, /substitute character/);
  assert.equal(await page.locator('#result mark.subst').count(), 2, 'one substitute in the name, one in the address');
  assert.equal(await page.getAttribute('#progress', 'value'), await page.getAttribute('#progress', 'max'));
  // The bank's record table shows the row (SQLite), and a new application nonce was issued.
  await page.waitForSelector('#records td');
  assert.match(await page.locator('#records').innerText(), /\bok\b/);
  assert.notEqual(await page.textContent('#nonce'), nonce);
  await screenshot(page, 'bank-verified');
  // The same page in Japanese.
  await page.click('[data-set-lang="ja"]');
  assert.match(await page.locator('#result').innerText(), /本人確認が完了しました/);
  await screenshot(page, 'bank-verified-ja');
  assert.deepEqual(problems, []);
  await context.close();
});

test('bank: a wrong signature password shows the tries left and reaches no server', async () => {
  const { page, context, problems } = await openPage(env, '/bank/');
  await page.waitForSelector('#nonce:not(:empty)');
  await page.check('#agree');
  await page.fill('#password', 'WRONG1');
  await page.click('#sign');
  const text = await waitScreen(page, 'pin-incorrect');
  assert.match(text, /4 tries left/);
  assert.match(text, /PIN_INCORRECT/);
  assert.match(await page.textContent('#virtual-tries'), /signature password: 4/);
  await screenshot(page, 'bank-wrong-password');
  assert.deepEqual(problems, []);
  await context.close();
});

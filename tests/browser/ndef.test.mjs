// Web NFC for badge credentials: writeJwsTag / readJwsTag over a fake NDEFReader in Chromium,
// and the plain refusal where Web NFC is missing (desktop Chromium has none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openCardPage, useCardKit } from './card-helpers.mjs';

const env = useCardKit();
const JWS = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiYWRnZSJ9.c2lnbmF0dXJl';

test('a JWS written to a tag reads back as one application/jose record', async () => {
  const { page, errors, close } = await openCardPage(env, 'fake-ndef-init.js');
  const r = await page.evaluate(async (jws) => {
    await card.writeJwsTag(jws);
    const records = globalThis.__mynaFakeTag.records.map((x) => ({ recordType: x.recordType, mediaType: x.mediaType }));
    const read = await card.readJwsTag();
    const bad = await card.writeJwsTag('not a jws').then(() => null, (e) => e.code);
    globalThis.__mynaFakeTag.records = [{ recordType: 'url', data: new TextEncoder().encode('https://x') }];
    const none = await card.readJwsTag().then(() => null, (e) => e.code);
    return { records, read, bad, none, cap: card.webNfcCapability() };
  }, JWS);
  await close();
  assert.deepEqual(r.records, [{ recordType: 'mime', mediaType: 'application/jose' }]);
  assert.equal(r.read, JWS);
  assert.equal(r.bad, 'JWS_INVALID');
  assert.equal(r.none, 'JWS_INVALID');
  assert.equal(r.cap.ndef, true);
  assert.equal(r.cap.apdu, false, 'Web NFC never sends APDUs');
  assert.deepEqual(errors, []);
});

test('without Web NFC the calls refuse with READER_NOT_AVAILABLE and the reason', async () => {
  const { page, close } = await openCardPage(env, 'fake-usb-init.js');
  const r = await page.evaluate(async () => {
    const e = await card.writeJwsTag('a.b.c').then(() => null, (x) => ({ code: x.code, reasons: x.reasons }));
    return e;
  });
  await close();
  assert.equal(r.code, 'READER_NOT_AVAILABLE');
  assert.match(r.reasons[0].reason, /Android/);
});

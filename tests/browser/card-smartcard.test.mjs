// Browser tests of the Web Smart Card API path: headless Chromium (playwright-core); an init
// script (js/testing/fake-smartcard-init.js) marks the page as an Isolated Web App and installs a
// fake `navigator.smartCard` whose one reader holds the virtual card of the card wasm module. The
// fake keeps the API's rule of one operation at a time per context (an overlapping call is
// refused with InvalidStateError), so the card kit's queueing is checked, not assumed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jpkiApdus, openCardPage, useCardKit } from './card-helpers.mjs';

const RP_ORIGIN = 'https://clinic.example.jp';

const env = useCardKit();

async function openPage() {
  return openCardPage(env, 'fake-smartcard-init.js');
}

test('Smart Card API (emulated IWA): connectReader picks it, authenticate, verify; one operation at a time', async () => {
  const { page, errors, close } = await openPage();
  const r = await page.evaluate(async (origin) => {
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    const conn = await card.connectReader();
    const token = await card.authenticate({ reader: conn.reader, origin, nonce, pin: '1234' });
    const verdict = await verifier.verifyToken({ token, origin, nonce, time: Date.now(), trust: 'jpki-test' });
    const apdus = conn.reader.lastApduCount;
    await conn.reader.close();
    const fake = globalThis.__mynaFakeSmartCard;
    return {
      iwa: card.isIsolatedWebApp(),
      kind: conn.kind,
      others: conn.reasonsOthersUnavailable,
      verdict: { ok: verdict.ok, kind: verdict.kind, error: verdict.error },
      certLength: atob(JSON.parse(token).unverifiedCertificate).length,
      apdus,
      cardApdus: fake.card.apduCount,
      log: { ...fake.log, calls: fake.log.calls.slice() },
    };
  }, RP_ORIGIN);
  assert.equal(r.iwa, true);
  assert.equal(r.kind, 'smartcard');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  const expected = jpkiApdus(r.certLength);
  assert.equal(r.apdus, expected);
  assert.equal(r.cardApdus, expected);
  assert.equal(r.log.transmits, expected);
  assert.deepEqual(r.log.calls, ['establishContext', 'listReaders', 'connect',
    ...Array(expected).fill('transmit'), 'disconnect:leave']);
  assert.deepEqual(r.log.connectOptions, {
    readerName: 'Simulated PC/SC Reader 00 00', accessMode: 'shared', preferredProtocols: ['t1', 't0'],
  });
  assert.equal(r.log.maxInFlight, 1);
  assert.equal(r.log.refusedOverlaps, 0);
  // The USB transports are still usable here (picked later), so they are listed as such.
  assert.ok(r.others.some((x) => x.kind === 'rcs380' && /picked first/.test(x.reason)), JSON.stringify(r.others));
  assert.deepEqual(errors, []);
  await close();
});

test('smartCardTransmit queues concurrent APDUs; the fake really refuses overlapping calls', async () => {
  const { page, close } = await openPage();
  const r = await page.evaluate(async () => {
    const selectJpkiAp = new Uint8Array([0x00, 0xa4, 0x04, 0x0c, 0x0a,
      0xd3, 0x92, 0xf0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01]);
    const sc = await card.smartCardTransmit(navigator.smartCard);
    const answers = await Promise.all(Array.from({ length: 5 }, () => sc.transmit(selectJpkiAp)));
    const fake = globalThis.__mynaFakeSmartCard;
    const queued = { maxInFlight: fake.log.maxInFlight, refused: fake.log.refusedOverlaps };
    // The same five straight on the API, unqueued: the fake refuses the overlapping ones.
    const ctx = await navigator.smartCard.establishContext();
    const { connection } = await ctx.connect(sc.readerName, 'shared', { preferredProtocols: ['t1'] });
    const raw = await Promise.allSettled(Array.from({ length: 5 }, () => connection.transmit(selectJpkiAp)));
    await sc.close();
    return {
      readerName: sc.readerName,
      answers: answers.map((a) => Array.from(a)),
      queued,
      raw: raw.map((x) => (x.status === 'fulfilled' ? 'ok' : x.reason.name)),
    };
  });
  assert.equal(r.readerName, 'Simulated PC/SC Reader 00 00');
  assert.deepEqual(r.answers, Array(5).fill([0x90, 0x00]));
  assert.deepEqual(r.queued, { maxInFlight: 1, refused: 0 });
  assert.deepEqual(r.raw, ['ok', 'InvalidStateError', 'InvalidStateError', 'InvalidStateError', 'InvalidStateError']);
  await close();
});

test('Smart Card API: card removed → CARD_NOT_PRESENT; put back → connected again and verified', async () => {
  const { page, close } = await openPage();
  const r = await page.evaluate(async (origin) => {
    const { reader } = await card.connectReader({ prefer: 'smartcard' });
    const fake = globalThis.__mynaFakeSmartCard;
    fake.reader.present = false;
    let gone;
    try {
      const { nonce } = await verifier.issueChallenge({ time: Date.now() });
      await card.authenticate({ reader, origin, nonce, pin: '1234' });
    } catch (e) {
      gone = e.code;
    }
    fake.reader.present = true;
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    const token = await card.authenticate({ reader, origin, nonce, pin: '1234' });
    const verdict = await verifier.verifyToken({ token, origin, nonce, time: Date.now(), trust: 'jpki-test' });
    return { gone, ok: verdict.ok, connects: fake.log.calls.filter((c) => c === 'connect').length };
  }, RP_ORIGIN);
  assert.equal(r.gone, 'CARD_NOT_PRESENT');
  assert.equal(r.ok, true);
  assert.equal(r.connects, 2, 'the stale connection is replaced once the card is back');
  return close();
});

test('no navigator.smartCard (ordinary page): the plain reason, and it is not offered', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.base}/js/testing/card-test.html`);
  const r = await page.evaluate(async () => {
    const card = await import('/js/card.js');
    return { support: card.readerSupport(), iwa: card.isIsolatedWebApp(), has: 'smartCard' in navigator };
  });
  assert.equal(r.has, false);
  assert.equal(r.iwa, false);
  assert.equal(r.support.smartcard.usable, false);
  assert.match(r.support.smartcard.reason, /navigator\.smartCard.*only in Isolated Web Apps/);
  await context.close();
});

// Browser tests of the card kit: headless Chromium (Debian /usr/bin/chromium via playwright-core)
// loads a page from scripts/serve.mjs on 127.0.0.1 with a fake `navigator.usb` installed by an
// init script (js/testing/fake-usb-init.js). Its one device is the simulated Sony RC-S380 from the
// card wasm module, so the real WebUSB path runs end to end: connectReader → device chooser
// (filters checked) → open/claim/transfers → Port-100 → ISO-DEP → virtual card → Web eID token →
// verifyToken (trust 'jpki-test') in the verifier module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardRemovedMidSession, jpkiApdus, openCardPage, useCardKit } from './card-helpers.mjs';

const RP_ORIGIN = 'https://bank.example.jp';

const env = useCardKit();

/** A fresh page (own context, so a fresh fake reader and card) with the fake navigator.usb. */
async function openPage() {
  return openCardPage(env, 'fake-usb-init.js');
}

test('RC-S380 over the fake WebUSB: connect, authenticate, verify; APDUs counted both sides', async () => {
  const { page, errors, close } = await openPage();
  const r = await page.evaluate(async (origin) => {
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    const conn = await card.connectReader();
    const steps = [];
    const token = await card.authenticate({
      reader: conn.reader, origin, nonce, pin: '1234', onProgress: (p) => steps.push(`${p.step} ${p.done}/${p.total}`),
    });
    const verdict = await verifier.verifyToken({ token, origin, nonce, time: Date.now(), trust: 'jpki-test' });
    const fake = globalThis.__mynaFakeUsb;
    const cert = JSON.parse(token).unverifiedCertificate;
    return {
      kind: conn.kind,
      reasons: conn.reasonsOthersUnavailable,
      filters: fake.usb.requestLog,
      readerApdus: conn.reader.lastApduCount,
      cardApdus: fake.card.apduCount,
      certLength: atob(cert).length,
      verdict: { ok: verdict.ok, kind: verdict.kind, error: verdict.error },
      steps,
      device: fake.device.deviceStats(),
      transfers: fake.device.transfers,
      nfc: card.webNfcCapability(),
    };
  }, RP_ORIGIN);
  assert.equal(r.kind, 'rcs380');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  // The chooser was asked for the two RC-S380 ids only: no CCID class in an ordinary page.
  assert.deepEqual(r.filters, [[{ vendorId: 0x054c, productId: 0x06c1 }, { vendorId: 0x054c, productId: 0x06c3 }]]);
  const expected = jpkiApdus(r.certLength);
  assert.equal(r.readerApdus, expected, 'APDUs sent by the reader');
  assert.equal(r.cardApdus, expected, 'APDUs the virtual card answered');
  assert.deepEqual(r.steps, ['select 1/4', 'verify-pin 2/4', 'read-certificate 3/4', 'sign 4/4']);
  // Port-100: every APDU is one InCommRF (one ISO-DEP block each way at FSC 256) after REQB+ATTRIB;
  // each command is one bulk OUT and two bulk IN (ACK + response) transfers.
  assert.ok(r.device.rfExchanges >= expected + 2, JSON.stringify(r.device));
  assert.equal(r.device.missingZeroLengthPackets, 0);
  assert.equal(r.transfers.in, r.device.receives);
  assert.equal(r.transfers.out, r.device.sends);
  const why = Object.fromEntries(r.reasons.map((x) => [x.kind, x.reason]));
  assert.match(why.ccid, /Isolated Web Apps/);
  assert.match(why.smartcard, /navigator\.smartCard.*Isolated Web Apps/);
  assert.match(why.nfc, /cannot send APDUs/);
  assert.deepEqual(
    { present: r.nfc.present, apdu: r.nfc.apdu, canReadMyNumberCard: r.nfc.canReadMyNumberCard },
    { present: false, apdu: false, canReadMyNumberCard: false },
  );
  assert.deepEqual(errors, []);
  await close();
});

test('wrong PIN: PIN_INCORRECT with tries left, then the last try is refused without spending it', async () => {
  const { page, close } = await openPage();
  const r = await page.evaluate(async (origin) => {
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    const { reader } = await card.connectReader();
    const fake = globalThis.__mynaFakeUsb;
    const attempt = async (pin, force) => {
      try {
        await card.authenticate({ reader, origin, nonce, pin, force });
        return { ok: true, apdus: reader.lastApduCount };
      } catch (e) {
        return { code: e.code, triesLeft: e.triesLeft, messageJa: typeof e.messageJa, apdus: reader.lastApduCount, cardTries: fake.card.triesLeft('auth-pin') };
      }
    };
    return [await attempt('9999'), await attempt('9998'), await attempt('1234'), await attempt('1234', true),
      { cardTries: fake.card.triesLeft('auth-pin') }];
  }, RP_ORIGIN);
  // SELECT AP, SELECT PIN EF, tries query, VERIFY.
  assert.deepEqual(r[0], { code: 'PIN_INCORRECT', triesLeft: 2, messageJa: 'string', apdus: 4, cardTries: 2 });
  assert.deepEqual(r[1], { code: 'PIN_INCORRECT', triesLeft: 1, messageJa: 'string', apdus: 4, cardTries: 1 });
  // One try left: the PIN is not sent (3 APDUs, the counter stays at 1).
  assert.deepEqual(r[2], { code: 'PIN_LAST_TRY', triesLeft: 1, messageJa: 'string', apdus: 3, cardTries: 1 });
  assert.equal(r[3].ok, true, JSON.stringify(r[3]));
  assert.equal(r[4].cardTries, 3, 'a correct PIN resets the counter');
  await close();
});

test('signConsent and readCardInfo over the same reader; a second operation meanwhile is READER_BUSY', async () => {
  const { page, close } = await openPage();
  const r = await page.evaluate(async (origin) => {
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    const { reader } = await card.connectReader();
    const first = card.signConsent({ reader, origin, nonce, password: 'abc123' });
    let busy;
    try {
      await card.readCardInfo({ reader, pin: '1234' });
    } catch (e) {
      busy = e.code;
    }
    const token = await first;
    const signApdus = reader.lastApduCount;
    const verdict = await verifier.verifyToken({
      token, origin, nonce, time: Date.now(), trust: 'jpki-test', acceptedKinds: ['jpki-sign'],
    });
    const info = await card.readCardInfo({ reader, pin: '1234' });
    return {
      busy,
      signApdus,
      certLength: atob(JSON.parse(token).unverifiedCertificate).length,
      verdict: { ok: verdict.ok, kind: verdict.kind, error: verdict.error },
      info,
      infoApdus: reader.lastApduCount,
      total: reader.apduCount,
      cardTotal: globalThis.__mynaFakeUsb.card.apduCount,
    };
  }, RP_ORIGIN);
  assert.equal(r.busy, 'READER_BUSY');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-sign', error: undefined });
  assert.equal(r.signApdus, jpkiApdus(r.certLength));
  assert.equal(r.info.myNumber, '123456789018');
  assert.equal(r.info.authenticated, false);
  // SELECT AP, SELECT PIN EF, tries, VERIFY, SELECT+READ My Number, SELECT+READ basic-4 (≤ 256 B).
  assert.equal(r.infoApdus, 8);
  assert.equal(r.total, r.signApdus + r.infoApdus);
  assert.equal(r.cardTotal, r.total);
  await close();
});

test('card taken off the reader mid-session: CARD_NOT_PRESENT, then re-activated when it is back', async () => {
  const { page, close } = await openPage();
  const r = await cardRemovedMidSession(page, RP_ORIGIN);
  assert.equal(r.gone, 'CARD_NOT_PRESENT');
  assert.equal(r.ok, true);
  await close();
});

test('no RC-S380 plugged in (the chooser returns nothing): READER_NOT_SELECTED', async () => {
  const { page, close } = await openPage();
  const r = await page.evaluate(async () => {
    // A page whose fake reader does not match the filters: make requestDevice find nothing.
    const usb = navigator.usb;
    const original = usb.requestDevice;
    usb.requestDevice = async () => { throw new DOMException('No device selected.', 'NotFoundError'); };
    try {
      await card.connectReader();
      return { code: null };
    } catch (e) {
      return { code: e.code, messageJa: e.messageJa };
    } finally {
      usb.requestDevice = original;
    }
  });
  assert.equal(r.code, 'READER_NOT_SELECTED');
  assert.match(r.messageJa, /カードリーダー/);
  await close();
});

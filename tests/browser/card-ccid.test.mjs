// Browser tests of CCID readers over WebUSB: headless Chromium (playwright-core) with a fake
// `navigator.usb` (js/testing/fake-usb-init.js) whose one device is the simulated CCID reader of
// the card wasm module (src/sim/ccid.rs) holding the virtual card. The real path runs end to end:
// connectReader → chooser (filters checked) → open → GET_DESCRIPTOR(configuration) → CCID class
// descriptor → claim → IccPowerOn → XfrBlock (APDU level, or T=1 TPDUs framed by the host) →
// virtual card → Web eID token → verifyToken (trust 'jpki-test').
// An Isolated Web App is emulated (`isolated: true`: the fake lets the class-0x0B interface be
// claimed and the card kit offers CCID); an ordinary page gets the plain reason and
// READER_NEEDS_ISOLATED_WEB_APP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardRemovedMidSession, jpkiApdus, openCardPage, useCardKit } from './card-helpers.mjs';

const RP_ORIGIN = 'https://bank.example.jp';
/** dwMaxCCIDMessageLength of the simulated reader: 261 data bytes per message. */
const MAX_MESSAGE = 271;

const env = useCardKit();

/** A fresh page whose fake navigator.usb holds a simulated CCID reader configured by `fake`. */
async function openPage(fake) {
  return openCardPage(env, 'fake-usb-init.js', fake);
}

/** In the page: connectReader (or openUsbReader on a device the page picks), authenticate, verify. */
async function authenticateInPage(page, { extendedLength = false, pickDevice = null } = {}) {
  return page.evaluate(async ({ origin, extendedLength, pickDevice }) => {
    const { nonce } = await verifier.issueChallenge({ time: Date.now() });
    let conn;
    if (pickDevice) {
      const device = await navigator.usb.requestDevice({ filters: [pickDevice] });
      const reader = await card.openUsbReader(device);
      conn = { kind: reader.kind, reader, reasonsOthersUnavailable: [] };
    } else {
      conn = await card.connectReader();
    }
    // The virtual card answers extended-length APDUs only when switched on.
    globalThis.__mynaFakeUsb.card.setExtendedLength(extendedLength);
    const token = await card.authenticate({ reader: conn.reader, origin, nonce, pin: '1234', extendedLength });
    const verdict = await verifier.verifyToken({ token, origin, nonce, time: Date.now(), trust: 'jpki-test' });
    const fake = globalThis.__mynaFakeUsb;
    return {
      kind: conn.kind,
      reasons: conn.reasonsOthersUnavailable,
      support: card.readerSupport(),
      filters: fake.usb.requestLog,
      readerApdus: conn.reader.lastApduCount,
      cardApdus: fake.card.apduCount,
      certLength: atob(JSON.parse(token).unverifiedCertificate).length,
      verdict: { ok: verdict.ok, kind: verdict.kind, error: verdict.error },
      device: fake.device.deviceStats(),
      control: fake.device.controlTransfers,
      transfers: fake.device.transfers,
    };
  }, { origin: RP_ORIGIN, extendedLength, pickDevice });
}

/** The configuration descriptor was read the standard way: header (9 bytes), then all of it. */
function assertDescriptorRead(control) {
  const setup = { requestType: 'standard', recipient: 'device', request: 6, value: 0x0200, index: 0 };
  // configuration 9 + interface 9 + CCID class 54 + three endpoints 7 each.
  assert.deepEqual(control, [{ setup, length: 9 }, { setup, length: 93 }]);
}

test('IWA, CCID at extended-APDU level: chooser offers RC-S380 ids and class 0x0B, authenticate, verify; APDUs counted', async () => {
  const { page, errors, close } = await openPage({ isolated: true, reader: 'ccid', level: 'extended', maxMessageLength: MAX_MESSAGE });
  const r = await authenticateInPage(page);
  assert.equal(r.kind, 'ccid');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  assert.deepEqual(r.filters, [[
    { vendorId: 0x054c, productId: 0x06c1 }, { vendorId: 0x054c, productId: 0x06c3 }, { classCode: 0x0b },
  ]]);
  assert.deepEqual({ ccid: r.support.ccid.usable, rcs380: r.support.rcs380.usable }, { ccid: true, rcs380: true });
  assert.equal(r.reasons.some((x) => x.kind === 'ccid'), false, 'CCID is usable here, no reason against it');
  assertDescriptorRead(r.control);
  const expected = jpkiApdus(r.certLength);
  assert.equal(r.readerApdus, expected, 'APDUs sent by the reader');
  assert.equal(r.cardApdus, expected, 'APDUs the virtual card answered');
  // APDU level, every command and response within 261 bytes: one XfrBlock per APDU.
  assert.equal(r.device.xfrBlocks, expected, JSON.stringify(r.device));
  assert.equal(r.device.oversize, 0);
  // One message out and one in for IccPowerOn and for each XfrBlock.
  assert.equal(r.device.sends, expected + 1);
  assert.equal(r.transfers.out, r.device.sends);
  assert.equal(r.transfers.in, r.device.receives);
  assert.deepEqual(errors, []);
  await close();
});

test('IWA, CCID at extended-APDU level with extendedLength: one READ BINARY, the response chained over XfrBlocks', async () => {
  const { page, close } = await openPage({ isolated: true, reader: 'ccid', level: 'extended', maxMessageLength: MAX_MESSAGE });
  const r = await authenticateInPage(page, { extendedLength: true });
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  // SELECT AP, SELECT PIN EF, tries, VERIFY, SELECT cert EF, one READ BINARY (Le 65536), SELECT key, SIGN.
  assert.equal(r.readerApdus, 8);
  assert.equal(r.cardApdus, 8);
  // The whole 2048-byte certificate EF (the simulator's fixed EF size, zero padded after the
  // certificate) + SW comes in 261-byte parts: wLevelParameter chaining, 8 messages.
  const CERT_EF_SIZE = 2048;
  assert.ok(r.certLength < CERT_EF_SIZE);
  const parts = Math.ceil((CERT_EF_SIZE + 2) / (MAX_MESSAGE - 10));
  assert.equal(r.device.xfrBlocks, 8 - 1 + parts, JSON.stringify(r.device));
  await close();
});

test('IWA, CCID at TPDU level (T=1 framed by the host, IFSC 32): authenticate, verify; IFS negotiated, blocks chained', async () => {
  const { page, errors, close } = await openPage({ isolated: true, reader: 'ccid', level: 'tpdu', ifsc: 32, maxMessageLength: MAX_MESSAGE });
  const r = await authenticateInPage(page);
  assert.equal(r.kind, 'ccid');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  const expected = jpkiApdus(r.certLength);
  assert.equal(r.readerApdus, expected);
  assert.equal(r.cardApdus, expected);
  // S(IFS request) once after the ATR; no host block longer than the card's IFSC; the signature
  // command (> 32 bytes) and 258-byte responses need several blocks each.
  assert.equal(r.device.ifsRequests, 1, JSON.stringify(r.device));
  assert.ok(r.device.largestInfFromHost > 0 && r.device.largestInfFromHost <= 32, JSON.stringify(r.device));
  assert.ok(r.device.xfrBlocks > expected + 1, JSON.stringify(r.device));
  assertDescriptorRead(r.control);
  assert.deepEqual(errors, []);
  await close();
});

test('IWA, CCID at TPDU level: card taken out → CARD_NOT_PRESENT, put back → powered again and verified', async () => {
  const { page, close } = await openPage({ isolated: true, reader: 'ccid', level: 'tpdu', ifsc: 32, maxMessageLength: MAX_MESSAGE });
  const r = await cardRemovedMidSession(page, RP_ORIGIN, { prefer: 'ccid' });
  assert.equal(r.kind, 'ccid');
  assert.deepEqual(r.filters, [[{ classCode: 0x0b }]], "prefer: 'ccid' asks for the CCID class only");
  assert.equal(r.gone, 'CARD_NOT_PRESENT');
  assert.equal(r.ok, true);
  await close();
});

test('IWA, a vendor-class (0xFF) interface carrying a CCID class descriptor, short-APDU level: opened as CCID, verified', async () => {
  const { page, close } = await openPage({ isolated: true, reader: 'ccid', level: 'short', interfaceClass: 0xff, maxMessageLength: MAX_MESSAGE });
  const r = await authenticateInPage(page, { pickDevice: { vendorId: 0x1209 } });
  assert.equal(r.kind, 'ccid');
  assert.deepEqual(r.verdict, { ok: true, kind: 'jpki-auth', error: undefined });
  assertDescriptorRead(r.control);
  assert.equal(r.readerApdus, jpkiApdus(r.certLength));
  assert.equal(r.device.xfrBlocks, r.readerApdus);
  await close();
});

test('ordinary page: CCID is not offered (plain reason), and claiming one anyway is READER_NEEDS_ISOLATED_WEB_APP', async () => {
  const { page, errors, close } = await openPage({ reader: 'ccid', level: 'extended', maxMessageLength: MAX_MESSAGE });
  const r = await page.evaluate(async () => {
    const support = card.readerSupport();
    let connect;
    try {
      await card.connectReader();
      connect = { code: null };
    } catch (e) {
      connect = { code: e.code };
    }
    const fake = globalThis.__mynaFakeUsb;
    const filters = fake.usb.requestLog.slice();
    // A page that picks the CCID device itself still cannot claim it.
    const device = await navigator.usb.requestDevice({ filters: [{ classCode: 0x0b }] });
    let claim;
    try {
      await card.openUsbReader(device);
      claim = { code: null };
    } catch (e) {
      claim = { code: e.code, message: e.message, messageJa: e.messageJa };
    }
    return {
      iwa: card.isIsolatedWebApp(), support, connect, filters, claim,
      cardApdus: fake.card.apduCount, sends: fake.device.deviceStats().sends,
    };
  });
  assert.equal(r.iwa, false);
  assert.equal(r.support.ccid.usable, false);
  assert.match(r.support.ccid.reason, /only be claimed over WebUSB by Isolated Web Apps; this is an ordinary web page/);
  // The chooser was only asked for RC-S380s: the CCID reader is not offered, so nothing is picked.
  assert.deepEqual(r.filters, [[{ vendorId: 0x054c, productId: 0x06c1 }, { vendorId: 0x054c, productId: 0x06c3 }]]);
  assert.equal(r.connect.code, 'READER_NOT_SELECTED');
  assert.equal(r.claim.code, 'READER_NEEDS_ISOLATED_WEB_APP');
  assert.match(r.claim.message, /Isolated Web App/);
  assert.match(r.claim.messageJa, /Isolated Web App/);
  assert.equal(r.sends, 0, 'nothing was sent to a reader the page could not claim');
  assert.equal(r.cardApdus, 0);
  assert.deepEqual(errors, []);
  await close();
});

// The card kit in the browser: pick a reader this browser can actually reach, then run the
// ceremonies (authenticate / signConsent / readCardInfo) in the card wasm module
// (pkg/card/myna_card_bg.wasm, separate from the verifier module). Only bytes move here; every
// protocol, PIN and token decision is made in Rust.
//
// What a web page can reach (plainly):
//   - Sony RC-S380 (054C:06C1, 054C:06C3; vendor class 0xFF, Port-100) over WebUSB: ordinary
//     pages in Chromium-based browsers. The OS driver must not hold it (Linux: unbind port100;
//     Windows: WinUSB).
//   - CCID readers (USB class 0x0B) over WebUSB: Isolated Web Apps only (with the
//     `usb-unrestricted` permission); ordinary pages may not claim the smart-card class.
//   - The Web Smart Card API (navigator.smartCard, PC/SC underneath): Isolated Web Apps only;
//     one operation at a time per context, so every call here is queued.
//   - A host-provided transmit (native shells, Node PC/SC): `connectReader({ transmit })`.
//   - Web NFC cannot send APDUs (NDEF only), and NDEFReader exists only on Android Chrome.

import wbgInit, * as wasm from '../pkg/card/myna_card.js';

/** RC-S380/S and RC-S380/P. */
export const RCS380_FILTERS = Object.freeze([
  Object.freeze({ vendorId: 0x054c, productId: 0x06c1 }),
  Object.freeze({ vendorId: 0x054c, productId: 0x06c3 }),
]);
/** CCID (smart-card class): only requested inside an Isolated Web App. */
export const CCID_FILTER = Object.freeze({ classCode: 0x0b });

let ready = null;

/** Load the card module once (`input`: URL, Response, bytes or WebAssembly.Module). */
export function initCard(input) {
  if (ready === null) {
    ready = (async () => {
      const source = input === undefined
        ? new URL('../pkg/card/myna_card_bg.wasm', import.meta.url)
        : await input;
      await wbgInit({ module_or_path: source });
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/**
 * True when this page runs as an Isolated Web App (origin scheme `isolated-app:`). Tests and the
 * demo emulate one with `globalThis.__MYNA_EMULATE_IWA__ = true` (set by js/testing init
 * scripts); that only changes which transports are offered: a real browser still refuses an
 * ordinary page the CCID class (READER_NEEDS_ISOLATED_WEB_APP).
 */
export function isIsolatedWebApp(g = globalThis) {
  return g.location?.protocol === 'isolated-app:' || g.__MYNA_EMULATE_IWA__ === true;
}

/**
 * What Web NFC can do here. It never sends APDUs, so it cannot read the JPKI applet; it only
 * reads/writes NDEF records, and `NDEFReader` exists only in Chrome on Android.
 */
export function webNfcCapability(g = globalThis) {
  const present = typeof g.NDEFReader === 'function';
  return {
    present,
    ndef: present,
    apdu: false,
    canReadMyNumberCard: false,
    reason: present
      ? 'Web NFC is present but reads and writes NDEF records only; it cannot send the APDUs a My Number Card needs.'
      : 'Web NFC (NDEFReader) is not available in this browser (it exists only in Chrome on Android), and even there it is NDEF-only: it cannot send APDUs.',
  };
}

/** MIME type of an NDEF record holding a compact JWS (RFC 7515 §9.2.1), e.g. a badge credential. */
export const JWS_NDEF_MIME = 'application/jose';
/** Largest JWS written to or accepted from a tag (NFC tags hold a few KB at most). */
const MAX_TAG_JWS = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/** NDEFReader, or a typed READER_NOT_AVAILABLE that says why (Web NFC: Chrome on Android). */
async function ndefReader(g) {
  await initCard();
  if (typeof g.NDEFReader === 'function') return g.NDEFReader;
  const err = readerError('READER_NOT_AVAILABLE');
  err.reasons = [{ kind: 'nfc', reason: webNfcCapability(g).reason }];
  throw err;
}

function checkJws(text) {
  if (typeof text !== 'string' || text.length > MAX_TAG_JWS || !COMPACT_JWS.test(text)) {
    const err = new TypeError(`not a compact JWS of at most ${MAX_TAG_JWS} characters`);
    err.code = 'JWS_INVALID';
    throw err;
  }
  return text;
}

/**
 * Write a compact JWS (a badge credential) to the next NFC tag held to the device, as one
 * `application/jose` NDEF record. Web NFC moves NDEF records only — this is for credentials the
 * relying party issued, never for reading the My Number Card. Needs a user gesture.
 */
export async function writeJwsTag(jws, { signal, g = globalThis } = {}) {
  const Reader = await ndefReader(g);
  const data = new TextEncoder().encode(checkJws(jws));
  await new Reader().write({ records: [{ recordType: 'mime', mediaType: JWS_NDEF_MIME, data }] }, { signal });
}

/**
 * Read the JWS of the next NFC tag held to the device: its first `application/jose` (or text)
 * record. Not verified here: pass it to `verifyJws` with the issuer's keys.
 */
export async function readJwsTag({ signal, g = globalThis } = {}) {
  const Reader = await ndefReader(g);
  const reader = new Reader();
  await reader.scan({ signal });
  return new Promise((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    reader.onreadingerror = () => reject(Object.assign(new Error('the tag could not be read'), { code: 'CARD_RESPONSE_MALFORMED' }));
    reader.onreading = (event) => {
      const record = event.message.records.find((r) => r.mediaType === JWS_NDEF_MIME || r.recordType === 'text');
      try {
        if (!record) throw Object.assign(new Error('no JWS record on this tag'), { code: 'JWS_INVALID' });
        resolve(checkJws(new TextDecoder().decode(record.data)));
      } catch (e) {
        reject(e);
      }
    };
  });
}

/** Why each transport is or is not usable here (no prompts, no side effects). */
export function readerSupport(g = globalThis) {
  const usb = g.navigator?.usb;
  const iwa = isIsolatedWebApp(g);
  const smartCard = g.navigator?.smartCard;
  return {
    rcs380: usb
      ? { usable: true }
      : { usable: false, reason: 'WebUSB (navigator.usb) is not available in this browser (use a Chromium-based browser over HTTPS), so a Sony RC-S380 cannot be reached.' },
    ccid: !usb
      ? { usable: false, reason: 'WebUSB (navigator.usb) is not available in this browser.' }
      : !iwa
        ? { usable: false, reason: 'CCID readers (USB class 0x0B) can only be claimed over WebUSB by Isolated Web Apps; this is an ordinary web page, so the browser will not hand one over. Use a Sony RC-S380, or install the site as an Isolated Web App.' }
        : { usable: true },
    smartcard: !smartCard
      ? { usable: false, reason: 'The Web Smart Card API (navigator.smartCard) is not available: it exists only in Isolated Web Apps.' }
      : { usable: true },
    nfc: { usable: false, reason: webNfcCapability(g).reason },
  };
}

/** A thrown error from the card module (code, message, messageJa, triesLeft?). */
function readerError(code) {
  return wasm.readerError(code);
}

/** A device this page is already allowed to use, else the chooser (needs a user gesture). */
async function chooseUsbDevice(usb, filters) {
  const matches = (d) => filters.some((f) => (f.vendorId === undefined || f.vendorId === d.vendorId)
    && (f.productId === undefined || f.productId === d.productId)
    && (f.classCode === undefined || d.configuration?.interfaces?.some(
      (i) => i.alternate?.interfaceClass === f.classCode,
    )));
  const known = (await usb.getDevices?.()) ?? [];
  const granted = known.find(matches);
  if (granted) return granted;
  try {
    return await usb.requestDevice({ filters });
  } catch (e) {
    if (e?.name === 'NotFoundError') throw readerError('READER_NOT_SELECTED');
    if (e?.name === 'SecurityError') throw readerError('READER_NOT_AVAILABLE');
    throw e;
  }
}

/** Wrap an opened wasm CardReader as the public handle. */
function handle(kind, raw, close) {
  return Object.freeze({
    kind,
    raw,
    get apduCount() { return raw.apduCount; },
    get lastApduCount() { return raw.lastApduCount; },
    get busy() { return raw.busy; },
    close: close ?? (async () => {}),
  });
}

/** Is `device` a Sony RC-S380? */
function isRcs380(device) {
  return RCS380_FILTERS.some((f) => f.vendorId === device?.vendorId && f.productId === device?.productId);
}

/**
 * Open a `USBDevice` the page already holds: an RC-S380 by its ids, anything else as a CCID
 * reader (class 0x0B, or a vendor interface with a CCID class descriptor; Isolated Web Apps
 * only, else READER_NEEDS_ISOLATED_WEB_APP). Returns the reader handle.
 */
export async function openUsbReader(device) {
  await initCard();
  const close = async () => { try { await device.close(); } catch { /* gone */ } };
  if (isRcs380(device)) return handle('rcs380', await wasm.CardReader.openRcs380(device), close);
  return handle('ccid', await wasm.CardReader.openCcid(device), close);
}

/** What a Web Smart Card API `responseCode` (SmartCardError) means for the card kit. */
const SMART_CARD_CODES = Object.freeze({
  'no-smartcard': 'CARD_NOT_PRESENT',
  'removed-card': 'CARD_NOT_PRESENT',
  'sharing-violation': 'READER_HELD_BY_OS',
  'reader-unavailable': 'READER_NOT_AVAILABLE',
  'unknown-reader': 'READER_NOT_AVAILABLE',
  'no-service': 'READER_NOT_AVAILABLE',
});

/** After these the connection is stale: connect again before the next APDU. */
const RECONNECT_AFTER = new Set(['removed-card', 'reset-card', 'no-smartcard']);

/** One operation at a time: `run(fn)` starts `fn` after every earlier one has settled. */
function serialised() {
  let tail = Promise.resolve();
  return (fn) => {
    const run = tail.then(() => fn());
    tail = run.then(() => undefined, () => undefined);
    return run;
  };
}

/**
 * A transmit over the Web Smart Card API (Isolated Web Apps): establishContext → listReaders →
 * connect (shared, preferred protocols T=1 then T=0) → transmit per APDU, every call on the
 * context queued one at a time (the API refuses overlapping operations). `readerName` picks a
 * reader (default: the first). A removed or reset card makes the next APDU connect again.
 * Returns `{ readerName, transmit(apdu): Promise<Uint8Array>, close() }`.
 */
export async function smartCardTransmit(smartCard, { readerName } = {}) {
  const queue = serialised();
  const fail = (e) => {
    const code = SMART_CARD_CODES[e?.responseCode];
    if (code) throw readerError(code);
    if (e?.name === 'InvalidStateError') throw readerError('READER_BUSY');
    throw e;
  };
  const context = await smartCard.establishContext().catch(fail);
  const readers = await queue(() => context.listReaders()).catch(fail);
  const name = readerName ?? readers?.[0];
  if (!name || !(readers ?? []).includes(name)) throw readerError('READER_NOT_SELECTED');
  let connection = null;
  const connect = async () => {
    const result = await context.connect(name, 'shared', { preferredProtocols: ['t1', 't0'] });
    connection = result.connection;
  };
  await queue(connect).catch(fail);
  const transmit = (apdu) => queue(async () => {
    if (connection === null) await connect();
    try {
      return new Uint8Array(await connection.transmit(apdu));
    } catch (e) {
      if (RECONNECT_AFTER.has(e?.responseCode)) connection = null;
      throw e;
    }
  }).catch(fail);
  const close = () => queue(async () => {
    const c = connection;
    connection = null;
    try { await c?.disconnect('leave'); } catch { /* already gone */ }
  });
  return { readerName: name, transmit, close };
}

/** The Web Smart Card API as a card-kit reader. */
async function openSmartCard(smartCard) {
  const sc = await smartCardTransmit(smartCard);
  return handle('smartcard', wasm.CardReader.fromTransmit(sc.transmit), sc.close);
}

/** USB chooser filters for the WebUSB transports usable here; a usable `prefer` narrows them. */
function usbFilters(support, prefer) {
  const onlyCcid = prefer === 'ccid' && support.ccid.usable;
  const onlyRcs380 = prefer === 'rcs380' && support.rcs380.usable;
  const rcs380 = support.rcs380.usable && !onlyCcid ? [...RCS380_FILTERS] : [];
  const ccid = support.ccid.usable && !onlyRcs380 ? [CCID_FILTER] : [];
  return [...rcs380, ...ccid];
}

/**
 * Pick the best reader this browser can reach and open it. Order: a host `transmit` you pass,
 * the Web Smart Card API (IWA), a USB reader over WebUSB (an RC-S380; in an Isolated Web App
 * also a CCID reader, offered in the same chooser), a `virtualCard` you pass; `prefer`
 * (`'host' | 'smartcard' | 'rcs380' | 'ccid' | 'virtual'`) moves one kind first. Returns
 * `{ kind, reader, reasonsOthersUnavailable: [{ kind, reason }] }`.
 */
export async function connectReader({ prefer, transmit, virtualCard, g = globalThis } = {}) {
  await initCard();
  const support = readerSupport(g);
  const reasons = [];
  const attempts = [];
  if (transmit) attempts.push(['host', async () => handle('host', wasm.CardReader.fromTransmit(transmit))]);
  else reasons.push({ kind: 'host', reason: 'No host transmit callback was given (native shells and Node PC/SC pass one).' });
  if (support.smartcard.usable) attempts.push(['smartcard', () => openSmartCard(g.navigator.smartCard)]);
  else reasons.push({ kind: 'smartcard', reason: support.smartcard.reason });
  const filters = usbFilters(support, prefer);
  if (filters.length > 0) {
    // One chooser for every USB reader usable here; the device picked decides the kind.
    const usbKind = support.ccid.usable && prefer === 'ccid' ? 'ccid' : (support.rcs380.usable ? 'rcs380' : 'ccid');
    attempts.push([usbKind, async () => openUsbReader(await chooseUsbDevice(g.navigator.usb, filters))]);
  }
  if (!support.rcs380.usable) reasons.push({ kind: 'rcs380', reason: support.rcs380.reason });
  if (!support.ccid.usable) reasons.push({ kind: 'ccid', reason: support.ccid.reason });
  reasons.push({ kind: 'nfc', reason: support.nfc.reason });
  if (virtualCard) attempts.push(['virtual', async () => handle('virtual', wasm.CardReader.fromVirtualCard(virtualCard.raw ?? virtualCard))]);
  if (prefer) attempts.sort((a, b) => (b[0] === prefer) - (a[0] === prefer));
  if (attempts.length === 0) {
    const err = readerError('READER_NOT_AVAILABLE');
    err.reasons = reasons;
    throw err;
  }
  const [first, open] = attempts[0];
  const reader = await open();
  const { kind } = reader;
  const others = attempts.slice(1).map(([k]) => ({ kind: k, reason: `usable, but '${first}' was picked first` }));
  return { kind, reader, reasonsOthersUnavailable: [...reasons, ...others] };
}

/** The raw wasm reader of a handle from `connectReader` (or a raw one). */
function rawReader(reader) {
  const raw = reader?.raw ?? reader;
  if (!(raw instanceof wasm.CardReader)) {
    throw new TypeError('reader must come from connectReader()');
  }
  return raw;
}

/** Sign-in token (Web eID JSON text) with the auth key; `pin`: the 4-digit auth PIN. */
export async function authenticate({ reader, origin, nonce, pin, force, extendedLength, onProgress }) {
  await initCard();
  return rawReader(reader).authenticate({ origin, nonce, pin, force, extendedLength }, onProgress);
}

/** Consent token signed with the signature key; `password`: the signature password. */
export async function signConsent({ reader, origin, nonce, password, force, extendedLength, onProgress }) {
  await initCard();
  return rawReader(reader).signConsent({ origin, nonce, password, force, extendedLength }, onProgress);
}

/** My Number and basic-4 info (unauthenticated data) with the card-info PIN. */
export async function readCardInfo({ reader, pin, force, extendedLength, onProgress }) {
  await initCard();
  return rawReader(reader).readCardInfo({ pin, force, extendedLength }, onProgress);
}

/**
 * A virtual My Number Card (TEST certificates; verify with `trust: 'jpki-test'`): auth PIN
 * 1234, signature password ABC123, card-info PIN 1234. Pass it as `connectReader({ virtualCard })`.
 */
export async function createVirtualCard() {
  await initCard();
  const raw = new wasm.VirtualCard();
  return Object.freeze({
    raw,
    get apduCount() { return raw.apduCount; },
    triesLeft: (kind) => raw.triesLeft(kind),
    setTriesLeft: (kind, n) => raw.setTriesLeft(kind, n),
    setRemoved: (removed) => raw.setRemoved(removed),
    setExtendedLength: (on) => raw.setExtendedLength(on),
  });
}

// The card kit in the browser: pick a reader this browser can actually reach, then run the
// ceremonies (authenticate / signConsent / readCardInfo) in the card wasm module
// (pkg/card/myna_card_bg.wasm, separate from the verifier module). Only bytes move here; every
// protocol, PIN and token decision is made in Rust.
//
// What a web page can reach (plainly):
//   - Sony RC-S380 (054C:06C1, 054C:06C3; vendor class 0xFF, Port-100) over WebUSB: ordinary
//     pages in Chromium-based browsers. The OS driver must not hold it (Linux: unbind port100;
//     Windows: WinUSB).
//   - CCID readers (USB class 0x0B) over WebUSB: Isolated Web Apps only; ordinary pages may not
//     claim the smart-card class.
//   - The Web Smart Card API (navigator.smartCard): Isolated Web Apps only.
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

/** True when this page runs as an Isolated Web App (origin scheme `isolated-app:`). */
export function isIsolatedWebApp(g = globalThis) {
  return g.location?.protocol === 'isolated-app:';
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
        ? { usable: false, reason: 'CCID readers (USB class 0x0B) can only be claimed over WebUSB by Isolated Web Apps; this is an ordinary web page.' }
        : { usable: false, reason: 'CCID over WebUSB is not wired into this build yet; use navigator.smartCard in the Isolated Web App.' },
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

/** The Web Smart Card API glue (IWAs): one context, first reader, transmit per APDU. */
async function openSmartCard(smartCard) {
  const context = await smartCard.establishContext();
  const readers = await context.listReaders();
  if (!readers?.length) throw readerError('READER_NOT_SELECTED');
  const { connection } = await context.connect(readers[0], 'shared', { preferredProtocols: ['t1', 't0'] });
  const transmit = async (apdu) => new Uint8Array(await connection.transmit(apdu));
  return handle('smartcard', wasm.CardReader.fromTransmit(transmit), () => connection.disconnect?.());
}

/**
 * Pick the best reader this browser can reach and open it. Order: a host `transmit` you pass,
 * the Web Smart Card API (IWA), an RC-S380 over WebUSB, a `virtualCard` you pass; `prefer`
 * (`'host' | 'smartcard' | 'rcs380' | 'virtual'`) moves one kind first. Returns
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
  if (support.rcs380.usable) {
    attempts.push(['rcs380', async () => {
      const device = await chooseUsbDevice(g.navigator.usb, [...RCS380_FILTERS]);
      const raw = await wasm.CardReader.openRcs380(device);
      return handle('rcs380', raw, async () => { try { await device.close(); } catch { /* gone */ } });
    }]);
  } else {
    reasons.push({ kind: 'rcs380', reason: support.rcs380.reason });
  }
  reasons.push({ kind: 'ccid', reason: support.ccid.reason });
  reasons.push({ kind: 'nfc', reason: support.nfc.reason });
  if (virtualCard) attempts.push(['virtual', async () => handle('virtual', wasm.CardReader.fromVirtualCard(virtualCard.raw ?? virtualCard))]);
  if (prefer) attempts.sort((a, b) => (b[0] === prefer) - (a[0] === prefer));
  if (attempts.length === 0) {
    const err = readerError('READER_NOT_AVAILABLE');
    err.reasons = reasons;
    throw err;
  }
  const [kind, open] = attempts[0];
  const others = attempts.slice(1).map(([k]) => ({ kind: k, reason: `usable, but '${kind}' was picked first` }));
  const reader = await open();
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
  });
}

// A fake Web Smart Card API (`navigator.smartCard`) for tests and the demo: one PC/SC-style
// reader whose card is the virtual My Number Card of the card wasm module (APDUs go to it through
// `VirtualCard.transmit`). It keeps the real API's shape — establishContext() → SmartCardContext
// { listReaders, connect(reader, accessMode, { preferredProtocols }) → { connection,
// activeProtocol } }, connection { transmit(bytes) → ArrayBuffer, disconnect(disposition) } —
// and its rule that a context runs one operation at a time: a call made while another is in
// flight is refused with an InvalidStateError, so the card kit's queueing is really exercised.
// Errors carry `responseCode` like SmartCardError ('no-smartcard', 'removed-card', ...).

import * as wasm from '../../pkg/card/myna_card.js';
import { initCard } from '../card.js';

/** A SmartCardError look-alike. */
function smartCardError(responseCode) {
  const e = new DOMException(`Smart card operation failed: ${responseCode}`, 'SmartCardError');
  Object.defineProperty(e, 'responseCode', { value: responseCode, enumerable: true });
  return e;
}

/** Let other tasks run, as a real PC/SC round trip would. */
function tick() {
  return new Promise((resolve) => { setTimeout(resolve, 0); });
}

/** What the fake saw: every call in order, and the most operations ever in flight at once. */
function newLog() {
  return { calls: [], transmits: 0, inFlight: 0, maxInFlight: 0, refusedOverlaps: 0 };
}

class FakeContext {
  constructor(reader, log) {
    this._reader = reader;
    this._log = log;
    this._busy = false;
  }

  /** Run `fn` as this context's one operation (an overlapping call is refused). */
  async _op(name, fn) {
    if (this._busy) {
      this._log.refusedOverlaps += 1;
      throw new DOMException('An operation is already in progress.', 'InvalidStateError');
    }
    this._busy = true;
    this._log.inFlight += 1;
    this._log.maxInFlight = Math.max(this._log.maxInFlight, this._log.inFlight);
    this._log.calls.push(name);
    try {
      await tick();
      return await fn();
    } finally {
      this._log.inFlight -= 1;
      this._busy = false;
    }
  }

  listReaders() {
    return this._op('listReaders', async () => [this._reader.name]);
  }

  connect(readerName, accessMode, options = {}) {
    return this._op('connect', async () => {
      this._log.connectOptions = { readerName, accessMode, preferredProtocols: options.preferredProtocols };
      if (readerName !== this._reader.name) throw smartCardError('unknown-reader');
      if (!this._reader.present) throw smartCardError('no-smartcard');
      const protocols = options.preferredProtocols ?? [];
      const activeProtocol = protocols.includes('t1') ? 't1' : protocols.includes('t0') ? 't0' : undefined;
      if (accessMode !== 'direct' && activeProtocol === undefined) throw smartCardError('proto-mismatch');
      return { connection: new FakeConnection(this, this._reader), activeProtocol };
    });
  }
}

class FakeConnection {
  constructor(context, reader) {
    this._context = context;
    this._reader = reader;
    this._open = true;
  }

  transmit(sendBuffer) {
    return this._context._op('transmit', async () => {
      if (!this._open) throw new DOMException('The connection is closed.', 'InvalidStateError');
      const apdu = sendBuffer instanceof Uint8Array ? sendBuffer : new Uint8Array(sendBuffer.buffer ?? sendBuffer);
      this._context._log.transmits += 1;
      const response = this._reader.present ? this._reader.card.transmit(apdu) : new Uint8Array();
      if (response.length === 0) {
        this._open = false;
        throw smartCardError('removed-card');
      }
      return response.slice().buffer;
    });
  }

  disconnect(disposition = 'leave') {
    return this._context._op(`disconnect:${disposition}`, async () => { this._open = false; });
  }
}

/**
 * A `navigator.smartCard` look-alike with one reader holding `card` (a handle from
 * `createVirtualCard()`, a fresh virtual card by default). Returns `{ smartCard, card, reader,
 * log }`; `reader.present = false` takes the card away.
 */
export async function createFakeSmartCard({ card, readerName = 'Simulated PC/SC Reader 00 00' } = {}) {
  await initCard();
  const virtualCard = card ?? new wasm.VirtualCard();
  const reader = { name: readerName, present: true, card: virtualCard.raw ?? virtualCard };
  const log = newLog();
  const smartCard = {
    async establishContext() {
      log.calls.push('establishContext');
      return new FakeContext(reader, log);
    },
  };
  return { smartCard, card: virtualCard, reader, log };
}

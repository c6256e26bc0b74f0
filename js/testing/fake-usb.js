// A fake `navigator.usb` for tests and the demo: its one device is the simulated Sony RC-S380
// of the card wasm module (src/sim, the device side of Port-100 with a virtual My Number Card in
// its field) or, with `reader: 'ccid'`, a simulated CCID reader (APDU or T=1 TPDU level) holding
// that card, dressed as a WebUSB `USBDevice`. The card kit's real WebUSB code path (open,
// selectConfiguration, claimInterface, transferOut / transferIn on the endpoints found in the
// configuration, and for CCID the GET_DESCRIPTOR control transfer) runs against it unchanged. Like Chromium, `requestDevice` only returns a device
// that matches one of the filters, and claiming a CCID (class 0x0B) interface is refused with a
// SecurityError unless `isolated` says the page is an Isolated Web App.

import * as wasm from '../../pkg/card/myna_card.js';
import { initCard } from '../card.js';

function domError(name, message) {
  return new DOMException(message, name);
}

function endpoint(endpointNumber, direction, packetSize, type = 'bulk') {
  return Object.freeze({ endpointNumber, direction, type, packetSize });
}

/** Standard GET_DESCRIPTOR of configuration 0, device recipient. */
function isGetConfigurationDescriptor(setup) {
  return setup?.requestType === 'standard' && setup.recipient === 'device'
    && setup.request === 6 && setup.value === 0x0200;
}

/** A `USBDevice` look-alike around a `SimUsbDevice`; counts the transfers it carried. */
class FakeUsbDevice {
  constructor(sim, { isolated = false } = {}) {
    const d = sim.descriptor();
    this._sim = sim;
    this._desc = d;
    this._isolated = isolated;
    this._claimed = false;
    this.transfers = { out: 0, in: 0, zeroLength: 0 };
    /** Every control transfer: `{ setup, length }`. */
    this.controlTransfers = [];
    this.vendorId = d.vendorId;
    this.productId = d.productId;
    this.productName = d.productName;
    this.manufacturerName = 'Sony (simulated)';
    this.serialNumber = null;
    this.opened = false;
    const alternate = Object.freeze({
      alternateSetting: 0,
      interfaceClass: d.interfaceClass,
      interfaceSubclass: 0,
      interfaceProtocol: 0,
      interfaceName: null,
      endpoints: [
        // A CCID reader's interrupt IN (slot change notices) comes first: bulk ones are picked.
        ...(d.endpointInterrupt === undefined ? [] : [endpoint(d.endpointInterrupt, 'in', 8, 'interrupt')]),
        endpoint(d.endpointIn, 'in', d.packetSize), endpoint(d.endpointOut, 'out', d.packetSize)],
    });
    const self = this;
    this._interface = {
      interfaceNumber: d.interfaceNumber,
      alternate,
      alternates: [alternate],
      get claimed() { return self._claimed; },
    };
    this._config = Object.freeze({ configurationValue: 1, configurationName: null, interfaces: [this._interface] });
    this.configurations = [this._config];
    this.configuration = null;
  }

  /** The simulated device's own counters (sends, receives, zero-length packets, RF exchanges). */
  deviceStats() {
    return this._sim.stats();
  }

  /** Take the card off the reader (`false`) or put it back (`true`). */
  setCardPresent(present) {
    this._sim.setCardPresent(present);
  }

  async open() { this.opened = true; }

  async close() {
    this.opened = false;
    this._claimed = false;
  }

  async selectConfiguration(value) {
    if (!this.opened) throw domError('InvalidStateError', 'The device must be opened first.');
    if (value !== 1) throw domError('NotFoundError', 'The configuration value provided is not supported by the device.');
    this.configuration = this._config;
  }

  async claimInterface(number) {
    if (!this.opened || !this.configuration) throw domError('InvalidStateError', 'The device must be opened first.');
    if (number !== this._desc.interfaceNumber) throw domError('NotFoundError', 'The interface number provided is not supported by the device in its current configuration.');
    if (this._desc.interfaceClass === 0x0b && !this._isolated) {
      throw domError('SecurityError', 'The requested interface implements a protected class.');
    }
    this._claimed = true;
  }

  async releaseInterface() { this._claimed = false; }

  /** Only the standard GET_DESCRIPTOR(configuration) is answered; anything else stalls. */
  async controlTransferIn(setup, length) {
    if (!this.opened) throw domError('InvalidStateError', 'The device must be opened first.');
    this.controlTransfers.push({ setup: { ...setup }, length });
    if (!isGetConfigurationDescriptor(setup) || typeof this._sim.configurationDescriptor !== 'function') {
      return { status: 'stall' };
    }
    const all = this._sim.configurationDescriptor();
    const bytes = all.slice(0, Math.min(length, all.length));
    return { status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  _check(endpointNumber, direction) {
    if (!this._claimed) throw domError('InvalidStateError', 'The specified endpoint is not part of a claimed and selected alternate interface.');
    const ok = this._interface.alternate.endpoints.some(
      (e) => e.endpointNumber === endpointNumber && e.direction === direction,
    );
    if (!ok) throw domError('NotFoundError', 'The specified endpoint number is out of range.');
  }

  async transferOut(endpointNumber, data) {
    this._check(endpointNumber, 'out');
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer ?? data);
    this.transfers.out += 1;
    if (bytes.length === 0) this.transfers.zeroLength += 1;
    try {
      this._sim.transferOut(endpointNumber, bytes);
    } catch {
      return { status: 'stall', bytesWritten: 0 };
    }
    return { status: 'ok', bytesWritten: bytes.length };
  }

  async transferIn(endpointNumber, length) {
    this._check(endpointNumber, 'in');
    this.transfers.in += 1;
    let bytes;
    try {
      bytes = this._sim.transferIn(endpointNumber, length);
    } catch {
      // A real reader would simply not answer; a test must not hang, so the transfer fails.
      throw domError('NetworkError', 'A transfer error has occurred.');
    }
    return { status: 'ok', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
}

function matchesFilter(device, f) {
  if (f.vendorId !== undefined && f.vendorId !== device.vendorId) return false;
  if (f.productId !== undefined && f.productId !== device.productId) return false;
  if (f.classCode !== undefined
    && !device.configurations[0].interfaces.some((i) => i.alternate.interfaceClass === f.classCode)) {
    return false;
  }
  return true;
}

/** The simulated device for `reader` ('rcs380' or 'ccid'). */
function simulatedDevice(rawCard, { reader = 'rcs380', level = 'extended', maxMessageLength = 271, ifsc = 32, interfaceClass = 0x0b }) {
  if (reader === 'ccid') return new wasm.SimCcidDevice(rawCard, level, maxMessageLength, ifsc, interfaceClass);
  if (reader === 'rcs380') return wasm.SimUsbDevice.rcs380(rawCard);
  throw new TypeError("reader must be 'rcs380' or 'ccid'");
}

/**
 * A `navigator.usb` look-alike with one simulated reader. `card`: a handle from
 * `createVirtualCard()` (a fresh one by default). `reader`: 'rcs380' (default) or 'ccid', the
 * latter with `level` ('extended' | 'short' | 'tpdu'), `maxMessageLength` (dwMaxCCIDMessageLength),
 * `ifsc` (the T=1 card's IFSC) and `interfaceClass` (0x0b, or 0xff for a vendor interface that
 * speaks CCID). Returns `{ usb, device, card }`.
 */
export async function createFakeUsb({ card, isolated = false, ...reader } = {}) {
  await initCard();
  const virtualCard = card ?? new wasm.VirtualCard();
  const sim = simulatedDevice(virtualCard.raw ?? virtualCard, reader);
  const device = new FakeUsbDevice(sim, { isolated });
  const granted = new Set();
  const usb = {
    requestLog: [],
    async requestDevice({ filters } = {}) {
      if (!Array.isArray(filters)) throw new TypeError("Failed to execute 'requestDevice' on 'USB': filters required");
      usb.requestLog.push(filters);
      if (!filters.some((f) => matchesFilter(device, f))) {
        throw domError('NotFoundError', 'No device selected.');
      }
      granted.add(device);
      return device;
    },
    async getDevices() { return [...granted]; },
    addEventListener() {},
    removeEventListener() {},
    onconnect: null,
    ondisconnect: null,
  };
  return { usb, device, card: virtualCard };
}

/** Make `navigator.usb` the fake (on `Navigator.prototype`, as a test init script does). */
export function installFakeUsb(usb, g = globalThis) {
  Object.defineProperty(g.Navigator.prototype, 'usb', { configurable: true, get: () => usb });
}

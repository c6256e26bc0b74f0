// The shared JS layer: one lazy, race-free initialisation and thin input normalisation.
// Each runtime entry (index.js, node.js, workerd.js) supplies where the .wasm comes from.
// No verification logic lives here: every decision is made in Rust.

import wbgInit, * as wasm from '../pkg/myna_verify.js';

/**
 * Build the public API around `defaultSource`, an async function returning what the loader
 * accepts (a URL, a Response, bytes or a WebAssembly.Module) when `init()` gets no argument.
 */
export function createSdk(defaultSource) {
  let ready = null;

  /** Load the module once; every caller (explicit or lazy) shares the same promise. */
  function init(input) {
    if (ready === null) {
      ready = (async () => {
        const source = input === undefined ? await defaultSource() : await input;
        await wbgInit({ module_or_path: source });
      })();
      // A failed load (network, missing file) may be retried by the next call.
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  }

  /** Synchronous initialisation from a WebAssembly.Module or the module's bytes. */
  function initSync(module) {
    wasm.initSync({ module });
    ready = Promise.resolve();
  }

  async function verifySignature(args) {
    await init();
    return wasm.verifySignature(mapObject(args, (a) => ({
      spki: bytes(a.spki),
      algorithm: a.algorithm,
      message: bytes(a.message),
      signature: bytes(a.signature),
    })));
  }

  async function inspectCertificate(derOrPem) {
    await init();
    return wasm.inspectCertificate(certificate(derOrPem));
  }

  async function verifyCertificate(args) {
    await init();
    return wasm.verifyCertificate(mapObject(args, (a) => ({
      ...a,
      certificate: certificate(a.certificate),
      intermediates: intermediates(a.intermediates),
      time: time(a.time),
    })));
  }

  async function version() {
    await init();
    return wasm.version();
  }

  return { init, initSync, verifySignature, inspectCertificate, verifyCertificate, version };
}

/** Apply `fn` to a plain options object; anything else goes through for Rust to reject. */
function mapObject(args, fn) {
  return args !== null && typeof args === 'object' ? fn(args) : args;
}

/** ArrayBuffer / typed array / DataView → Uint8Array; anything else unchanged. */
function bytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

/** A PEM string passes as is; binary forms become a Uint8Array (DER or PEM bytes). */
function certificate(value) {
  return typeof value === 'string' ? value : bytes(value);
}

function intermediates(value) {
  return Array.isArray(value) ? value.map(certificate) : value;
}

/** Absent → now (the Rust core never reads a clock); Date → epoch ms; others unchanged. */
function time(value) {
  if (value === undefined || value === null) return Date.now();
  if (value instanceof Date) return value.getTime();
  return value;
}

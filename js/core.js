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

  async function verifyToken(args) {
    await init();
    return wasm.verifyToken(mapObject(args, (a) => ({
      ...a,
      token: tokenText(a.token),
      time: time(a.time),
    })));
  }

  async function issueChallenge(args = {}) {
    await init();
    const challenge = wasm.issueChallenge(mapObject(args, (a) => ({
      ...a,
      random: randomBytes(),
      time: time(a.time),
    })));
    rememberIn(args?.store, challenge);
    return challenge;
  }

  async function issueSealedChallenge(args) {
    await init();
    const challenge = wasm.issueSealedChallenge(mapObject(args, (a) => ({
      ...a,
      secret: secret(a.secret),
      random: randomBytes(),
      time: time(a.time),
    })));
    rememberIn(args?.store, challenge);
    return challenge;
  }

  async function openSealedChallenge(args) {
    await init();
    return wasm.openSealedChallenge(mapObject(args, (a) => ({
      ...a,
      secret: secret(a.secret),
      time: time(a.time),
    })));
  }

  async function verifyCms(cms, options = {}) {
    await init();
    return wasm.verifyCms(mapObject(options, (o) => ({
      ...o,
      cms: bytes(cms),
      content: o.content === undefined || o.content === null ? o.content : bytes(o.content),
      time: time(o.time),
    })));
  }

  async function verifyJws(jws, options = {}) {
    await init();
    return wasm.verifyJws(mapObject(options, (o) => ({
      ...o,
      jws,
      keys: keySet(o.keys),
      time: time(o.time),
    })));
  }

  return {
    init,
    initSync,
    verifySignature,
    inspectCertificate,
    verifyCertificate,
    version,
    verifyToken,
    issueChallenge,
    issueSealedChallenge,
    openSealedChallenge,
    verifyCms,
    verifyJws,
  };
}

/**
 * An in-memory nonce store for one process (tests, single-instance servers): `remember` at
 * issue (or pass it as `store` to `issueChallenge`), `consume` once in `verifyToken`. At most
 * `capacity` live nonces; expired ones are dropped when it is full.
 */
export function createMemoryNonceStore({ capacity = 10000 } = {}) {
  const live = new Map(); // nonce → { expiresAt: epoch ms of the last accepted second, used }
  return {
    remember(nonce, expiresAt) {
      if (typeof nonce !== 'string') throw new TypeError('nonce must be a string');
      const until = toMillis(expiresAt);
      if (!Number.isFinite(until)) throw new TypeError('expiresAt must be a date');
      if (live.size >= capacity) {
        const now = Date.now();
        for (const [n, e] of live) if (e.expiresAt < now || e.used) live.delete(n);
      }
      if (live.size >= capacity) throw new RangeError('nonce store is full');
      live.set(nonce, { expiresAt: until, used: false });
    },
    consume(nonce, timeMs = Date.now()) {
      const entry = live.get(nonce);
      if (entry === undefined) return 'NONCE_NOT_FOUND';
      if (entry.used) return 'NONCE_REPLAYED';
      // expiresAt is the last accepted second: expired once the clock passes its end.
      if (Math.floor(timeMs / 1000) * 1000 > entry.expiresAt) return 'NONCE_EXPIRED';
      entry.used = true;
      return true;
    },
    get size() {
      return live.size;
    },
  };
}

/** Give a new challenge to a caller's store (`remember(nonce, expiresAt)`), when there is one. */
function rememberIn(store, challenge) {
  if (store !== undefined && store !== null) store.remember(challenge.nonce, challenge.expiresAt);
}

/** Date, RFC 3339 string or epoch ms → epoch ms. */
function toMillis(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return Date.parse(value);
  return value;
}

/** 32 bytes from the platform's CSPRNG (browsers, Node ≥ 20, workerd). */
function randomBytes() {
  const out = new Uint8Array(32);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** A token object is sent as its JSON text; strings and anything else go through unchanged. */
function tokenText(value) {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}

/** A secret string passes as is (Rust takes its UTF-8); binary forms become a Uint8Array. */
function secret(value) {
  return typeof value === 'string' ? value : bytes(value);
}

/** A JWK Set object becomes its JSON text; an SPKI in binary form becomes a Uint8Array. */
function keySet(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return bytes(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
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

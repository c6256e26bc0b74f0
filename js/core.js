// The shared JS layer: one lazy, race-free initialisation per module and thin input
// normalisation. Each runtime entry (index.js, node.js, workerd.js) supplies where the two
// verifier modules come from:
//   core  pkg/core/myna_verify_core_bg.wasm  tokens, certificates, JWS, challenges, operator
//         verdicts; loaded by the first call
//   full  pkg/myna_verify_bg.wasm             the core plus CRL, OCSP and CMS; loaded the first
//         time a call needs it (verifyCms, buildOcspRequest, CrlIndex, verifyToken with
//         revocationEvidence.crls or .ocsp), and used for every call from then on
// Both are built from the same Rust source, so a call answers alike in either. No verification
// logic lives here: every decision is made in Rust.

import coreInit, * as coreWasm from '../pkg/core/myna_verify_core.js';
import fullInit, * as fullWasm from '../pkg/myna_verify.js';
import { MAX_SECONDS, MIN_SECONDS, rfc3339 } from './rfc3339.js';

/**
 * Which modules are instantiated (module-global, as the generated loaders are: every SDK object
 * of this package shares them).
 */
const loaded = { core: false, full: false };

/** An export only the full module has: a compiled module listing it is the full one. */
const FULL_ONLY_EXPORT = 'crlindex_new';

/** Whether a compiled verifier module is the full one. */
function isFull(module) {
  return WebAssembly.Module.exports(module).some((e) => e.name === FULL_ONLY_EXPORT);
}

/** Each JS `CrlIndex` → its wasm object in the full module (absent once freed). */
const RAW_INDEX = new WeakMap();

/**
 * Build the public API around `sources.core` and `sources.full`, async functions returning what
 * `init()` accepts (a URL, a Response, bytes or a WebAssembly.Module) for each module, and
 * optionally `sources.digest(hash, bytes)`: a synchronous SHA-2 (`hash` 'SHA-256', 'SHA-384' or
 * 'SHA-512') that `CrlIndex.build` uses instead of WebCrypto.
 */
export function createSdk(sources) {
  let ready = null;
  let fullReady = null;

  /**
   * Load a verifier module once; every caller (explicit or lazy) shares the same promise.
   * Without `input` it is the core. With one, the module given is used whichever it is: pass the
   * full module to have a single module for everything (e.g. on workerd).
   */
  function init(input) {
    if (ready === null) {
      if (input === undefined && fullReady !== null) {
        ready = fullReady;
      } else {
        ready = (async () => {
          const module = await compiled(input === undefined ? await sources.core() : await input);
          const kind = isFull(module) ? 'full' : 'core';
          await instantiate(kind, module);
          if (kind === 'full') fullReady = ready;
        })();
      }
      // A failed load (network, missing file) may be retried by the next call.
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  }

  /** Load the full module (CRL, OCSP, CMS) once, from `input` or the entry's default place. */
  function initFull(input) {
    if (fullReady === null) {
      fullReady = loaded.full ? Promise.resolve() : (async () => {
        const module = await compiled(input === undefined ? await sources.full() : await input);
        if (!isFull(module)) {
          throw misuse(
            'initFull() needs the full module, pkg/myna_verify_bg.wasm',
            'initFull() には完全版モジュール pkg/myna_verify_bg.wasm が必要です',
          );
        }
        await instantiate('full', module);
      })();
      fullReady.catch(() => {
        fullReady = null;
      });
    }
    return fullReady;
  }

  /** Synchronous initialisation from a WebAssembly.Module or a module's bytes (either one). */
  function initSync(module) {
    const compiledModule = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
    const full = isFull(compiledModule);
    (full ? fullWasm : coreWasm).initSync({ module: compiledModule });
    loaded[full ? 'full' : 'core'] = true;
    ready = Promise.resolve();
    if (full) fullReady = ready;
  }

  /** The module for a call: the full one once it is loaded (its CrlIndex objects live there). */
  async function verifier() {
    if (!loaded.full) await init();
    return loaded.full ? fullWasm : coreWasm;
  }

  async function full() {
    await initFull();
    return fullWasm;
  }

  /** Which verifier modules this process has instantiated so far. */
  function loadedModules() {
    return { ...loaded };
  }

  async function verifySignature(args) {
    const wasm = await verifier();
    return wasm.verifySignature(mapObject(args, (a) => ({
      spki: bytes(a.spki),
      algorithm: a.algorithm,
      message: bytes(a.message),
      signature: bytes(a.signature),
    })));
  }

  async function inspectCertificate(derOrPem) {
    const wasm = await verifier();
    return wasm.inspectCertificate(certificate(derOrPem));
  }

  async function verifyCertificate(args) {
    const wasm = await verifier();
    return wasm.verifyCertificate(mapObject(args, (a) => ({
      ...a,
      certificate: certificate(a.certificate),
      intermediates: intermediates(a.intermediates),
      time: time(a.time),
    })));
  }

  async function version() {
    const wasm = await verifier();
    return wasm.version();
  }

  async function verifyToken(args) {
    const wasm = needsCrlOrOcsp(args) ? await full() : await verifier();
    return wasm.verifyToken(mapObject(args, (a) => ({
      ...a,
      token: tokenInput(a.token),
      time: time(a.time),
      revocationEvidence: revocationEvidence(a.revocationEvidence),
    })));
  }

  /**
   * A CRL verified against its issuer and indexed once; pass it in
   * `revocationEvidence.crls` to any number of `verifyToken` calls. It lives in the full
   * module: `new CrlIndex(...)` needs it loaded (`await initFull()`, or any earlier call that
   * loaded it); `await CrlIndex.build(...)` loads it first.
   */
  class CrlIndex {
    constructor(crlDer, issuerCert, digest = undefined) {
      if (!loaded.full) {
        throw misuse(
          'call await initFull() before new CrlIndex(), or use await CrlIndex.build()',
          'new CrlIndex() の前に await initFull() を呼ぶか、await CrlIndex.build() を使ってください',
        );
      }
      // `digest` is passed only by build() below (a third argument from anyone else is ignored).
      const tbsDigest = digest instanceof TbsDigest ? digest.value : undefined;
      RAW_INDEX.set(this, new fullWasm.CrlIndex(bytes(crlDer), certificate(issuerCert), tbsDigest));
    }

    /**
     * Loads the module, hashes the CRL's signed part with the entry's own hash (node:crypto) or
     * WebCrypto where there is one (in wasm that hashing is most of the cost of a large CRL),
     * then builds the index; without either the wasm hashes it, with the same result.
     */
    static async build(crlDer, issuerCert) {
      const wasm = await full();
      const der = bytes(crlDer);
      return new CrlIndex(der, issuerCert, await tbsDigest(wasm, der, sources.digest));
    }

    /** `null` when the serial (hex text or bytes) is not listed, else `{ revokedAt, reason }`. */
    lookup(serial) {
      const raw = live(this);
      if (typeof serial === 'string') return raw.lookup(serial);
      const serialBytes = bytes(serial);
      if (!(serialBytes instanceof Uint8Array)) return raw.lookup(serialBytes);
      const code = serialBytes.length <= 12 ? lookupSmall(raw, serialBytes) : raw.lookupCode(serialBytes);
      if (Number.isNaN(code)) return null;
      const reason = ((code % 16) + 16) % 16;
      const seconds = (code - reason) / 16;
      // Years 0000..9999 are formatted here; anything else takes the slow path.
      if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return raw.lookup(serialBytes);
      return { revokedAt: rfc3339(seconds), reason: REASON_NAMES[reason] ?? null };
    }

    get size() {
      return live(this).size;
    }

    get memoryBytes() {
      return live(this).memoryBytes;
    }

    get thisUpdate() {
      return live(this).thisUpdate;
    }

    get nextUpdate() {
      return live(this).nextUpdate;
    }

    /** Release the index now (otherwise it goes with the garbage collector). */
    free() {
      const raw = RAW_INDEX.get(this);
      RAW_INDEX.delete(this);
      raw?.free();
    }
  }

  async function buildOcspRequest(args) {
    const wasm = await full();
    return wasm.buildOcspRequest(mapObject(args, (a) => ({
      ...a,
      certificate: certificate(a.certificate),
      issuer: certificate(a.issuer),
      nonce: optionalBytes(a.nonce),
    })));
  }

  /** `crls` items: a CrlIndex becomes its handle (0 once freed); others `{ crl, issuer }`. */
  function revocationEvidence(value) {
    if (Array.isArray(value)) return value;
    return mapObject(value, (ev) => ({
      ...ev,
      crls: Array.isArray(ev.crls) ? ev.crls.map(crlEvidence) : ev.crls,
      ocsp: Array.isArray(ev.ocsp)
        ? ev.ocsp.map((o) => mapObject(o, (x) => ({
          response: bytes(x.response),
          issuer: certificate(x.issuer),
          nonce: optionalBytes(x.nonce),
        })))
        : ev.ocsp,
    }));
  }

  function crlEvidence(item) {
    if (item instanceof CrlIndex) return { index: RAW_INDEX.get(item)?.handle ?? 0 };
    return mapObject(item, (c) => ({ crl: bytes(c.crl), issuer: certificate(c.issuer) }));
  }

  async function issueChallenge(args = {}) {
    const wasm = await verifier();
    const challenge = wasm.issueChallenge(mapObject(args, (a) => ({
      ...a,
      random: randomBytes(),
      time: time(a.time),
    })));
    rememberIn(args?.store, challenge);
    return challenge;
  }

  async function issueSealedChallenge(args) {
    const wasm = await verifier();
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
    const wasm = await verifier();
    return wasm.openSealedChallenge(mapObject(args, (a) => ({
      ...a,
      secret: secret(a.secret),
      time: time(a.time),
    })));
  }

  async function verifyCms(cms, options = {}) {
    const wasm = await full();
    return wasm.verifyCms(mapObject(options, (o) => ({
      ...o,
      cms: bytes(cms),
      content: o.content === undefined || o.content === null ? o.content : bytes(o.content),
      time: time(o.time),
      revocationEvidence: revocationEvidence(o.revocationEvidence),
    })));
  }

  async function verifyJws(jws, options = {}) {
    const wasm = await verifier();
    return wasm.verifyJws(mapObject(options, (o) => ({
      ...o,
      jws,
      keys: keySet(o.keys),
      time: time(o.time),
    })));
  }

  return {
    init,
    initFull,
    initSync,
    loadedModules,
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
    CrlIndex,
    buildOcspRequest,
  };
}

/**
 * A serial of at most 12 bytes passed as three big-endian 32-bit words of its left-padded form
 * (no array crosses into the wasm, so nothing is allocated there per lookup).
 */
function lookupSmall(raw, serial) {
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  const pad = 12 - serial.length;
  for (let i = 0; i < serial.length; i += 1) {
    const at = pad + i;
    const value = serial[i] * BYTE_WEIGHT[at & 3];
    if (at < 4) w0 += value;
    else if (at < 8) w1 += value;
    else w2 += value;
  }
  return raw.lookupSmall(serial.length, w0, w1, w2);
}

/** The weight of each byte of a big-endian 32-bit word. */
const BYTE_WEIGHT = [0x1000000, 0x10000, 0x100, 1];

/** CRLReason names by code (RFC 5280 §5.3.1; 7 is unused, 15 is "no reasonCode"). */
const REASON_NAMES = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded',
  'cessationOfOperation', 'certificateHold', undefined, 'removeFromCRL', 'privilegeWithdrawn',
  'aACompromise',
];

/** A tbsCertList digest made by `tbsDigest` (so the constructor can tell it from user input). */
class TbsDigest {
  constructor(value) {
    this.value = value;
  }
}

/**
 * The digest of a CRL's tbsCertList, over the range and with the hash the wasm reads from the
 * CRL's first bytes: by `digestSync` when the entry has one (node:crypto hashes the range in
 * place, where WebCrypto first copies it: for a 40 MB CRL about 30 ms against 60 ms), else by
 * WebCrypto; `undefined` when there is neither (e.g. an insecure browser context), no plan, or
 * the hash fails, and the wasm then hashes.
 */
async function tbsDigest(raw, der, digestSync) {
  const subtle = globalThis.crypto?.subtle;
  if ((!digestSync && !subtle) || !(der instanceof Uint8Array)) return undefined;
  const plan = raw.crlTbsPlan(der.subarray(0, 512));
  if (plan === null || plan.end > der.length) return undefined;
  const range = der.subarray(plan.start, plan.end);
  try {
    const digest = digestSync ? digestSync(plan.hash, range) : await subtle.digest(plan.hash, range);
    return new TbsDigest(new Uint8Array(digest));
  } catch {
    return undefined;
  }
}

/** The wasm object of a live CrlIndex; a typed error once it has been freed. */
function live(index) {
  const raw = RAW_INDEX.get(index);
  if (raw === undefined) {
    throw misuse('this CrlIndex has been freed', 'この CrlIndex は解放済みです');
  }
  return raw;
}

/**
 * The SDK's typed misuse error (`INVALID_OPTIONS`), for the few checks made before the wasm
 * module can make it; the wording follows src/error.rs.
 */
function misuse(what, whatJa) {
  const e = new Error(`Invalid options: ${what}.`);
  e.name = 'MynaVerifyError';
  e.code = 'INVALID_OPTIONS';
  e.messageJa = `オプションが不正です：${whatJa}。`;
  return e;
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

/**
 * The token cap in UTF-8 bytes (src/assertion/token.rs `MAX_TOKEN_BYTES`). A text longer than
 * this in UTF-16 units is longer in UTF-8 bytes too.
 */
const TOKEN_CAP = 64 * 1024;
const UTF8 = new TextEncoder();

/**
 * A token object becomes its JSON text, and a text within the cap its UTF-8 bytes: the platform
 * encodes them faster than the glue's character loop, which a first call runs uncompiled. A
 * longer text, and anything that is not text, goes through unchanged for the wasm to refuse.
 */
function tokenInput(value) {
  const text = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  return typeof text === 'string' && text.length <= TOKEN_CAP ? UTF8.encode(text) : text;
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

/**
 * Whether a `verifyToken` call carries CRL or OCSP evidence, which only the full module reads
 * (anything given there, even if malformed: the full module then says what is wrong with it).
 */
function needsCrlOrOcsp(args) {
  const evidence = args !== null && typeof args === 'object' ? args.revocationEvidence : undefined;
  if (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence)) return false;
  return (evidence.crls !== undefined && evidence.crls !== null)
    || (evidence.ocsp !== undefined && evidence.ocsp !== null);
}

/** A WebAssembly.Module from what `init` accepts: a module, bytes, a URL or a Response. */
async function compiled(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const response = await (typeof Response === 'function' && source instanceof Response ? source : fetch(source));
  if (!response.ok) throw new Error(`fetching the wasm module failed: HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** Instantiate a compiled verifier module with its generated loader. */
async function instantiate(kind, module) {
  const glue = kind === 'full' ? fullWasm : coreWasm;
  if ('document' in globalThis) {
    await (kind === 'full' ? fullInit : coreInit)({ module_or_path: module });
  } else {
    // Node, workers, workerd: instantiating a compiled module synchronously is allowed and far
    // cheaper than the async path (no extra turns).
    glue.initSync({ module });
  }
  loaded[kind] = true;
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

/** Absent stays absent; binary forms become a Uint8Array. */
function optionalBytes(value) {
  return value === undefined || value === null ? value : bytes(value);
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

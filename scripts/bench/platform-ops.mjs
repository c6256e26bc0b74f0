// The jobs measured inside a browser page and inside a workerd worker (no Node APIs here): the
// token and RS256 verification in myna-verify's wasm, and RS256 through the platform's
// WebCrypto, the async alternative for the RSA step.

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** The bench inputs as JSON-safe text (binary parts in base64), for a page or a request body. */
export function encodeInputs(inp) {
  const b64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  return {
    origin: inp.origin,
    nonce: inp.nonce,
    timeMs: inp.timeMs,
    token: inp.token,
    spki: b64(inp.spki),
    signedData: b64(inp.signedData),
    signature: b64(inp.signature),
  };
}

/** The inverse of `encodeInputs`. */
function decodeInputs(wire) {
  const bytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return {
    ...wire,
    spki: bytes(wire.spki),
    signedData: bytes(wire.signedData),
    signature: bytes(wire.signature),
  };
}

/**
 * Each job as an async function that resolves `true` when the verification succeeded.
 * `rsaWebCrypto` imports the key on every call, as the wasm job reads the SPKI on every call;
 * `rsaWebCryptoKeyOnce` is WebCrypto's best case, the key imported once.
 */
export async function makeOps(sdk, wire) {
  const inp = decodeInputs(wire);
  const subtle = globalThis.crypto.subtle;
  const once = await subtle.importKey('spki', inp.spki, RSA, false, ['verify']);
  return {
    token: async () => (await sdk.verifyToken({
      origin: inp.origin, nonce: inp.nonce, time: inp.timeMs, trust: 'jpki-test', token: inp.token,
    })).ok,
    rsaWasm: async () => sdk.verifySignature({
      spki: inp.spki, algorithm: 'RS256', message: inp.signedData, signature: inp.signature,
    }),
    rsaWebCrypto: async () => {
      const key = await subtle.importKey('spki', inp.spki, RSA, false, ['verify']);
      return subtle.verify(RSA, key, inp.signature, inp.signedData);
    },
    rsaWebCryptoKeyOnce: async () => subtle.verify(RSA, once, inp.signature, inp.signedData),
  };
}

/** Run `op` `n` times in a row; throws if one verification fails. */
export async function runBatch(op, n) {
  for (let i = 0; i < n; i += 1) {
    if ((await op()) !== true) throw new Error('a measured verification failed');
  }
  return true;
}

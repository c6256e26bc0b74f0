// The employer's badge signer: an ES256 (P-256) key pair generated with WebCrypto when the
// server starts (never stored, never sent), compact JWS badges and the public JWKS the gate
// page verifies them with. WebCrypto only, so the same code runs in Node and in workerd.

const enc = new TextEncoder();

/** base64url of bytes or of a string's UTF-8. */
export function base64url(data) {
  const bytes = typeof data === 'string' ? enc.encode(data) : new Uint8Array(data);
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** RFC 7638 thumbprint of a P-256 public JWK: the key id. */
async function thumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return base64url(await crypto.subtle.digest('SHA-256', enc.encode(canonical)));
}

/**
 * A fresh employer key. `sign(payload)` → compact JWS (ES256, typ JWT, kid); `jwks` → the
 * public key set `{ keys: [...] }` for verifiers.
 */
export async function createBadgeSigner() {
  const pair = await crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'],
  );
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const kid = await thumbprint({ kty, crv, x, y });
  const jwks = { keys: [{ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }] };
  return {
    kid,
    jwks,
    async sign(payload) {
      const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
      const body = base64url(JSON.stringify(payload));
      // WebCrypto's ECDSA signature is r ‖ s (IEEE P1363), which is what JWS ES256 wants.
      const sig = await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, enc.encode(`${header}.${body}`),
      );
      return `${header}.${body}.${base64url(sig)}`;
    },
  };
}

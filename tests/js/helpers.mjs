// Shared helpers of the Node tests (not a test file itself).

import assert from 'node:assert/strict';
import { createHash, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Repository file as text. */
export function repoText(relPath) {
  return readFileSync(new URL(`../../${relPath}`, import.meta.url), 'utf8');
}

/** The DER inside the first PEM block of `pem`. */
export function pemToDer(pem) {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * Assert that `promise` rejects with the SDK's typed error: a JS Error named MynaVerifyError
 * with the given stable `code`, an English `message` and a Japanese `messageJa`.
 */
export async function assertTypedError(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error instance');
    assert.equal(e.name, 'MynaVerifyError');
    assert.equal(e.code, code, `code (message: ${e.message})`);
    assert.ok(e.message.length > 0);
    assert.match(e.messageJa, /[\u3040-\u30ff\u4e00-\u9fff]/, 'messageJa is Japanese');
    return true;
  });
}

/** A copy of `bytes` with one bit flipped at `index` (negative counts from the end). */
export function flipBit(bytes, index) {
  const out = new Uint8Array(bytes);
  const i = index < 0 ? out.length + index : index;
  out[i] ^= 0x01;
  return out;
}

/**
 * A web-eid:1.0 token over `origin` and `nonce`, signed with node:crypto as the card would: the
 * TEST `kind` ('auth' or 'sign') key signs SHA-256(origin) ‖ SHA-256(nonce) with
 * RSASSA-PKCS1-v1_5. Fields of `overrides` replace (or add to) the token's.
 */
export function webEidToken(origin, nonce, overrides = {}, kind = 'auth') {
  const key = repoText(`tests/data/jpki/keys/test_${kind}_ee.key.pem`);
  const cert = repoText(`tests/data/jpki/testpki/test_${kind}_ee.pem`);
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest();
  return {
    unverifiedCertificate: Buffer.from(pemToDer(cert)).toString('base64'),
    algorithm: 'RS256',
    signature: sign('sha256', Buffer.concat([sha256(origin), sha256(nonce)]), key).toString('base64'),
    format: 'web-eid:1.0',
    appVersion: 'https://example.test/node-test/1.0',
    ...overrides,
  };
}

/** Assert a `{ ok: false, error }` result with the stable `code` and a Japanese `messageJa`. */
export function assertFailure(result, code) {
  assert.equal(result.ok, false, `expected ${code}, got ok`);
  assert.equal(result.error.code, code, result.error.message);
  assert.match(result.error.messageJa, /[\u3040-\u30ff\u4e00-\u9fff]/);
}

// Shared helpers of the Node tests (not a test file itself).

import assert from 'node:assert/strict';
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

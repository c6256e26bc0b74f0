// verifySignature through the package entry, against signatures made here with node:crypto.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { verifySignature } from 'myna-verify';
import { assertTypedError, flipBit } from './helpers.mjs';

const message = new TextEncoder().encode('myna-verify: challenge 0123456789');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });

function spkiOf(pair) {
  return new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
}

/** [algorithm, key pair, node hash, sign options] for each case that must verify. */
const cases = [
  ['RS256', rsa, 'sha256', {}],
  ['RS384', rsa, 'sha384', {}],
  ['RS512', rsa, 'sha512', {}],
  ['PS256', rsa, 'sha256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }],
  ['PS512', rsa, 'sha512', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }],
  ['ES256', p256, 'sha256', { dsaEncoding: 'ieee-p1363' }],
  ['ES384', p384, 'sha384', { dsaEncoding: 'ieee-p1363' }],
  ['1.2.840.10045.4.3.2', p256, 'sha256', { dsaEncoding: 'der' }],
  ['1.2.840.10045.4.3.3', p384, 'sha384', { dsaEncoding: 'der' }],
  ['1.2.840.113549.1.1.11', rsa, 'sha256', {}],
];

for (const [algorithm, pair, hash, opts] of cases) {
  test(`${algorithm}: a good signature verifies, a flipped bit does not`, async () => {
    const signature = new Uint8Array(sign(hash, message, { key: pair.privateKey, ...opts }));
    const spki = spkiOf(pair);
    assert.equal(await verifySignature({ spki, algorithm, message, signature }), true);
    assert.equal(
      await verifySignature({ spki, algorithm, message, signature: flipBit(signature, -1) }),
      false,
      'flipped signature bit',
    );
    assert.equal(
      await verifySignature({ spki, algorithm, message: flipBit(message, 0), signature }),
      false,
      'flipped message bit',
    );
  });
}

test('Node Buffers and ArrayBuffers are accepted as bytes', async () => {
  const signature = sign('sha256', message, rsa.privateKey);
  const spki = rsa.publicKey.export({ type: 'spki', format: 'der' });
  const copy = new Uint8Array(message).buffer;
  assert.equal(await verifySignature({ spki, algorithm: 'RS256', message: copy, signature }), true);
});

test('a signature by another key does not verify', async () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signature = sign('sha256', message, { key: other.privateKey, dsaEncoding: 'ieee-p1363' });
  assert.equal(
    await verifySignature({ spki: spkiOf(p256), algorithm: 'ES256', message, signature }),
    false,
  );
});

test('an unknown algorithm throws UNSUPPORTED_ALGORITHM', async () => {
  const args = { spki: spkiOf(rsa), message, signature: new Uint8Array(256) };
  await assertTypedError(verifySignature({ ...args, algorithm: 'HS256' }), 'UNSUPPORTED_ALGORITHM');
  await assertTypedError(verifySignature({ ...args, algorithm: 'none' }), 'UNSUPPORTED_ALGORITHM');
  await assertTypedError(verifySignature({ ...args, algorithm: '1.2.3.4' }), 'UNSUPPORTED_ALGORITHM');
});

test('SHA-1 is refused even with a valid signature', async () => {
  const signature = sign('sha1', message, rsa.privateKey);
  await assertTypedError(
    verifySignature({ spki: spkiOf(rsa), algorithm: '1.2.840.113549.1.1.5', message, signature }),
    'UNSUPPORTED_ALGORITHM',
  );
});

test('an algorithm that does not fit the key throws UNSUPPORTED_ALGORITHM', async () => {
  const signature = sign('sha256', message, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' });
  await assertTypedError(
    verifySignature({ spki: spkiOf(p256), algorithm: 'RS256', message, signature }),
    'UNSUPPORTED_ALGORITHM',
  );
});

test('a malformed key throws DER_MALFORMED / KEY_INVALID', async () => {
  const signature = new Uint8Array(64);
  await assertTypedError(
    verifySignature({ spki: new Uint8Array([1, 2, 3]), algorithm: 'ES256', message, signature }),
    'DER_MALFORMED',
  );
  // A well-formed SPKI whose P-256 point is not on the curve: flip the last bit of y.
  const offCurve = flipBit(spkiOf(p256), -1);
  await assertTypedError(
    verifySignature({ spki: offCurve, algorithm: 'ES256', message, signature }),
    'KEY_INVALID',
  );
});

test('wrong argument types throw INVALID_OPTIONS', async () => {
  const good = { spki: spkiOf(rsa), algorithm: 'RS256', message, signature: new Uint8Array(256) };
  await assertTypedError(verifySignature(undefined), 'INVALID_OPTIONS');
  await assertTypedError(verifySignature({ ...good, spki: 'not bytes' }), 'INVALID_OPTIONS');
  await assertTypedError(verifySignature({ ...good, message: [1, 2, 3] }), 'INVALID_OPTIONS');
  await assertTypedError(verifySignature({ ...good, signature: undefined }), 'INVALID_OPTIONS');
  await assertTypedError(verifySignature({ ...good, algorithm: 256 }), 'INVALID_OPTIONS');
});

test('oversized inputs throw INPUT_TOO_LARGE before any work', async () => {
  const good = { spki: spkiOf(rsa), algorithm: 'RS256', message, signature: new Uint8Array(256) };
  await assertTypedError(verifySignature({ ...good, spki: new Uint8Array(16 * 1024 + 1) }), 'INPUT_TOO_LARGE');
  await assertTypedError(verifySignature({ ...good, signature: new Uint8Array(4097) }), 'INPUT_TOO_LARGE');
  await assertTypedError(verifySignature({ ...good, algorithm: 'A'.repeat(65) }), 'INPUT_TOO_LARGE');
});

test('memory freed in wasm is reused: 64 verifications of a 4 MiB message do not grow the heap', async () => {
  // Each call copies the message into the module's heap and frees it afterwards, so an
  // allocator that never reused freed blocks would grow the memory by 4 MiB per call.
  const big = new Uint8Array(4 * 1024 * 1024).fill(0x61);
  const signature = new Uint8Array(sign('sha256', big, { key: rsa.privateKey }));
  const args = { spki: spkiOf(rsa), algorithm: 'RS256', message: big, signature };
  assert.equal(await verifySignature(args), true);
  // Node counts a wasm memory under `external`.
  const before = process.memoryUsage().external;
  for (let i = 0; i < 64; i++) assert.equal(await verifySignature(args), true);
  const grown = process.memoryUsage().external - before;
  assert.ok(grown < 32 * 1024 * 1024, `heap grew by ${grown} bytes`);
});

// Where CrlIndex.build hashes the CRL's signed part (tbsCertList): with the entry's synchronous
// digest when it has one (the Node entry: node:crypto), else with WebCrypto (browsers, workerd),
// else in the wasm. Each path is checked through an SDK made for it: the digest is computed once
// per build, with the plan's hash, over exactly the tbsCertList range; a digest of anything else
// fails the signature (so the digest is what is verified, not a side computation); a digest
// that throws leaves the hashing to the wasm, with the same index.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSdk } from '../../js/core.js';

const pkg = (path) => async () => new WebAssembly.Module(readFileSync(new URL(`../../pkg/${path}`, import.meta.url)));
const fixture = (name) => readFileSync(new URL(`../data/revocation/${name}`, import.meta.url));
const authRoot = readFileSync(new URL('../data/jpki/testpki/test_auth_root.pem', import.meta.url), 'utf8');
const HOLD = { revokedAt: '2026-10-15T00:00:00Z', reason: 'certificateHold' };

function sdkWith(digest) {
  return createSdk({ core: pkg('core/myna_verify_core_bg.wasm'), full: pkg('myna_verify_bg.wasm'), digest });
}

const nodeDigest = (hash, data) => createHash(hash.replace('-', '').toLowerCase()).update(data).digest();

/** The range of tbsCertList in a DER CRL: the outer SEQUENCE's first element. */
function tbsRange(der) {
  const header = (at) => {
    const first = der[at + 1];
    if (first < 0x80) return { len: first, head: 2 };
    let len = 0;
    for (let i = 0; i < (first & 0x7f); i += 1) len = len * 256 + der[at + 2 + i];
    return { len, head: 2 + (first & 0x7f) };
  };
  const start = header(0).head;
  const { len, head } = header(start);
  return [start, start + head + len];
}

test('with an entry digest: called once per build, with SHA-256, over exactly tbsCertList', async () => {
  const calls = [];
  const sdk = sdkWith((hash, data) => {
    calls.push({ hash, data: Buffer.from(data) });
    return nodeDigest(hash, data);
  });
  const der = fixture('crl_hold.der');
  const index = await sdk.CrlIndex.build(der, authRoot);
  assert.deepEqual(index.lookup('1234567'), HOLD);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].hash, 'SHA-256');
  const [start, end] = tbsRange(der);
  assert.ok(end > start + 100 && end < der.length - 256);
  assert.ok(calls[0].data.equals(der.subarray(start, end)), 'the digest input is tbsCertList');
  index.free();
});

test('with an entry digest: a wrong digest fails the signature; one that throws falls back to the wasm', async () => {
  const whole = sdkWith((hash, data) => nodeDigest(hash, new Uint8Array(data.buffer, 0, data.buffer.byteLength)));
  await assert.rejects(whole.CrlIndex.build(fixture('crl_hold.der'), authRoot), (e) => e.code === 'CRL_INVALID');
  const throwing = sdkWith(() => {
    throw new Error('no such hash here');
  });
  const index = await throwing.CrlIndex.build(fixture('crl_hold.der'), authRoot);
  assert.deepEqual(index.lookup('1234567'), HOLD);
  index.free();
});

test('without one: WebCrypto hashes, is checked against the signature, and may fail over to the wasm', async () => {
  const sdk = sdkWith(undefined);
  const subtle = globalThis.crypto.subtle;
  let calls = 0;
  subtle.digest = async function spy(algorithm, data) {
    calls += 1;
    return SubtleCrypto.prototype.digest.call(this, algorithm, data);
  };
  try {
    const index = await sdk.CrlIndex.build(fixture('crl_hold.der'), authRoot);
    assert.equal(calls, 1, 'the signed part was hashed by WebCrypto');
    assert.deepEqual(index.lookup('1234567'), HOLD);
    index.free();
    // A digest of other bytes (here: of the whole file) must not pass.
    subtle.digest = async (algorithm, data) => SubtleCrypto.prototype.digest.call(
      subtle, algorithm, new Uint8Array(data.buffer, 0, data.buffer.byteLength),
    );
    await assert.rejects(sdk.CrlIndex.build(fixture('crl_hold.der'), authRoot), (e) => e.code === 'CRL_INVALID');
    // A WebCrypto that fails leaves the hashing to the wasm.
    subtle.digest = async () => { throw new Error('no digest here'); };
    const fallback = await sdk.CrlIndex.build(fixture('crl_hold.der'), authRoot);
    assert.deepEqual(fallback.lookup('1234567'), HOLD);
    fallback.free();
  } finally {
    delete subtle.digest;
  }
  assert.equal(subtle.digest, SubtleCrypto.prototype.digest);
});

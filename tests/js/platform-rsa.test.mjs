// setPlatformRsa(true): WebCrypto checks the RSA PKCS#1 v1.5 signatures of verifyToken and
// verifyCertificate (the default in browsers and workerd). Run here under Node, whose
// WebCrypto does the same job: every result must equal the wasm's own, WebCrypto must really
// be asked, the nonce must still be used up exactly once, and a request WebCrypto cannot
// answer must be checked in the wasm.

import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMemoryNonceStore, issueChallenge, setPlatformRsa, verifyCertificate, verifyToken,
} from 'myna-verify';
import {
  assertFailure, flipBit, pemToDer, repoText, webEidToken,
} from './helpers.mjs';

const ORIGIN = 'https://bank.example.jp';
const NONCE = 'bm9uY2Ugb2YgdGhlIHBsYXRmb3JtIFJTQSB0ZXN0cywgYmFzZTY0';
const T0 = Date.parse('2026-06-01T00:00:00Z');
const authEe = pemToDer(repoText('tests/data/jpki/testpki/test_auth_ee.pem'));

/** Count WebCrypto's verify and importKey calls while `fn` runs (optionally making importKey fail). */
async function counting(fn, { importFails = false } = {}) {
  const subtle = globalThis.crypto.subtle;
  const counts = { verify: 0, importKey: 0 };
  const verify = subtle.verify.bind(subtle);
  const importKey = subtle.importKey.bind(subtle);
  subtle.verify = (...a) => { counts.verify += 1; return verify(...a); };
  subtle.importKey = (...a) => {
    counts.importKey += 1;
    return importFails ? Promise.reject(new Error('no such key here')) : importKey(...a);
  };
  try {
    return { result: await fn(), counts };
  } finally {
    delete subtle.verify;
    delete subtle.importKey;
  }
}

/** The result of `call(args)` with the wasm's RSA and with the platform's, and the counts. */
async function both(call, args, options) {
  setPlatformRsa(false);
  const wasm = await counting(() => call(args));
  assert.deepEqual(wasm.counts, { verify: 0, importKey: 0 }, 'off: WebCrypto is not asked');
  setPlatformRsa(true);
  const platform = await counting(() => call(args), options);
  return { wasm: wasm.result, platform: platform.result, counts: platform.counts };
}

afterEach(() => setPlatformRsa(false));

const tokenArgs = (token) => ({ token: JSON.stringify(token), origin: ORIGIN, nonce: NONCE, time: T0, trust: 'jpki-test' });

test('tokens: the same results with WebCrypto doing the RSA, which it really does', async () => {
  const good = webEidToken(ORIGIN, NONCE);
  const cases = [
    ['auth token', tokenArgs(good), null],
    ['sign token', { ...tokenArgs(webEidToken(ORIGIN, NONCE, {}, 'sign')), acceptedKinds: ['jpki-sign'] }, null],
    ['signed for another nonce', tokenArgs(webEidToken(ORIGIN, `${NONCE}x`)), 'SIGNATURE_INVALID'],
    ['certificate signature broken', tokenArgs({ ...good, unverifiedCertificate: Buffer.from(flipBit(authEe, -3)).toString('base64') }), 'any'],
  ];
  for (const [what, args, code] of cases) {
    const { wasm, platform, counts } = await both(verifyToken, args);
    assert.deepEqual(platform, wasm, what);
    if (code === null) assert.equal(platform.ok, true, `${what}: ${JSON.stringify(platform.error)}`);
    else if (code !== 'any') assertFailure(platform, code);
    else assert.equal(platform.ok, false, what);
    assert.ok(counts.verify >= 1, `${what}: WebCrypto verified (${counts.verify})`);
  }
});

test('certificates: the same results with WebCrypto doing the RSA', async () => {
  for (const [what, der] of [['TEST auth end-entity', authEe], ['its signature broken', flipBit(authEe, -3)]]) {
    const { wasm, platform, counts } = await both(verifyCertificate, { certificate: der, time: T0, trust: 'jpki-test' });
    assert.deepEqual(platform, wasm, what);
    assert.equal(counts.verify, 1, what);
  }
});

test('the nonce is used up once: the planning run leaves the store alone', async () => {
  setPlatformRsa(true);
  const store = createMemoryNonceStore();
  const { nonce } = await issueChallenge({ ttlSeconds: 300, time: T0, store });
  let consumed = 0;
  const counted = { consume: (...a) => { consumed += 1; return store.consume(...a); } };
  const args = { ...tokenArgs(webEidToken(ORIGIN, nonce)), nonce, nonceStore: counted };
  const first = await verifyToken(args);
  assert.equal(first.ok, true, JSON.stringify(first.error));
  assert.equal(consumed, 1);
  assertFailure(await verifyToken(args), 'NONCE_REPLAYED');
  assert.equal(consumed, 2);
});

test('a request WebCrypto cannot answer is checked in the wasm', async () => {
  const good = webEidToken(ORIGIN, NONCE);
  const bad = webEidToken(ORIGIN, `${NONCE}x`);
  for (const token of [good, bad]) {
    const { wasm, platform, counts } = await both(verifyToken, tokenArgs(token), { importFails: true });
    assert.deepEqual(platform, wasm);
    assert.equal(counts.verify, 0);
    assert.ok(counts.importKey >= 1);
  }
});

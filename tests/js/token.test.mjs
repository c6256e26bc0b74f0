// verifyToken through the package entry: Web eID tokens made here with node:crypto (the TEST
// authentication key signs SHA-256(origin) ‖ SHA-256(nonce) with RSASSA-PKCS1-v1_5), nonces
// from issueChallenge / issueSealedChallenge, single use through createMemoryNonceStore.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMemoryNonceStore, inspectCertificate, issueChallenge, issueSealedChallenge, verifyToken,
} from 'myna-verify';
import {
  assertFailure, assertTypedError, repoText, webEidToken,
} from './helpers.mjs';

const authEe = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
const ORIGIN = 'https://bank.example.jp';
/** Inside the TEST end-entity's validity (2024-01-01 .. 2028-12-31). */
const T0 = Date.parse('2026-06-01T00:00:00Z');
const LATER = T0 + 30_000;
const SECRET = 'a sealing secret of at least thirty-two bytes';

test('a token signed for the issued nonce verifies once, with the certificate serial', async () => {
  const store = createMemoryNonceStore();
  const { nonce } = await issueChallenge({ ttlSeconds: 300, time: T0, store });
  const token = JSON.stringify(webEidToken(ORIGIN, nonce));
  const args = { token, origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test', nonceStore: store };
  const r = await verifyToken(args);
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.kind, 'jpki-auth');
  const info = await inspectCertificate(authEe);
  assert.equal(r.certificate.serialNumber, info.serialNumber);
  assert.equal(r.certificate.sha256, info.sha256);
  assert.equal(r.identity, undefined, 'an auth certificate carries no identity');
  assert.equal(r.revocation.status, 'unknown');
  assert.deepEqual(r.warnings.map((w) => w.code).sort(), ['REVOCATION_UNKNOWN', 'TEST_TRUST']);
  assert.equal(r.chain.at(-1).sha256, r.trustAnchor.sha256);
  // The same nonce again: used up.
  assertFailure(await verifyToken(args), 'NONCE_REPLAYED');
});

test('a token object verifies like its JSON text', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const token = webEidToken(ORIGIN, nonce);
  const base = { origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test' };
  const asObject = await verifyToken({ ...base, token });
  const asText = await verifyToken({ ...base, token: JSON.stringify(token) });
  assert.equal(asObject.ok, true, JSON.stringify(asObject.error));
  assert.deepEqual(asObject, asText);
});

test('the signature binds the origin and the nonce given by the caller', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const { nonce: other } = await issueChallenge({ time: T0 });
  const token = webEidToken(ORIGIN, nonce);
  const base = { token, time: LATER, trust: 'jpki-test' };
  assertFailure(
    await verifyToken({ ...base, origin: 'https://evil.example.jp', nonce }),
    'SIGNATURE_INVALID',
  );
  assertFailure(await verifyToken({ ...base, origin: ORIGIN, nonce: other }), 'SIGNATURE_INVALID');
  assert.equal((await verifyToken({ ...base, origin: ORIGIN, nonce })).ok, true);
});

test('the J-LIS roots are the default trust, and the accepted kinds are applied', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const token = webEidToken(ORIGIN, nonce);
  const base = { token, origin: ORIGIN, nonce, time: LATER };
  assertFailure(await verifyToken(base), 'CERT_NOT_TRUSTED');
  assertFailure(
    await verifyToken({ ...base, trust: 'jpki-test', acceptedKinds: ['jpki-sign'] }),
    'CERT_WRONG_PURPOSE',
  );
  const required = await verifyToken({
    ...base, trust: 'jpki-test', acceptedKinds: ['jpki-auth', 'jpki-sign'], requiredAttributes: ['name'],
  });
  assertFailure(required, 'ATTRIBUTE_MISSING');
  assertFailure(await verifyToken({ ...base, trust: 'jpki-test', revocation: 'require' }), 'REVOCATION_UNKNOWN');
  const off = await verifyToken({ ...base, trust: 'jpki-test', revocation: 'off' });
  assert.equal(off.revocation.status, 'not-checked');
  assertFailure(await verifyToken({ ...base, trust: 'jpki-test', time: '2029-06-01T00:00:00Z' }), 'CERT_EXPIRED');
});

test('the memory store refuses unknown and expired nonces', async () => {
  const store = createMemoryNonceStore();
  const { nonce } = await issueChallenge({ ttlSeconds: 60, time: T0, store });
  const { nonce: unknown } = await issueChallenge({ time: T0 });
  const base = { origin: ORIGIN, trust: 'jpki-test', nonceStore: store };
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, unknown), nonce: unknown, time: LATER }),
    'NONCE_NOT_FOUND',
  );
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, nonce), nonce, time: T0 + 61_000 }),
    'NONCE_EXPIRED',
  );
});

test('the nonce is used up even when the token then fails', async () => {
  const store = createMemoryNonceStore();
  const { nonce } = await issueChallenge({ time: T0, store });
  const base = { origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test', nonceStore: store };
  assertFailure(await verifyToken({ ...base, token: webEidToken('https://a.example.jp', nonce) }), 'SIGNATURE_INVALID');
  assertFailure(await verifyToken({ ...base, token: webEidToken(ORIGIN, nonce) }), 'NONCE_REPLAYED');
});

test('sealed challenges: accepted while fresh, then NONCE_EXPIRED; a wrong secret is CHALLENGE_INVALID', async () => {
  const { nonce, expiresAt } = await issueSealedChallenge({
    secret: SECRET, origin: ORIGIN, ttlSeconds: 60, time: T0,
  });
  assert.equal(expiresAt, '2026-06-01T00:01:00Z');
  const token = webEidToken(ORIGIN, nonce);
  const base = { token, origin: ORIGIN, nonce, trust: 'jpki-test', sealedSecret: SECRET };
  const ok = await verifyToken({ ...base, time: LATER });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assertFailure(await verifyToken({ ...base, time: T0 + 61_000 }), 'NONCE_EXPIRED');
  assertFailure(
    await verifyToken({ ...base, time: LATER, sealedSecret: `${SECRET} but another one` }),
    'CHALLENGE_INVALID',
  );
  // A plain (unsealed) nonce is not a sealed challenge.
  const plain = await issueChallenge({ time: T0 });
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, plain.nonce), nonce: plain.nonce, time: LATER }),
    'CHALLENGE_INVALID',
  );
});

test('a sealed challenge with a store is single use', async () => {
  const store = createMemoryNonceStore();
  const { nonce } = await issueSealedChallenge({ secret: SECRET, origin: ORIGIN, time: T0, store });
  const args = {
    token: webEidToken(ORIGIN, nonce), origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test',
    sealedSecret: SECRET, nonceStore: store,
  };
  assert.equal((await verifyToken(args)).ok, true);
  assertFailure(await verifyToken(args), 'NONCE_REPLAYED');
});

test('tokens that are not acceptable are reported with their codes', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const base = { origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test' };
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, nonce, { algorithm: 'none', signature: 'AA==' }) }),
    'UNSUPPORTED_ALGORITHM',
  );
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, nonce, { format: 'web-eid:2.0' }) }),
    'TOKEN_FORMAT_UNSUPPORTED',
  );
  assertFailure(await verifyToken({ ...base, token: '{"format":' }), 'TOKEN_MALFORMED');
  assertFailure(
    await verifyToken({ ...base, token: webEidToken(ORIGIN, nonce, { signature: 'not base64!' }) }),
    'TOKEN_MALFORMED',
  );
  assertFailure(await verifyToken({ ...base, token: 'x'.repeat(64 * 1024 + 1) }), 'INPUT_TOO_LARGE');
  // Within the cap in UTF-16 units, over it in UTF-8 bytes (the JS layer sends bytes).
  assertFailure(await verifyToken({ ...base, token: 'あ'.repeat(22 * 1024) }), 'INPUT_TOO_LARGE');
});

test('the token reaches the verifier as UTF-8: appVersion is capped in bytes, not characters', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const base = { origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test' };
  const atCap = 'あ'.repeat(341) + 'x'; // 1,024 UTF-8 bytes in 342 characters
  const overCap = 'あ'.repeat(342); // 1,026 bytes
  for (const asText of [false, true]) {
    const token = (appVersion) => {
      const t = webEidToken(ORIGIN, nonce, { appVersion });
      return asText ? JSON.stringify(t) : t;
    };
    assert.equal((await verifyToken({ ...base, token: token(atCap) })).ok, true);
    assertFailure(await verifyToken({ ...base, token: token(overCap) }), 'INPUT_TOO_LARGE');
  }
});

test('a store that says false means replayed; what it throws reaches the caller', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const base = { token: webEidToken(ORIGIN, nonce), origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test' };
  const seen = [];
  const no = { consume: (n, ms) => { seen.push([n, ms]); return false; } };
  assertFailure(await verifyToken({ ...base, nonceStore: no }), 'NONCE_REPLAYED');
  assert.deepEqual(seen, [[nonce, LATER]], 'consume(nonce, timeMs) in whole seconds');
  const boom = new Error('database down');
  const throwing = { consume: () => { throw boom; } };
  await assert.rejects(verifyToken({ ...base, nonceStore: throwing }), (e) => e === boom);
  const truthy = { consume: () => 1 };
  assertFailure(await verifyToken({ ...base, nonceStore: truthy }), 'NONCE_REPLAYED');
});

test('misuse throws: bad origin, short nonce, wrong types, bad policy', async () => {
  const { nonce } = await issueChallenge({ time: T0 });
  const good = { token: webEidToken(ORIGIN, nonce), origin: ORIGIN, nonce, time: LATER, trust: 'jpki-test' };
  await assertTypedError(verifyToken({ ...good, origin: 'https://bank.example.jp/' }), 'ORIGIN_INVALID');
  await assertTypedError(verifyToken({ ...good, origin: 'http://localhost:8080' }), 'ORIGIN_INVALID');
  await assertTypedError(verifyToken({ ...good, nonce: 'short' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, token: 42 }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, trust: 'anything' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, acceptedKinds: ['jpki-card'] }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, acceptedKinds: [] }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, clockSkewSeconds: 3601 }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, clockSkewSeconds: 1.5 }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, revocation: 'maybe' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, sealedSecret: 'too short' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, nonceStore: {} }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken({ ...good, allowDevOrigins: 'yes' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyToken(null), 'INVALID_OPTIONS');
  // Development origins need the option.
  const dev = 'http://localhost:8080';
  const devToken = webEidToken(dev, nonce);
  const r = await verifyToken({ ...good, token: devToken, origin: dev, allowDevOrigins: true });
  assert.equal(r.ok, true, JSON.stringify(r.error));
});

// Revocation evidence from JavaScript: CrlIndex (built once, reused), verifyToken with
// revocationEvidence (CRLs, OCSP responses, operator verdicts) and buildOcspRequest. The CRLs and
// OCSP responses are OpenSSL-made (scripts/make-revocation-fixtures.sh) over the TEST auth root;
// the card is the TEST auth end-entity (serial 01234567). Tokens are signed here with node:crypto.
// verifyCms takes the same evidence about its signers (the TEST sign end-entity, 09876543, under
// the TEST sign root).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as pkijs from 'pkijs';
import {
  CrlIndex, buildOcspRequest, initFull, issueChallenge, verifyCms, verifyToken,
} from 'myna-verify';
import {
  assertFailure, assertTypedError, flipBit, pemToDer, repoText, webEidToken,
} from './helpers.mjs';

const authEe = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
const authRoot = repoText('tests/data/jpki/testpki/test_auth_root.pem');
const signRoot = repoText('tests/data/jpki/testpki/test_sign_root.pem');
const ORIGIN = 'https://bank.example.jp';
/** Inside every OpenSSL CRL's window (thisUpdate 2026-11-01, nextUpdate 2026-11-08). */
const CRL_TIME = Date.parse('2026-11-02T00:00:00Z');
/** Past nextUpdate (+ the 300 s skew), still inside the end-entity's validity. */
const AFTER_CRL = Date.parse('2026-11-20T00:00:00Z');

const sha256 = (data) => createHash('sha256').update(data).digest();

function fixture(name) {
  return new Uint8Array(readFileSync(new URL(`../data/revocation/${name}`, import.meta.url)));
}

/** verifyToken of a fresh token at `time` with the TEST roots and `options`. */
async function verifyAt(time, options) {
  const { nonce } = await issueChallenge({ time });
  return verifyToken({
    token: webEidToken(ORIGIN, nonce), origin: ORIGIN, nonce, time, trust: 'jpki-test', ...options,
  });
}

/** thisUpdate of the (single) response of a DER OCSPResponse, read with pkijs. */
function ocspThisUpdate(der) {
  const response = pkijs.OCSPResponse.fromBER(der);
  const basic = pkijs.BasicOCSPResponse.fromBER(
    response.responseBytes.response.valueBlock.valueHexView,
  );
  assert.equal(basic.tbsResponseData.responses.length, 1);
  return basic.tbsResponseData.responses[0].thisUpdate.getTime();
}

/** The 16-byte nonce OpenSSL put at the end of its request. */
function requestNonce() {
  const req = fixture('ocsp_req_nonce.der');
  assert.deepEqual([...req.subarray(-18, -16)], [0x04, 0x10]);
  return req.slice(-16);
}

test('a CrlIndex answers lookups and reports its window and size', async () => {
  const good = await CrlIndex.build(fixture('crl_good.der'), authRoot);
  assert.equal(good.size, 1);
  assert.equal(good.thisUpdate, '2026-11-01T00:00:00Z');
  assert.equal(good.nextUpdate, '2026-11-08T00:00:00Z');
  assert.ok(good.memoryBytes > 0 && good.memoryBytes < 4096, `memoryBytes ${good.memoryBytes}`);
  // The listed serial, as hex text (any case, leading zeros, colons) and as bytes.
  const superseded = { revokedAt: '2026-10-01T00:00:00Z', reason: 'superseded' };
  assert.deepEqual(good.lookup('0999'), superseded);
  assert.deepEqual(good.lookup('00:09:99'), superseded);
  assert.deepEqual(good.lookup(new Uint8Array([0x09, 0x99])), superseded);
  assert.equal(good.lookup('01234567'), null);
  const hold = await CrlIndex.build(fixture('crl_hold.der'), pemToDer(authRoot));
  assert.deepEqual(hold.lookup('1234567'), {
    revokedAt: '2026-10-15T00:00:00Z', reason: 'certificateHold',
  });
  assert.throws(() => good.lookup('xyz'), (e) => e.code === 'INVALID_OPTIONS');
  assert.throws(() => good.lookup(42), (e) => e.code === 'INVALID_OPTIONS');
  assert.throws(() => good.lookup('ab'.repeat(200)), (e) => e.code === 'INPUT_TOO_LARGE');
  good.free();
  hold.free();
  assert.throws(() => good.size, (e) => e.name === 'MynaVerifyError' && e.code === 'INVALID_OPTIONS');
});

test('building a CrlIndex throws typed errors for bad or foreign CRLs', async () => {
  await assertTypedError(CrlIndex.build(fixture('crl_sign_root.der'), authRoot), 'CRL_WRONG_ISSUER');
  await assertTypedError(CrlIndex.build(fixture('crl_delta.der'), authRoot), 'CRL_DELTA_UNSUPPORTED');
  await assertTypedError(CrlIndex.build(fixture('crl_no_number.der'), authRoot), 'CRL_INVALID');
  await assertTypedError(CrlIndex.build(flipBit(fixture('crl_revoked.der'), -5), authRoot), 'CRL_INVALID');
  await assertTypedError(CrlIndex.build('not bytes', authRoot), 'INVALID_OPTIONS');
  await initFull();
  assert.throws(() => new CrlIndex(fixture('crl_good.der'), 'not a certificate'), (e) => e.name === 'MynaVerifyError');
  const index = new CrlIndex(fixture('crl_good.der').buffer, authRoot);
  assert.equal(index.size, 1);
  index.free();
});

test('a good CRL under revocation "require": ok, status good from the CRL', async () => {
  const crl = await CrlIndex.build(fixture('crl_good.der'), authRoot);
  const r = await verifyAt(CRL_TIME, { revocation: 'require', revocationEvidence: { crls: [crl] } });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.deepEqual(r.revocation, {
    status: 'good', source: 'crl', checkedAt: '2026-11-01T00:00:00Z',
  });
  assert.deepEqual(r.warnings.map((w) => w.code), ['TEST_TRUST']);
  crl.free();
});

test('one CrlIndex serves many verifications; a freed one is refused', async () => {
  const crl = await CrlIndex.build(fixture('crl_good.der'), authRoot);
  for (let i = 0; i < 3; i += 1) {
    const r = await verifyAt(CRL_TIME + i * 1000, {
      revocation: 'require', revocationEvidence: { crls: [crl] },
    });
    assert.equal(r.ok, true, `verification ${i}: ${JSON.stringify(r.error)}`);
    assert.equal(r.revocation.source, 'crl');
  }
  assert.equal(crl.size, 1, 'still usable after the verifications');
  crl.free();
  await assertTypedError(
    verifyAt(CRL_TIME, { revocation: 'require', revocationEvidence: { crls: [crl] } }),
    'INVALID_OPTIONS',
  );
});

test('a held or revoked card fails with CERT_REVOKED and its reason', async () => {
  const hold = await CrlIndex.build(fixture('crl_hold.der'), authRoot);
  const held = await verifyAt(CRL_TIME, { revocation: 'require', revocationEvidence: { crls: [hold] } });
  assertFailure(held, 'CERT_REVOKED');
  assert.match(held.error.message, /certificateHold/);
  assert.match(held.error.message, /2026-10-15T00:00:00Z/);
  // Under "prefer" too: revoked is never a warning.
  assertFailure(
    await verifyAt(CRL_TIME, { revocation: 'prefer', revocationEvidence: { crls: [hold] } }),
    'CERT_REVOKED',
  );
  // The CRL as DER with its issuer (indexed per call) says the same.
  const revoked = await verifyAt(CRL_TIME, {
    revocation: 'require',
    revocationEvidence: { crls: [{ crl: fixture('crl_revoked.der'), issuer: authRoot }] },
  });
  assertFailure(revoked, 'CERT_REVOKED');
  assert.match(revoked.error.message, /keyCompromise/);
  hold.free();
});

test('no usable evidence is REVOCATION_UNKNOWN under "require", a warning under "prefer"', async () => {
  assertFailure(await verifyAt(CRL_TIME, { revocation: 'require' }), 'REVOCATION_UNKNOWN');
  // A CRL of another issuer does not speak about this card.
  const foreign = await CrlIndex.build(fixture('crl_sign_root.der'), signRoot);
  const evidence = { crls: [foreign] };
  assertFailure(await verifyAt(CRL_TIME, { revocation: 'require', revocationEvidence: evidence }), 'REVOCATION_UNKNOWN');
  const r = await verifyAt(CRL_TIME, { revocation: 'prefer', revocationEvidence: evidence });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.revocation.status, 'unknown');
  assert.ok(r.warnings.some((w) => w.code === 'REVOCATION_UNKNOWN'));
  foreign.free();
});

test('a CRL past its nextUpdate is REVOCATION_STALE, never good', async () => {
  const crl = await CrlIndex.build(fixture('crl_good.der'), authRoot);
  const options = { revocationEvidence: { crls: [crl] } };
  assertFailure(await verifyAt(AFTER_CRL, { ...options, revocation: 'require' }), 'REVOCATION_STALE');
  assertFailure(await verifyAt(AFTER_CRL, { ...options, revocation: 'prefer' }), 'REVOCATION_STALE');
  // A one-day maximum age makes it stale on day three; skew 0 makes the bound exact.
  const strict = { ...options, revocation: 'require', revocationMaxAgeSeconds: 86_400, revocationSkewSeconds: 0 };
  assertFailure(await verifyAt(Date.parse('2026-11-03T00:00:00Z'), strict), 'REVOCATION_STALE');
  const early = await verifyAt(Date.parse('2026-11-01T23:00:00Z'), strict);
  assert.equal(early.ok, true, JSON.stringify(early.error));
  crl.free();
});

test('operator verdicts: revoked fails, good passes and is attributed, another card is ignored', async () => {
  const digest = sha256(pemToDer(authEe)).toString('hex');
  const checkedAt = CRL_TIME - 3600_000;
  const revoked = await verifyAt(CRL_TIME, {
    revocation: 'require',
    revocationEvidence: {
      operator: {
        certificateSha256: digest, status: 'revoked', revokedAt: '2026-10-30T00:00:00Z',
        reason: 'keyCompromise', checkedAt, source: 'platform-operator.example',
      },
    },
  });
  assertFailure(revoked, 'CERT_REVOKED');
  assert.match(revoked.error.message, /keyCompromise/);
  const good = await verifyAt(CRL_TIME, {
    revocation: 'require',
    revocationEvidence: {
      operator: { certificateSha256: digest.toUpperCase(), status: 'good', checkedAt: new Date(checkedAt), source: 'platform-operator.example' },
    },
  });
  assert.equal(good.ok, true, JSON.stringify(good.error));
  assert.deepEqual(good.revocation, {
    status: 'good', source: 'operator', checkedAt: '2026-11-01T23:00:00Z', operator: 'platform-operator.example',
  });
  const other = await verifyAt(CRL_TIME, {
    revocation: 'require',
    revocationEvidence: {
      operator: { certificateSha256: '00'.repeat(32), status: 'revoked', revokedAt: checkedAt, checkedAt, source: 'x' },
    },
  });
  assertFailure(other, 'REVOCATION_UNKNOWN');
  // Malformed verdicts are misuse, thrown before the token is looked at.
  for (const operator of [
    { certificateSha256: digest, status: 'maybe', checkedAt, source: 'x' },
    { certificateSha256: digest, status: 'revoked', checkedAt, source: 'x' },
    { certificateSha256: 'abcd', status: 'good', checkedAt, source: 'x' },
    { certificateSha256: digest, status: 'good', source: 'x' },
    { certificateSha256: digest, status: 'revoked', revokedAt: checkedAt, reason: 'lost', checkedAt, source: 'x' },
  ]) {
    await assertTypedError(
      verifyAt(CRL_TIME, { revocation: 'require', revocationEvidence: { operator } }),
      'INVALID_OPTIONS',
    );
  }
});

test('an OpenSSL OCSP "good" response verifies the token inside its window', async () => {
  const response = fixture('ocsp_good_sha256.der');
  const thisUpdate = ocspThisUpdate(response);
  const at = thisUpdate + 60_000;
  const ocsp = [{ response, issuer: authRoot }];
  const r = await verifyAt(at, { revocation: 'require', revocationEvidence: { ocsp } });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.revocation.status, 'good');
  assert.equal(r.revocation.source, 'ocsp');
  assert.equal(Date.parse(r.revocation.checkedAt), thisUpdate);
  // With the request's nonce: the CA-signed response that echoes it.
  const withNonce = fixture('ocsp_good_ca.der');
  const ok = await verifyAt(ocspThisUpdate(withNonce) + 60_000, {
    revocation: 'require',
    revocationEvidence: { ocsp: [{ response: withNonce, issuer: authRoot, nonce: requestNonce() }] },
  });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assertFailure(await verifyAt(ocspThisUpdate(withNonce) + 60_000, {
    revocation: 'require',
    revocationEvidence: { ocsp: [{ response: withNonce, issuer: authRoot, nonce: new Uint8Array(16) }] },
  }), 'OCSP_NONCE_MISMATCH');
  // Revoked per OCSP; and stale three days later.
  const revoked = fixture('ocsp_revoked.der');
  assertFailure(await verifyAt(ocspThisUpdate(revoked) + 60_000, {
    revocation: 'require', revocationEvidence: { ocsp: [{ response: revoked, issuer: authRoot }] },
  }), 'CERT_REVOKED');
  assertFailure(await verifyAt(at + 3 * 86_400_000, {
    revocation: 'require', revocationEvidence: { ocsp },
  }), 'REVOCATION_STALE');
});

test('buildOcspRequest matches OpenSSL\'s request and parses as an OCSPRequest', async () => {
  const nonce = requestNonce();
  const ours = await buildOcspRequest({ certificate: authEe, issuer: authRoot, hash: 'sha1', nonce });
  assert.ok(ours instanceof Uint8Array);
  assert.deepEqual(ours, fixture('ocsp_req_nonce.der'));
  const sha = await buildOcspRequest({ certificate: pemToDer(authEe), issuer: authRoot, hash: 'sha256' });
  const parsed = pkijs.OCSPRequest.fromBER(sha);
  const [request] = parsed.tbsRequest.requestList;
  assert.equal(parsed.tbsRequest.requestList.length, 1);
  assert.equal(request.reqCert.hashAlgorithm.algorithmId, '2.16.840.1.101.3.4.2.1');
  assert.equal(Buffer.from(request.reqCert.serialNumber.valueBlock.valueHexView).toString('hex'), '01234567');
  assert.deepEqual(
    new Uint8Array(request.reqCert.issuerKeyHash.valueBlock.valueHexView).length, 32,
  );
  assert.equal(parsed.tbsRequest.requestExtensions, undefined, 'no nonce asked, none sent');
  await assertTypedError(buildOcspRequest({ certificate: authEe, issuer: authRoot, hash: 'md5' }), 'INVALID_OPTIONS');
  await assertTypedError(
    buildOcspRequest({ certificate: authEe, issuer: authRoot, nonce: new Uint8Array(33) }),
    'INVALID_OPTIONS',
  );
  await assertTypedError(buildOcspRequest({ certificate: authEe }), 'INVALID_OPTIONS');
});

test('malformed revocationEvidence is misuse', async () => {
  for (const revocationEvidence of [
    'crl', [1], { crls: 'x' }, { crls: [42] }, { crls: [{ crl: fixture('crl_good.der') }] },
    { ocsp: [{ response: 'x', issuer: authRoot }] },
  ]) {
    await assertTypedError(verifyAt(CRL_TIME, { revocationEvidence }), 'INVALID_OPTIONS');
  }
  await assertTypedError(verifyAt(CRL_TIME, { revocationMaxAgeSeconds: -1 }), 'INVALID_OPTIONS');
  await assertTypedError(
    verifyAt(CRL_TIME, { revocationEvidence: { crls: Array(33).fill({ crl: new Uint8Array(1), issuer: authRoot }) } }),
    'INPUT_TOO_LARGE',
  );
});

/** An OpenSSL-made CMS (tests/data/cms). */
function cms(name) {
  return new Uint8Array(readFileSync(new URL(`../data/cms/${name}`, import.meta.url)));
}

test('verifyCms weighs revocation evidence about every signer', async () => {
  const at = (options) => verifyCms(cms('attached.der'), { trust: 'jpki-test', time: CRL_TIME, ...options });
  const unknown = await at({});
  assert.equal(unknown.ok, true);
  assert.deepEqual(unknown.signers[0].revocation, { status: 'unknown', source: null });
  assert.deepEqual(unknown.warnings.map((w) => w.code), ['REVOCATION_UNKNOWN', 'TEST_TRUST']);
  assertFailure(await at({ revocation: 'require' }), 'REVOCATION_UNKNOWN');

  const good = await CrlIndex.build(fixture('crl_sign_root.der'), signRoot);
  const ok = await at({ revocation: 'require', revocationEvidence: { crls: [good] } });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assert.deepEqual(ok.signers[0].revocation, {
    status: 'good', source: 'crl', checkedAt: '2026-11-01T00:00:00Z',
  });
  const held = await at({
    revocationEvidence: { crls: [{ crl: fixture('crl_sign_hold.der'), issuer: signRoot }] },
  });
  assertFailure(held, 'CERT_REVOKED');
  assert.match(held.error.message, /certificateHold/);

  // Two signers (sign EE and auth EE): each needs its own evidence.
  const authGood = await CrlIndex.build(fixture('crl_good.der'), authRoot);
  const two = (crls) => verifyCms(cms('attached-two-signers.der'), {
    trust: 'jpki-test', time: CRL_TIME, revocation: 'require', revocationEvidence: { crls },
  });
  assertFailure(await two([good]), 'REVOCATION_UNKNOWN');
  const both = await two([good, authGood]);
  assert.deepEqual(both.signers.map((s) => s.revocation.status), ['good', 'good']);
  assertFailure(await two([good, await CrlIndex.build(fixture('crl_hold.der'), authRoot)]), 'CERT_REVOKED');
  assertFailure(
    await at({ revocationEvidence: { crls: [good] }, time: AFTER_CRL }),
    'REVOCATION_STALE',
  );
  good.free();
  await assertTypedError(at({ revocationEvidence: { crls: [good] } }), 'INVALID_OPTIONS');
  await assertTypedError(at({ revocation: 'maybe' }), 'INVALID_OPTIONS');
  await assertTypedError(at({ revocationEvidence: { crls: 'x' } }), 'INVALID_OPTIONS');
  authGood.free();
});

test('CrlIndex.build (tbsCertList hashed outside the wasm) agrees with the wasm-only constructor', async () => {
  await initFull();
  for (const name of ['crl_good.der', 'crl_revoked.der', 'crl_hold.der', 'crl_release.der']) {
    const der = fixture(name);
    const built = await CrlIndex.build(der, authRoot);
    const inWasm = new CrlIndex(der, authRoot);
    for (const key of ['size', 'thisUpdate', 'nextUpdate', 'memoryBytes']) {
      assert.equal(built[key], inWasm[key], `${name} ${key}`);
    }
    // The byte fast paths (up to 12 bytes as words, longer as an array) and the hex path give the
    // same answers (every reason in the fixtures, leading zeros, unlisted serials).
    for (const hex of ['0999', '01234567', '0001234567', '0abcde01', '00', 'ff'.repeat(12), '00'.repeat(11) + '01234567', 'ab'.repeat(13)]) {
      const asBytes = Uint8Array.from(hex.match(/../g).map((h) => parseInt(h, 16)));
      const expected = inWasm.lookup(hex);
      assert.deepEqual(built.lookup(asBytes), expected, `${name} ${hex}`);
      assert.deepEqual(inWasm.lookup(asBytes), expected, `${name} ${hex}`);
    }
    built.free();
    inWasm.free();
  }
  assert.throws(
    () => new CrlIndex(fixture('crl_good.der'), authRoot).lookup(new Uint8Array(65)),
    (e) => e.code === 'INPUT_TOO_LARGE',
  );
});

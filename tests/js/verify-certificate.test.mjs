// verifyCertificate through the package entry, on the TEST hierarchy (tests/data/jpki/testpki/,
// made by the testpki generator, trusted only with trust: 'jpki-test') and the J-LIS roots.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCertificate } from 'myna-verify';
import { assertTypedError, flipBit, pemToDer, repoText } from './helpers.mjs';

const signEe = repoText('tests/data/jpki/testpki/test_sign_ee.pem');
const authEe = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
const testRoots = repoText('tests/data/jpki/testpki/test_sign_root.pem')
  + repoText('tests/data/jpki/testpki/test_auth_root.pem');
const jlisRoot = repoText('src/jpki/roots/sign_ca_2023.pem');
const TIME = '2026-01-01T00:00:00Z';

/** Assert a reported (not thrown) failure with `code` and both messages. */
function assertFailure(result, code) {
  assert.equal(result.ok, false);
  assert.equal(result.error.code, code, result.error.message);
  assert.ok(result.error.message.length > 0);
  assert.match(result.error.messageJa, /[\u3040-\u30ff\u4e00-\u9fff]/);
}

test('TEST signature certificate verifies under jpki-test with its identity', async () => {
  const r = await verifyCertificate({ certificate: signEe, trust: 'jpki-test', time: TIME });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.kind, 'jpki-sign');
  assert.equal(r.certificate.subject, 'CN=TEST-SIGN-09876543,L=TEST,C=JP');
  assert.equal(r.certificate.notAfter, '2028-12-31T14:59:59Z');
  assert.equal(r.identity.name, '山田　太郎');
  assert.equal(r.identity.dateOfBirth.iso, '1985-04-01');
  assert.match(r.trustAnchor.name, /TEST/);
  assert.equal(r.chain.length, 2, 'end-entity and root');
  assert.equal(r.chain[0].sha256, r.certificate.sha256);
  assert.equal(r.chain[1].sha256, r.trustAnchor.sha256);
  assert.deepEqual(r.policies, ['1.2.392.200149.8.5.1.1.20']);
});

test('TEST authentication certificate verifies and carries no identity', async () => {
  const r = await verifyCertificate({ certificate: authEe, trust: 'jpki-test', time: TIME });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.kind, 'jpki-auth');
  assert.equal(r.identity, null);
});

test('every time form means the same instant', async () => {
  const forms = [TIME, new Date(TIME), Date.parse(TIME), '2026-01-01T09:00:00+09:00'];
  const results = await Promise.all(
    forms.map((time) => verifyCertificate({ certificate: signEe, trust: 'jpki-test', time })),
  );
  for (const r of results) assert.deepEqual(r, results[0]);
  assert.equal(results[0].ok, true);
});

test('without a time the JS layer passes the current time', async () => {
  const implicit = await verifyCertificate({ certificate: signEe, trust: 'jpki-test' });
  const explicit = await verifyCertificate({ certificate: signEe, trust: 'jpki-test', time: Date.now() });
  assert.deepEqual(implicit, explicit);
});

test('DER bytes and extra intermediates verify the same', async () => {
  const viaDer = await verifyCertificate({ certificate: pemToDer(signEe), trust: 'jpki-test', time: TIME });
  assert.equal(viaDer.ok, true);
  const withExtras = await verifyCertificate({
    certificate: signEe, intermediates: [testRoots, pemToDer(jlisRoot)], trust: 'jpki-test', time: TIME,
  });
  assert.deepEqual(withExtras, viaDer);
  const bundle = await verifyCertificate({ certificate: signEe, intermediates: testRoots, trust: 'jpki-test', time: TIME });
  assert.deepEqual(bundle, viaDer);
});

test('the TEST hierarchy is not trusted by default (J-LIS roots)', async () => {
  assertFailure(await verifyCertificate({ certificate: signEe, time: TIME }), 'CERT_NOT_TRUSTED');
  assertFailure(
    await verifyCertificate({ certificate: signEe, trust: 'jpki', time: TIME }),
    'CERT_NOT_TRUSTED',
  );
});

test('validity is checked at the given time', async () => {
  assertFailure(
    await verifyCertificate({ certificate: signEe, trust: 'jpki-test', time: '2029-01-01T00:00:00Z' }),
    'CERT_EXPIRED',
  );
  assertFailure(
    await verifyCertificate({ certificate: signEe, trust: 'jpki-test', time: '2023-12-31T00:00:00Z' }),
    'CERT_NOT_YET_VALID',
  );
});

test('a tampered certificate is reported, not thrown', async () => {
  const der = pemToDer(signEe);
  const tamperedSig = flipBit(der, -5);
  assertFailure(
    await verifyCertificate({ certificate: tamperedSig, trust: 'jpki-test', time: TIME }),
    'SIGNATURE_INVALID',
  );
});

test('a J-LIS root is not an end-entity certificate', async () => {
  assertFailure(await verifyCertificate({ certificate: jlisRoot, time: TIME }), 'CERT_WRONG_PURPOSE');
});

test('undecodable or oversized data is reported, not thrown', async () => {
  assertFailure(await verifyCertificate({ certificate: 'not a certificate', time: TIME }), 'PEM_MALFORMED');
  assertFailure(
    await verifyCertificate({ certificate: new Uint8Array([0x30, 0x00]), time: TIME }),
    'DER_MALFORMED',
  );
  assertFailure(
    await verifyCertificate({ certificate: signEe, intermediates: Array(257).fill(signEe), time: TIME }),
    'INPUT_TOO_LARGE',
  );
});

test('misuse throws INVALID_OPTIONS', async () => {
  const good = { certificate: signEe, trust: 'jpki-test', time: TIME };
  await assertTypedError(verifyCertificate({ ...good, trust: 'everything' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, time: 'yesterday' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, time: Number.NaN }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, time: new Date('nope') }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, certificate: undefined }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, certificate: 42 }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, intermediates: 42 }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate({ ...good, intermediates: [signEe, 42] }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCertificate('certificate'), 'INVALID_OPTIONS');
  // Misuse wins over bad data: a bad option with a bad certificate still throws.
  await assertTypedError(verifyCertificate({ certificate: 'junk', trust: 'x', time: TIME }), 'INVALID_OPTIONS');
});

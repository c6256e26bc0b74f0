// inspectCertificate through the package entry: the J-LIS roots shipped in src/jpki/roots/ and
// the TEST signature certificate of the test hierarchy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectCertificate } from 'myna-verify';
import { assertTypedError, pemToDer, repoText } from './helpers.mjs';

const authRoot2023 = repoText('src/jpki/roots/auth_ca_2023.pem');
const signRoot2015 = repoText('src/jpki/roots/sign_ca_2015.pem');
const testSignEe = repoText('tests/data/jpki/testpki/test_sign_ee.pem');

test('J-LIS auth root 2023: subject, validity, key and CA flag', async () => {
  const info = await inspectCertificate(authRoot2023);
  assert.equal(
    info.subject,
    'OU=Japan Agency for Local Authority Information Systems,OU=JPKI for user authentication,O=JPKI,C=JP',
  );
  assert.equal(info.issuer, info.subject, 'self-signed');
  assert.equal(info.serialNumber, '06D18006');
  assert.equal(info.notBefore, '2023-07-16T01:01:04Z');
  assert.equal(info.notAfter, '2033-07-15T14:59:59Z');
  assert.equal(info.sha256, '64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5');
  assert.equal(info.keyType, 'RSA');
  assert.equal(info.keySize, 2048);
  assert.equal(info.isCa, true);
  assert.deepEqual(info.keyUsage, ['keyCertSign', 'cRLSign']);
  assert.equal(info.kind, null, 'a root is neither jpki-auth nor jpki-sign');
});

test('J-LIS sign root 2015 ends on 2025-10-19 (JST midnight)', async () => {
  const info = await inspectCertificate(signRoot2015);
  assert.match(info.subject, /OU=JPKI for digital signature/);
  assert.equal(info.notAfter, '2025-10-19T14:59:59Z');
});

test('DER bytes, PEM bytes and PEM text describe the same certificate', async () => {
  const fromText = await inspectCertificate(authRoot2023);
  assert.deepEqual(await inspectCertificate(pemToDer(authRoot2023)), fromText);
  assert.deepEqual(await inspectCertificate(new TextEncoder().encode(authRoot2023)), fromText);
  assert.deepEqual(await inspectCertificate(pemToDer(authRoot2023).buffer), fromText);
});

test('TEST signature certificate: kind, key usage and identity attributes', async () => {
  const info = await inspectCertificate(testSignEe);
  assert.equal(info.kind, 'jpki-sign');
  assert.equal(info.isCa, false);
  assert.deepEqual(info.keyUsage, ['digitalSignature', 'nonRepudiation']);
  assert.equal(info.identity.name, '山田　太郎');
  assert.equal(info.identity.dateOfBirth.iso, '1985-04-01');
  assert.equal(info.identity.dateOfBirth.eraJa, '昭和');
  assert.equal(info.identity.gender, 'male');
  assert.match(info.identity.address, /^東京都千代田区/);
  assert.equal(Object.getPrototypeOf(info), Object.prototype, 'a plain object (JSON-compatible)');
  assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
});

test('bad input throws typed errors', async () => {
  await assertTypedError(inspectCertificate('hello'), 'PEM_MALFORMED');
  await assertTypedError(inspectCertificate(new Uint8Array([0x30, 0x00])), 'DER_MALFORMED');
  await assertTypedError(inspectCertificate(42), 'INVALID_OPTIONS');
  await assertTypedError(inspectCertificate(undefined), 'INVALID_OPTIONS');
  const huge = new Uint8Array(64 * 1024 + 1);
  huge[0] = 0x30;
  await assertTypedError(inspectCertificate(huge), 'INPUT_TOO_LARGE');
});

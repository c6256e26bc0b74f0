// `trust` may name the relying party's own anchors instead of a built-in store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyCertificate, verifyToken } from 'myna-verify';
import { assertTypedError, pemToDer, repoText, webEidToken } from './helpers.mjs';

const root = repoText('tests/data/jpki/testpki/test_auth_root.pem');
const signRoot = repoText('tests/data/jpki/testpki/test_sign_root.pem');
const authEe = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
const time = Date.parse('2026-06-01T00:00:00Z');

test('a caller anchor (PEM text or DER bytes) verifies what it issued', async () => {
  for (const anchors of [root, [pemToDer(root)], [signRoot, root]]) {
    const r = await verifyCertificate({ certificate: authEe, time, trust: { anchors } });
    assert.equal(r.ok, true, JSON.stringify(r.error));
    assert.equal(r.kind, 'jpki-auth');
  }
});

test('the anchor purpose is enforced, and other anchors do not help', async () => {
  const wrong = await verifyCertificate({ certificate: authEe, time, trust: { anchors: root, purpose: 'jpki-sign' } });
  assert.equal(wrong.ok, false);
  assert.ok(['CERT_WRONG_PURPOSE', 'CERT_NOT_TRUSTED'].includes(wrong.error.code), wrong.error.code);
  const other = await verifyCertificate({ certificate: authEe, time, trust: { anchors: signRoot, purpose: 'jpki-auth' } });
  assert.equal(other.error.code, 'CERT_NOT_TRUSTED');
});

test('verifyToken takes caller anchors too', async () => {
  const origin = 'https://bank.example.jp';
  const nonce = 'T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q=';
  const token = webEidToken(origin, nonce);
  const ok = await verifyToken({ token, origin, nonce, time, trust: { anchors: root, purpose: 'jpki-auth' } });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  const none = await verifyToken({ token, origin, nonce, time, trust: { anchors: signRoot } });
  assert.equal(none.error.code, 'CERT_NOT_TRUSTED');
});

test('malformed trust is misuse, thrown as INVALID_OPTIONS', async () => {
  for (const trust of ['jlis', 7, { anchors: [] }, { anchors: root, purpose: 'both' }, {}]) {
    await assertTypedError(verifyCertificate({ certificate: authEe, time, trust }), 'INVALID_OPTIONS');
  }
});

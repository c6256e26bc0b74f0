// The demo's handler module under workerd (npm `workerd`, started here on 127.0.0.1 with the
// config of scripts/demo-workerd.mjs): one request per flow's verify endpoint with a token
// signed in this test for the worker's origin — the same module the Node server runs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyJws } from 'myna-verify';
import { startWorkerd } from '../../scripts/demo-workerd.mjs';
import { demoToken, postJson } from './demo-tokens.mjs';

let worker;
let url;

before(async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  worker = await startWorkerd({ port });
  url = worker.url;
});

after(() => {
  worker?.child.kill();
});

test('the worker runs the shared handlers (runtime, memory record store)', async () => {
  const config = await (await fetch(`${url}/api/config`)).json();
  assert.equal(config.runtime, 'workerd');
  assert.equal(config.recordStore, 'memory');
  assert.equal(config.origin, url);
});

test('bank: a consent token signed with the TEST signature key verifies, identity and record', async () => {
  const { body: c } = await postJson(`${url}/api/bank/challenge`, {});
  assert.match(c.termsSha256, /^[0-9a-f]{64}$/);
  const { status, body: r } = await postJson(`${url}/api/bank/verify`, { nonce: c.nonce, token: demoToken('sign', url, c.nonce) });
  assert.equal(status, 200);
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.kind, 'jpki-sign');
  assert.equal(r.identity.name, '山田\u3000太郎');
  assert.deepEqual(r.identity.nameSubstitutes, [1]);
  const { records } = await (await fetch(`${url}/api/bank/records`)).json();
  assert.equal(records[0].id, r.recordId);
  assert.equal(records[0].result, 'ok');
  assert.equal(records[0].termsSha256, c.termsSha256);
  // The auth key is not accepted for eKYC, and the nonce is used up.
  const { body: again } = await postJson(`${url}/api/bank/verify`, { nonce: c.nonce, token: demoToken('sign', url, c.nonce) });
  assert.equal(again.error.code, 'NONCE_REPLAYED');
});

test('badge: an auth token gets an ES256 badge that verifies with the employer JWKS', async () => {
  const { body: c } = await postJson(`${url}/api/badge/challenge`, {});
  const { body: r } = await postJson(`${url}/api/badge/verify`, { nonce: c.nonce, token: demoToken('auth', url, c.nonce) });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.employee.employeeId, 'E-1024');
  const jwks = await (await fetch(`${url}/api/badge/jwks`)).json();
  const v = await verifyJws(r.badge, { keys: jwks });
  assert.equal(v.ok, true, JSON.stringify(v.error));
  assert.equal(v.algorithm, 'ES256');
  assert.equal(v.payloadJson.sub, 'E-1024');
  // A sign token is the wrong kind for sign-in.
  const { body: c2 } = await postJson(`${url}/api/badge/challenge`, {});
  const { body: wrong } = await postJson(`${url}/api/badge/verify`, { nonce: c2.nonce, token: demoToken('sign', url, c2.nonce) });
  assert.equal(wrong.error.code, 'CERT_WRONG_PURPOSE');
});

test('hospital: eligible with the current CRL, CERT_REVOKED with the loss-report CRL', async () => {
  const { body: c } = await postJson(`${url}/api/hospital/challenge`, { crl: 'good' });
  const { body: r } = await postJson(`${url}/api/hospital/verify`, { nonce: c.nonce, token: demoToken('auth', url, c.nonce) });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.revocation.status, 'good');
  assert.equal(r.revocation.source, 'crl');
  assert.equal(r.eligibility.insurerNumber, '01130012');
  assert.match(r.lookupKey, /#01234567$/);
  const { body: c2 } = await postJson(`${url}/api/hospital/challenge`, { crl: 'revoked' });
  const { body: revoked } = await postJson(`${url}/api/hospital/verify`, { nonce: c2.nonce, token: demoToken('auth', url, c2.nonce) });
  assert.equal(revoked.ok, false);
  assert.equal(revoked.error.code, 'CERT_REVOKED');
});

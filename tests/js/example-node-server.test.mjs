// The Node starter in examples/node-server works as documented: a challenge, a token signed over
// it (TEST auth key, as the card would), a verified login, then the replay refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, sign } from 'node:crypto';
import { createHandler } from '../../examples/node-server/server.mjs';
import { pemToDer, repoText } from './helpers.mjs';

const ORIGIN = 'https://bank.example.jp';
const T0 = Date.parse('2026-06-01T00:00:00Z');
const sha256 = (t) => createHash('sha256').update(t, 'utf8').digest();

function token(origin, nonce) {
  const key = repoText('tests/data/jpki/keys/test_auth_ee.key.pem');
  const cert = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
  return {
    format: 'web-eid:1.0',
    unverifiedCertificate: Buffer.from(pemToDer(cert)).toString('base64'),
    algorithm: 'RS256',
    signature: sign('sha256', Buffer.concat([sha256(origin), sha256(nonce)]), key).toString('base64'),
    appVersion: 'https://example.test/1.0',
  };
}

test('challenge → login verifies once; replay and junk are refused with codes', async (t) => {
  const server = createServer(createHandler({ origin: ORIGIN, trust: 'jpki-test', now: () => T0 }));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${server.address().port}`;
  const { nonce } = await (await fetch(`${base}/challenge`)).json();
  assert.equal(nonce.length, 44);
  const login = (body) => fetch(`${base}/login`, { method: 'POST', body: JSON.stringify(body) });
  const ok = await login({ token: token(ORIGIN, nonce), nonce });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).kind, 'jpki-auth');
  const replay = await login({ token: token(ORIGIN, nonce), nonce });
  assert.equal(replay.status, 401);
  assert.equal((await replay.json()).error.code, 'NONCE_REPLAYED');
  const { nonce: n2 } = await (await fetch(`${base}/challenge`)).json();
  const foreign = await login({ token: token('https://evil.example', n2), nonce: n2 });
  assert.equal((await foreign.json()).error.code, 'SIGNATURE_INVALID');
  const junk = await fetch(`${base}/login`, { method: 'POST', body: '{not json' });
  assert.equal(junk.status, 400);
});

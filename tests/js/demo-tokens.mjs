// Shared by the demo tests (not a test file): Web eID tokens signed here with node:crypto and
// the TEST keys, as the virtual card would sign them, for a given origin and nonce.

import { createHash, sign } from 'node:crypto';
import { pemToDer, repoText } from './helpers.mjs';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest();

/** A web-eid:1.0 token over `origin` and `nonce`, by the TEST `auth` or `sign` key. */
export function demoToken(kind, origin, nonce) {
  const key = repoText(`tests/data/jpki/keys/test_${kind}_ee.key.pem`);
  const cert = repoText(`tests/data/jpki/testpki/test_${kind}_ee.pem`);
  return {
    unverifiedCertificate: Buffer.from(pemToDer(cert)).toString('base64'),
    algorithm: 'RS256',
    signature: sign('sha256', Buffer.concat([sha256(origin), sha256(nonce)]), key).toString('base64'),
    format: 'web-eid:1.0',
    appVersion: 'https://example.test/demo-test/1.0',
  };
}

/** POST JSON, parse the JSON answer. */
export async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

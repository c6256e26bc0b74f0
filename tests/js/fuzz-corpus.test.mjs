// The wasm boundary never panics or aborts: inputs from the crash-free fuzz corpora (the seeds
// and a committed sample of each campaign's corpus, tests/fuzz/corpus-sample) go through the JS
// API. Every call must resolve, or reject with a typed error carrying a `code`; a wasm trap
// (panic = abort → `RuntimeError: unreachable`) or an untyped throw fails the test, and the module
// must still verify a good token afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, sign } from 'node:crypto';
import {
  CrlIndex, inspectCertificate, verifyCertificate, verifyCms, verifyJws, verifyToken,
} from 'myna-verify';
import { fileURLToPath } from 'node:url';
import { pemToDer, repoText } from './helpers.mjs';

const repoPath = (rel) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

const ORIGIN = 'https://bank.example.jp';
const NONCE = 'T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q=';
const TIME = Date.parse('2026-06-01T00:00:00Z');
const authRoot = repoText('tests/data/jpki/testpki/test_auth_root.pem');
const keyset = JSON.parse(repoText('tests/data/jws/keyset.json'));

/** Every input of `target` in the seeds and the committed corpus sample. */
function inputs(target) {
  return ['tests/fuzz/seeds', 'tests/fuzz/corpus-sample'].flatMap((dir) => {
    const d = join(repoPath(dir), target);
    return existsSync(d) ? readdirSync(d).sort().map((f) => ({ name: `${dir}/${target}/${f}`, bytes: readFileSync(join(d, f)) })) : [];
  });
}

/** Resolve, or reject with a typed error: anything else is a failure of the boundary. */
async function survives(name, call) {
  try {
    await call();
  } catch (e) {
    assert.ok(typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code), `${name}: untyped throw ${e?.name}: ${e?.message}`);
  }
}

const sha256 = (t) => createHash('sha256').update(t, 'utf8').digest();
const key = repoText('tests/data/jpki/keys/test_auth_ee.key.pem');
const cert = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
/** A valid TEST auth token, so that OCSP evidence is actually weighed. */
const goodToken = {
  format: 'web-eid:1.0', algorithm: 'RS256', appVersion: 'https://example.test/1.0',
  unverifiedCertificate: Buffer.from(pemToDer(cert)).toString('base64'),
  signature: sign('sha256', Buffer.concat([sha256(ORIGIN), sha256(NONCE)]), key).toString('base64'),
};

const text = (b) => new TextDecoder().decode(b);

const CALLS = {
  token: (b) => verifyToken({ token: text(b), origin: ORIGIN, nonce: NONCE, time: TIME, trust: 'jpki-test' }),
  wire_text: (b) => Promise.all([
    verifyToken({ token: text(b), origin: ORIGIN, nonce: NONCE, time: TIME, trust: 'jpki-test' }),
    verifyJws(text(b), { keys: keyset, time: TIME }),
  ]),
  inspect: (b) => inspectCertificate(b),
  path: (b) => verifyCertificate({ certificate: b, time: TIME, trust: 'jpki-test' }),
  pem: (b) => Promise.all([inspectCertificate(text(b)), verifyCertificate({ certificate: text(b), time: TIME })]),
  crl: (b) => CrlIndex.build(b, authRoot).then((i) => {
    i.lookup('01234567');
    i.lookup(Uint8Array.of(0x01, 0x23, 0x45, 0x67));
    i.free();
  }),
  ocsp: (b) => verifyToken({
    token: goodToken, origin: ORIGIN, nonce: NONCE, time: TIME, trust: 'jpki-test',
    revocationEvidence: { ocsp: [{ response: b, issuer: authRoot }] },
  }),
  cms: (b) => verifyCms(b, { trust: 'jpki-test', time: TIME }),
  jws: (b) => verifyJws(text(b), { keys: keyset, time: TIME }),
};

for (const [target, call] of Object.entries(CALLS)) {
  test(`fuzz corpus through the JS API: ${target}`, async () => {
    const all = inputs(target);
    assert.ok(all.length > 0, `no inputs for ${target}`);
    for (const { name, bytes } of all) await survives(name, () => call(bytes));
  });
}

test('after the corpora the module still verifies a good token', async () => {
  const r = await verifyToken({ token: goodToken, origin: ORIGIN, nonce: NONCE, time: TIME, trust: 'jpki-test' });
  assert.equal(r.ok, true, JSON.stringify(r.error));
});

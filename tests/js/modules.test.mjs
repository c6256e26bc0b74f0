// The two verifier modules (pkg/core: tokens, certificates, JWS; pkg/: the same plus CRL, OCSP
// and CMS): the package loads the core first and the full module only for a call that needs
// it, and both answer the same calls alike. node --test runs this file in its own process, so
// nothing is loaded when it starts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from 'myna-verify';
import * as coreGlue from '../../pkg/core/myna_verify_core.js';
import * as fullGlue from '../../pkg/myna_verify.js';
import { repoText, webEidToken } from './helpers.mjs';

const authEe = repoText('tests/data/jpki/testpki/test_auth_ee.pem');
const authRoot = repoText('tests/data/jpki/testpki/test_auth_root.pem');
const signEe = repoText('tests/data/jpki/testpki/test_sign_ee.pem');
const crlGood = readFileSync(new URL('../data/revocation/crl_good.der', import.meta.url));
const ORIGIN = 'https://bank.example.jp';
const CRL_TIME = Date.parse('2026-11-02T00:00:00Z');
const wasm = (path) => readFileSync(new URL(`../../pkg/${path}`, import.meta.url));

test('a token without CRL or OCSP evidence loads the core only; a CRL then loads the full module', async () => {
  assert.deepEqual(sdk.loadedModules(), { core: false, full: false });
  const { nonce } = await sdk.issueChallenge({ time: CRL_TIME });
  const base = { token: webEidToken(ORIGIN, nonce), origin: ORIGIN, nonce, time: CRL_TIME, trust: 'jpki-test' };
  const plain = await sdk.verifyToken(base);
  assert.equal(plain.ok, true, JSON.stringify(plain.error));
  assert.equal(plain.revocation.status, 'unknown');
  const operator = await sdk.verifyToken({
    ...base,
    revocationEvidence: {
      operator: {
        certificateSha256: plain.certificate.sha256, status: 'good', checkedAt: CRL_TIME, source: 'op',
      },
    },
  });
  assert.equal(operator.revocation.status, 'good', 'operator verdicts are in the core');
  assert.deepEqual(sdk.loadedModules(), { core: true, full: false });

  const withCrl = await sdk.verifyToken({
    ...base, revocationEvidence: { crls: [{ crl: crlGood, issuer: authRoot }] },
  });
  assert.equal(withCrl.revocation.status, 'good', JSON.stringify(withCrl));
  assert.equal(withCrl.revocation.source, 'crl');
  assert.deepEqual(sdk.loadedModules(), { core: true, full: true });
  // From now on the full module answers every call, as the core did.
  assert.deepEqual(await sdk.verifyToken(base), plain);
});

test('the core module has no CRL, OCSP or CMS code, and says so when given CRL evidence', () => {
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm('core/myna_verify_core_bg.wasm')))
    .map((e) => e.name);
  for (const name of ['crlindex_new', 'verifyCms', 'buildOcspRequest', 'crlTbsPlan']) {
    assert.ok(!exports.includes(name), `${name} is not in the core`);
  }
  assert.ok(exports.includes('verifyToken'));
  coreGlue.initSync({ module: wasm('core/myna_verify_core_bg.wasm') });
  assert.throws(
    () => coreGlue.verifyToken({
      token: '{}', origin: ORIGIN, nonce: 'n'.repeat(43), time: CRL_TIME,
      revocationEvidence: { crls: [{ crl: crlGood, issuer: authRoot }] },
    }),
    (e) => e.code === 'INVALID_OPTIONS' && /full module/.test(e.message) && e.messageJa.length > 0,
  );
});

test('the core and the full module answer alike (certificates, tokens, signatures, errors)', () => {
  coreGlue.initSync({ module: wasm('core/myna_verify_core_bg.wasm') });
  fullGlue.initSync({ module: wasm('myna_verify_bg.wasm') });
  const nonce = 'a'.repeat(43);
  const token = JSON.stringify(webEidToken(ORIGIN, nonce));
  const broken = token.replace(/"signature":"(.)/, (m, c) => `"signature":"${c === 'A' ? 'B' : 'A'}`);
  const calls = [
    ['inspectCertificate', authEe],
    ['inspectCertificate', signEe],
    ['inspectCertificate', 'not a certificate'],
    ['verifyCertificate', { certificate: authEe, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyCertificate', { certificate: signEe, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyCertificate', { certificate: authEe, time: CRL_TIME }],
    ['verifyCertificate', { certificate: authEe, time: Date.parse('2040-01-01T00:00:00Z'), trust: 'jpki-test' }],
    ['verifyToken', { token, origin: ORIGIN, nonce, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyToken', { token: broken, origin: ORIGIN, nonce, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyToken', { token, origin: 'https://evil.example', nonce, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyToken', { token: '{"format":1}', origin: ORIGIN, nonce, time: CRL_TIME, trust: 'jpki-test' }],
    ['verifyToken', { token, origin: ORIGIN, nonce, time: CRL_TIME, revocation: 'require', trust: 'jpki-test' }],
  ];
  for (const [name, args] of calls) {
    const answer = (glue) => {
      try {
        return { returned: glue[name](args) };
      } catch (e) {
        return { thrown: { code: e.code, message: e.message, messageJa: e.messageJa } };
      }
    };
    assert.deepEqual(answer(coreGlue), answer(fullGlue), `${name}(${JSON.stringify(args).slice(0, 80)})`);
  }
});

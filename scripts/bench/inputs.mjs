// The benchmark's inputs, the same for every verifier: the TEST JPKI-shaped RSA-2048 chain of
// two (TEST auth root → TEST auth end-entity), a Web eID token signed with the end-entity's
// TEST key (RS256 over SHA-256(origin) ‖ SHA-256(nonce)), a compact JWS (RS256) signed with
// the same key, and (written by the native program) CRLs issued by the TEST auth root.

import { createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../toolchain.mjs';

export const ORIGIN = 'https://bank.example.jp';
/** 43 characters: the shortest nonce the verifier accepts (32 random bytes, base64url). */
export const NONCE = 'bW1uYS12ZXJpZnktYmVuY2htYXJrLW5vbmNlLTAwMDE';
/** 2026-06-01T00:00:00Z, inside the TEST end-entity's validity. */
export const TIME_SECONDS = 1_780_272_000;

export const ROOT_KEY_PATH = join(ROOT, 'tests/data/jpki/keys/test_auth_root.key.pem');
const EE_KEY_PATH = join(ROOT, 'tests/data/jpki/keys/test_auth_ee.key.pem');
const ROOT_CERT_PATH = join(ROOT, 'tests/data/jpki/testpki/test_auth_root.pem');
const EE_CERT_PATH = join(ROOT, 'tests/data/jpki/testpki/test_auth_ee.pem');

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest();
const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A compact RS256 JWS with `kid: "auth"`, made with node:crypto (checked by jose in the bench). */
function makeJws(key) {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'auth', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: 'bench', aud: ORIGIN, nonce: NONCE }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** Write the JS-made inputs into `dir`; returns their paths. */
export function writeInputs(dir) {
  mkdirSync(dir, { recursive: true });
  const root = new X509Certificate(readFileSync(ROOT_CERT_PATH));
  const ee = new X509Certificate(readFileSync(EE_CERT_PATH));
  const key = createPrivateKey(readFileSync(EE_KEY_PATH));
  const signedData = Buffer.concat([sha256(ORIGIN), sha256(NONCE)]);
  const signature = sign('sha256', signedData, key);
  const token = {
    unverifiedCertificate: ee.raw.toString('base64'),
    algorithm: 'RS256',
    signature: signature.toString('base64'),
    format: 'web-eid:1.0',
    appVersion: 'https://example.test/bench/1.0',
  };
  const files = {
    root: join(dir, 'root.der'),
    ee: join(dir, 'ee.der'),
    spki: join(dir, 'ee-spki.der'),
    token: join(dir, 'token.json'),
    signedData: join(dir, 'signed-data.bin'),
    signature: join(dir, 'token-signature.bin'),
    jws: join(dir, 'token.jws'),
    crlSmall: join(dir, 'crl-small.der'),
    crlLarge: join(dir, 'crl-large.der'),
    meta: join(dir, 'inputs.json'),
  };
  writeFileSync(files.root, root.raw);
  writeFileSync(files.ee, ee.raw);
  writeFileSync(files.spki, ee.publicKey.export({ type: 'spki', format: 'der' }));
  writeFileSync(files.token, JSON.stringify(token));
  writeFileSync(files.signedData, signedData);
  writeFileSync(files.signature, signature);
  writeFileSync(files.jws, makeJws(key));
  writeFileSync(files.meta, JSON.stringify({ origin: ORIGIN, nonce: NONCE, time: TIME_SECONDS }));
  return files;
}

/** Read the inputs back (for the measuring processes). */
export function readInputs(dir) {
  const meta = JSON.parse(readFileSync(join(dir, 'inputs.json'), 'utf8'));
  const bin = (name) => new Uint8Array(readFileSync(join(dir, name)));
  return {
    ...meta,
    timeMs: meta.time * 1000,
    root: bin('root.der'),
    ee: bin('ee.der'),
    spki: bin('ee-spki.der'),
    token: readFileSync(join(dir, 'token.json'), 'utf8'),
    signedData: bin('signed-data.bin'),
    signature: bin('token-signature.bin'),
    jws: readFileSync(join(dir, 'token.jws'), 'utf8'),
    crlSmall: bin('crl-small.der'),
  };
}

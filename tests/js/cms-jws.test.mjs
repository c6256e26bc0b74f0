// verifyCms and verifyJws through the package entry: OpenSSL-made CMS of the TEST signature
// certificate (tests/data/cms), jose-made JWS fixtures (tests/data/jws), and JWS signed here
// with the `jose` package, checked for agreement both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import * as jose from 'jose';
import { verifyCms, verifyJws } from 'myna-verify';
import { assertFailure, assertTypedError, flipBit, repoText } from './helpers.mjs';

const data = (rel) => new Uint8Array(readFileSync(new URL(`../../tests/data/${rel}`, import.meta.url)));
const CONTENT = data('cms/content.bin');
/** The fixtures' iat (2026-12-01T00:00:00Z) + 10 minutes; inside the TEST certificates' validity. */
const IAT = Date.parse('2026-12-01T00:00:00Z');
const NOW = IAT + 600_000;
const KEYSET = JSON.parse(repoText('tests/data/jws/keyset.json'));

// ------------------------------------------------------------------------------------ CMS

test('an attached CMS of the TEST signature certificate verifies with its identity and content', async () => {
  const r = await verifyCms(data('cms/attached.der'), { trust: 'jpki-test', time: NOW });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.ok(r.content instanceof Uint8Array);
  assert.deepEqual(r.content, CONTENT);
  assert.equal(r.detached, false);
  assert.equal(r.contentType, '1.2.840.113549.1.7.1');
  assert.equal(r.identity.name, '山田　太郎');
  assert.equal(r.signers.length, 1);
  assert.equal(r.signers[0].certificate.type, 'jpki');
  assert.equal(r.signers[0].certificate.kind, 'jpki-sign');
  assert.equal(r.signers[0].digestAlgorithm, 'SHA-256');
});

test('a detached CMS needs its content, and only that content', async () => {
  const detached = data('cms/detached.der');
  const ok = await verifyCms(detached, { content: CONTENT, trust: 'jpki-test', time: NOW });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  assert.equal(ok.detached, true);
  assertFailure(await verifyCms(detached, { trust: 'jpki-test', time: NOW }), 'CONTENT_MISSING');
  assertFailure(
    await verifyCms(detached, { content: flipBit(CONTENT, 0), trust: 'jpki-test', time: NOW }),
    'CONTENT_MISMATCH',
  );
});

test('a tampered, untrusted or expired CMS is reported', async () => {
  const attached = data('cms/attached.der');
  assertFailure(await verifyCms(flipBit(attached, -3), { trust: 'jpki-test', time: NOW }), 'SIGNATURE_INVALID');
  const contentAt = Buffer.from(attached).indexOf(Buffer.from(CONTENT));
  assert.ok(contentAt > 0);
  const changedContent = await verifyCms(flipBit(attached, contentAt), { trust: 'jpki-test', time: NOW });
  assertFailure(changedContent, 'CONTENT_MISMATCH');
  assertFailure(await verifyCms(attached, { time: NOW }), 'CERT_NOT_TRUSTED');
  assertFailure(await verifyCms(attached, { trust: 'jpki-test', time: '2029-06-01T00:00:00Z' }), 'CERT_EXPIRED');
  assertFailure(await verifyCms(new Uint8Array([0x30, 0x00]), { trust: 'jpki-test', time: NOW }), 'DER_MALFORMED');
  assertFailure(await verifyCms(new Uint8Array(1024 * 1024 + 1), { time: NOW }), 'INPUT_TOO_LARGE');
});

test('verifyCms misuse throws', async () => {
  const attached = data('cms/attached.der');
  await assertTypedError(verifyCms('MIIB...', { time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCms(attached, { trust: 'all', time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCms(attached, { content: 'text', time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCms(attached, { time: 'tomorrow' }), 'INVALID_OPTIONS');
  await assertTypedError(verifyCms(attached, { requireSigningTime: 1, time: NOW }), 'INVALID_OPTIONS');
});

// ------------------------------------------------------------------------------------ JWS

test('JWS fixtures verify with the key set, and jose agrees with the same key', async () => {
  for (const [file, kid] of [['es256-kid.jws', 'ec-1'], ['es384-kid.jws', 'ec-384'], ['rs256-kid.jws', 'rsa-1']]) {
    const compact = repoText(`tests/data/jws/${file}`).trim();
    const r = await verifyJws(compact, { keys: KEYSET, time: NOW });
    assert.equal(r.ok, true, `${file}: ${JSON.stringify(r.error)}`);
    assert.equal(r.keySource, 'keySet');
    assert.equal(r.kid, kid);
    assert.equal(r.payloadJson.sub, 'jws fixture');
    const jwk = KEYSET.keys.find((k) => k.kid === kid);
    const viaJose = await jose.compactVerify(compact, await jose.importJWK(jwk, r.algorithm));
    assert.deepEqual(new Uint8Array(viaJose.payload), r.payload, `${file}: same payload bytes`);
    assert.equal(viaJose.protectedHeader.alg, r.algorithm);
  }
});

test('the key set may be given as JSON text, and a text payload comes back as bytes', async () => {
  const compact = repoText('tests/data/jws/es256-text.jws').trim();
  const r = await verifyJws(compact, { keys: JSON.stringify(KEYSET), time: NOW });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.payloadJson, null);
  assert.ok(r.payload instanceof Uint8Array && r.payload.length > 0);
});

test('an x5c JWS of the TEST signature certificate verifies as JPKI with identity', async () => {
  const compact = repoText('tests/data/jws/rs256-x5c.jws').trim();
  const r = await verifyJws(compact, { trust: 'jpki-test', time: NOW });
  assert.equal(r.ok, true, JSON.stringify(r.error));
  assert.equal(r.keySource, 'x5c');
  assert.equal(r.certificate.type, 'jpki');
  assert.equal(r.certificate.identity.name, '山田　太郎');
  assertFailure(await verifyJws(compact, { time: NOW }), 'CERT_NOT_TRUSTED');
  assertFailure(await verifyJws(compact, { trust: null, time: NOW }), 'KEY_NOT_FOUND');
});

test('time claims, alg none, crit and the algorithm allow-list are enforced', async () => {
  const compact = repoText('tests/data/jws/es256-kid.jws').trim();
  assertFailure(await verifyJws(compact, { keys: KEYSET, time: IAT + 3_660_000 }), 'JWS_EXPIRED');
  assertFailure(await verifyJws(compact, { keys: KEYSET, time: IAT - 61_000 }), 'JWS_NOT_YET_VALID');
  assert.equal((await verifyJws(compact, { keys: KEYSET, time: IAT - 61_000, clockSkewSeconds: 120 })).ok, true);
  assertFailure(await verifyJws(compact, { keys: KEYSET, algorithms: ['RS256'], time: NOW }), 'UNSUPPORTED_ALGORITHM');
  const [, payload] = compact.split('.');
  const none = `${jose.base64url.encode('{"alg":"none","kid":"ec-1"}')}.${payload}.`;
  assertFailure(await verifyJws(none, { keys: KEYSET, time: NOW }), 'UNSUPPORTED_ALGORITHM');
  const crit = repoText('tests/data/jws/es256-crit.jws').trim();
  assertFailure(await verifyJws(crit, { keys: KEYSET, time: NOW }), 'JWS_CRIT_UNSUPPORTED');
  const wrongKey = { keys: [{ ...JSON.parse(repoText('tests/data/jws/wrong-key.jwk.json')), kid: 'ec-1' }] };
  assertFailure(await verifyJws(compact, { keys: wrongKey, time: NOW }), 'SIGNATURE_INVALID');
  assertFailure(await verifyJws(compact, { keys: { keys: [] }, time: NOW }), 'KEY_NOT_FOUND');
  assertFailure(await verifyJws(compact, { keys: { nokeys: 1 }, time: NOW }), 'KEY_INVALID');
});

/** A fresh key pair for `alg`, its public JWK (with kid) and its SPKI DER. */
async function keyPair(alg, kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg };
  const spki = new Uint8Array(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' }));
  return { privateKey, jwk, spki };
}

test('jose-signed ES256 and RS256 JWS are accepted; tampered ones are refused by both', async () => {
  for (const alg of ['ES256', 'RS256']) {
    const kid = `${alg.toLowerCase()}-fresh`;
    const { privateKey, jwk, spki } = await keyPair(alg, kid);
    const keys = { keys: [jwk] };
    const compact = await new jose.SignJWT({ sub: 'interop', n: 1 })
      .setProtectedHeader({ alg, kid })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const r = await verifyJws(compact, { keys });
    assert.equal(r.ok, true, `${alg}: ${JSON.stringify(r.error)}`);
    assert.equal(r.payloadJson.sub, 'interop');
    const viaSpki = await verifyJws(compact, { keys: spki });
    assert.equal(viaSpki.ok, true, `${alg} via SPKI: ${JSON.stringify(viaSpki.error)}`);

    const [h, p, s] = compact.split('.');
    const otherPayload = jose.base64url.encode(JSON.stringify({ sub: 'interop', n: 2 }));
    const sigBytes = jose.base64url.decode(s);
    sigBytes[5] ^= 1;
    for (const tampered of [`${h}.${otherPayload}.${s}`, `${h}.${p}.${jose.base64url.encode(sigBytes)}`]) {
      await assert.rejects(jose.compactVerify(tampered, await jose.importJWK(jwk, alg)));
      assertFailure(await verifyJws(tampered, { keys }), 'SIGNATURE_INVALID');
    }
  }
});

test('header and payloadJson are what JSON.parse gives: own __proto__, rounded big integers, exact fractions', async () => {
  const { privateKey, jwk } = await keyPair('ES256', 'json-shapes');
  const keys = { keys: [jwk] };
  // Texts signed as written: object literals would not keep "__proto__" as a member.
  const texts = [
    '{"__proto__":{"admin":true},"sub":"x"}',
    '{"id":9007199254740993,"neg":-9223372036854775809,"big":18446744073709551616}',
    '{"f":0.1,"z":-0,"e":1e2,"tiny":1.5e-400,"max":1.7976931348623157e308,"exp":4102444800.5}',
    '[{"__proto__":null},[1.0,-2.5e-3]]',
  ];
  for (const text of texts) {
    const compact = await new jose.CompactSign(new TextEncoder().encode(text))
      .setProtectedHeader({ alg: 'ES256', kid: 'json-shapes' })
      .sign(privateKey);
    const r = await verifyJws(compact, { keys });
    assert.equal(r.ok, true, `${text}: ${JSON.stringify(r.error)}`);
    assert.deepStrictEqual(r.payloadJson, JSON.parse(text), text);
    assert.deepStrictEqual(r.header, JSON.parse(new TextDecoder().decode(jose.base64url.decode(compact.split('.')[0]))));
  }
  const proto = (await verifyJws(
    await new jose.CompactSign(new TextEncoder().encode(texts[0])).setProtectedHeader({ alg: 'ES256', kid: 'json-shapes' }).sign(privateKey),
    { keys },
  )).payloadJson;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.equal(proto.admin, undefined, 'a signed "__proto__" member gives no inherited fields');
  assert.deepEqual(Object.keys(proto), ['__proto__', 'sub']);
});

test('verifyJws misuse throws', async () => {
  const compact = repoText('tests/data/jws/es256-kid.jws').trim();
  await assertTypedError(verifyJws(42, { keys: KEYSET, time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyJws(compact, { keys: 42, time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyJws(compact, { keys: KEYSET, algorithms: 'ES256', time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyJws(compact, { trust: 'everything', time: NOW }), 'INVALID_OPTIONS');
  await assertTypedError(verifyJws(compact, { keys: KEYSET, time: 'now' }), 'INVALID_OPTIONS');
});

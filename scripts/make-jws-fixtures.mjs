// Regenerates tests/data/jws/: compact JWS made by the `jose` npm package, for tests/jws.rs.
//
// - x5c: RS256 / PS256 signed with the TEST signature key of src/testpki
//   (tests/data/jpki/keys/test_sign_ee.key.pem), `x5c` = the TEST signature certificate (and,
//   for PS256, the TEST sign root plus `x5t#S256`).
// - kid: ES256, ES384 (fresh keys) and RS256 (the TEST signature key) with a `kid`, verified
//   against keyset.json (public JWKs). wrong-key.jwk.json is another P-256 key under kid ec-1.
// - extension headers: an unknown critical parameter and an unencoded payload (`b64`: false).
//
// jose is installed into a temporary directory (never into the repository). Claims are fixed
// (iat = nbf = 2026-12-01T00:00:00Z, exp one hour later); ECDSA and PSS signatures and the EC
// keys change on every run — tests/jws.rs depends only on validity, never on the bytes.
// Usage: node scripts/make-jws-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'tests', 'data', 'jws');
const work = mkdtempSync(join(tmpdir(), 'jws-fixtures-'));

try {
  execFileSync('npm', ['install', '--prefix', work, '--no-audit', '--no-fund', 'jose'], {
    stdio: 'ignore',
  });
  const jose = await import(
    pathToFileURL(join(work, 'node_modules', 'jose', 'dist', 'webapi', 'index.js')).href
  );
  await main(jose);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Base64 (standard alphabet) DER of the first certificate of a PEM file. */
function pemToBase64(path) {
  const text = readFileSync(path, 'utf8');
  const m = text.match(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/);
  if (!m) throw new Error(`no certificate in ${path}`);
  return m[1].replace(/\s+/g, '');
}

async function main(jose) {
  mkdirSync(out, { recursive: true });
  const write = (name, text) => {
    writeFileSync(join(out, name), text);
    console.log(`wrote ${join(out, name)}`);
  };
  const iat = 1796083200; // 2026-12-01T00:00:00Z
  const claims = { iss: 'myna-verify TEST', sub: 'jws fixture', iat, nbf: iat, exp: iat + 3600 };
  const json = (value) => new TextEncoder().encode(JSON.stringify(value));
  // `crit` names are declared to jose as understood, or it refuses to sign with them.
  const sign = (header, key, payload = json(claims)) =>
    new jose.CompactSign(payload)
      .setProtectedHeader(header)
      .sign(key, { crit: Object.fromEntries((header.crit ?? []).map((n) => [n, true])) });

  const keyPem = readFileSync(join(root, 'tests/data/jpki/keys/test_sign_ee.key.pem'), 'utf8');
  const rsaRs256 = await jose.importPKCS8(keyPem, 'RS256');
  const rsaPs256 = await jose.importPKCS8(keyPem, 'PS256');
  const ee = pemToBase64(join(root, 'tests/data/jpki/testpki/test_sign_ee.pem'));
  const signRoot = pemToBase64(join(root, 'tests/data/jpki/testpki/test_sign_root.pem'));
  const eeSha256 = jose.base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', Buffer.from(ee, 'base64'))),
  );

  write('rs256-x5c.jws', await sign({ alg: 'RS256', typ: 'JWT', x5c: [ee] }, rsaRs256));
  write(
    'ps256-x5c.jws',
    await sign({ alg: 'PS256', x5c: [ee, signRoot], 'x5t#S256': eeSha256 }, rsaPs256),
  );

  const ec256 = await jose.generateKeyPair('ES256', { extractable: true });
  const ec384 = await jose.generateKeyPair('ES384', { extractable: true });
  const other = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = async (key, kid, alg) => ({ ...(await jose.exportJWK(key)), kid, alg, use: 'sig' });
  const rsaPublic = await jose.exportJWK(await jose.importX509(
    `-----BEGIN CERTIFICATE-----\n${ee}\n-----END CERTIFICATE-----`, 'RS256'));
  const keyset = {
    keys: [
      await jwk(ec256.publicKey, 'ec-1', 'ES256'),
      await jwk(ec384.publicKey, 'ec-384', 'ES384'),
      { ...rsaPublic, kid: 'rsa-1', use: 'sig' },
    ],
  };
  write('keyset.json', `${JSON.stringify(keyset, null, 2)}\n`);
  write('wrong-key.jwk.json', `${JSON.stringify(await jwk(other.publicKey, 'ec-1', 'ES256'))}\n`);

  write('es256-kid.jws', await sign({ alg: 'ES256', kid: 'ec-1' }, ec256.privateKey));
  write('es384-kid.jws', await sign({ alg: 'ES384', kid: 'ec-384' }, ec384.privateKey));
  write('rs256-kid.jws', await sign({ alg: 'RS256', kid: 'rsa-1' }, rsaRs256));
  write(
    'es256-text.jws',
    await sign({ alg: 'ES256', kid: 'ec-1' }, ec256.privateKey,
      new TextEncoder().encode('not JSON: 署名対象のテキスト')),
  );
  write(
    'es256-crit.jws',
    await sign({ alg: 'ES256', kid: 'ec-1', crit: ['urn:example:ext'], 'urn:example:ext': 1 },
      ec256.privateKey),
  );
  // RFC 7797 unencoded payload; a payload of base64url characters only, so that the compact
  // form parses and the verifier reaches the `b64` rule.
  const unencoded = 'unencodedPayload';
  const flat = await new jose.FlattenedSign(new TextEncoder().encode(unencoded))
    .setProtectedHeader({ alg: 'ES256', kid: 'ec-1', b64: false, crit: ['b64'] })
    .sign(ec256.privateKey);
  write('es256-b64false.jws', `${flat.protected}.${unencoded}.${flat.signature}`);
}

// The verifiers under test, each doing the same jobs on the same inputs. `load(lib, inputs)`
// imports the library (so a cold start can time it) and returns { ops, version } where every
// op is an async function resolving true when the verification succeeded.
//
// Jobs: parse (decode the end-entity certificate), rsaVerify (one RS256 signature from the
// SPKI bytes: key decode + RSA), chain (end-entity → TEST root at the validation time), token
// (the Web eID token: JSON, certificate, chain, token signature), tokenCrl (the same plus a
// CRL lookup, CRL decoded once beforehand), crlSmall (decode + verify a small CRL), jws.

import { createHash, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../toolchain.mjs';

const subtle = globalThis.crypto.subtle;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const enc = new TextEncoder();

/** The installed version of an npm package (from its package.json). */
export function packageVersion(name) {
  const require = createRequire(join(ROOT, 'package.json'));
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    // Packages whose exports hide package.json: read it from node_modules.
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  }
}

function concat(a, b) {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(new Uint8Array(a), 0);
  out.set(new Uint8Array(b), a.byteLength);
  return out;
}

function spkiPem(der) {
  const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

/**
 * myna-verify through its npm entry (wasm under Node): the core module, as a first call loads
 * it, or with `full` the full module (CRL, OCSP, CMS), which then serves every call and adds
 * the token + CRL job (its CrlIndex built on the first call, in the warm-up).
 */
async function ours(inp, { full = false } = {}) {
  const sdk = await import('myna-verify');
  await (full ? sdk.initFull() : sdk.init());
  const time = inp.timeMs;
  const base = { origin: inp.origin, nonce: inp.nonce, time, trust: 'jpki-test' };
  let index = null;
  return {
    version: await sdk.version(),
    sdk,
    ops: {
      parse: async () => (await sdk.inspectCertificate(inp.ee)).serialNumber !== undefined,
      rsaVerify: () => sdk.verifySignature({
        spki: inp.spki, algorithm: 'RS256', message: inp.signedData, signature: inp.signature,
      }),
      chain: async () => (await sdk.verifyCertificate({
        certificate: inp.ee, time, trust: 'jpki-test',
      })).ok,
      token: async () => (await sdk.verifyToken({ ...base, token: inp.token })).ok,
      jws: async () => (await sdk.verifyJws(inp.jws, { keys: inp.spki, time, trust: null })).ok,
      ...(full ? { tokenCrl } : {}),
    },
  };

  async function tokenCrl() {
    index ??= await sdk.CrlIndex.build(inp.crlSmall, inp.root);
    const r = await sdk.verifyToken({ ...base, token: inp.token, revocationEvidence: { crls: [index] } });
    return r.ok && r.revocation.status === 'good';
  }
}

/** PKI.js (+ asn1js) with the platform's WebCrypto. */
async function pkijs(inp) {
  const pki = await import('pkijs');
  const checkDate = new Date(inp.timeMs);
  const root = pki.Certificate.fromBER(inp.root);
  const crl = pki.CertificateRevocationList.fromBER(inp.crlSmall);
  async function chainOf(ee, crls) {
    const engine = new pki.CertificateChainValidationEngine({
      trustedCerts: [root], certs: [ee], crls, checkDate,
    });
    return (await engine.verify()).result === true;
  }
  async function rsa(spki, data, signature) {
    const key = await subtle.importKey('spki', spki, RSA, false, ['verify']);
    return subtle.verify(RSA, key, signature, data);
  }
  async function token(crls) {
    const t = JSON.parse(inp.token);
    if (t.algorithm !== 'RS256') return false;
    const ee = pki.Certificate.fromBER(Buffer.from(t.unverifiedCertificate, 'base64'));
    if (!(await chainOf(ee, crls))) return false;
    const data = concat(
      await subtle.digest('SHA-256', enc.encode(inp.origin)),
      await subtle.digest('SHA-256', enc.encode(inp.nonce)),
    );
    const spki = ee.subjectPublicKeyInfo.toSchema().toBER(false);
    return rsa(spki, data, Buffer.from(t.signature, 'base64'));
  }
  return {
    version: `pkijs ${packageVersion('pkijs')}, asn1js ${packageVersion('asn1js')}`,
    ops: {
      parse: async () => pki.Certificate.fromBER(inp.ee).serialNumber !== undefined,
      rsaVerify: () => rsa(inp.spki, inp.signedData, inp.signature),
      chain: () => chainOf(pki.Certificate.fromBER(inp.ee), []),
      token: () => token([]),
      tokenCrl: () => token([crl]),
      crlSmall: () => pki.CertificateRevocationList.fromBER(inp.crlSmall)
        .verify({ issuerCertificate: root }),
    },
  };
}

/** jose: the JWS only (a key imported per call like the others, and a cached key). */
async function jose(inp) {
  const { compactVerify, importSPKI } = await import('jose');
  const pem = spkiPem(inp.spki);
  const cached = await importSPKI(pem, 'RS256');
  return {
    version: `jose ${packageVersion('jose')}`,
    ops: {
      jws: async () => (await compactVerify(inp.jws, await importSPKI(pem, 'RS256'))).payload.length > 0,
      jwsCachedKey: async () => (await compactVerify(inp.jws, cached)).payload.length > 0,
    },
  };
}

/** node:crypto (OpenSSL): the native floor; checks only what OpenSSL's calls check. */
async function node(inp) {
  const root = new X509Certificate(inp.root);
  const spki = { key: Buffer.from(inp.spki), format: 'der', type: 'spki' };
  const t = inp.timeMs;
  const chain = (ee) => ee.checkIssued(root) && ee.verify(root.publicKey)
    && Date.parse(ee.validFrom) <= t && t <= Date.parse(ee.validTo);
  const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest();
  return {
    version: `node:crypto, OpenSSL ${process.versions.openssl}`,
    ops: {
      parse: async () => new X509Certificate(inp.ee).serialNumber.length > 0,
      rsaVerify: async () => nodeVerify('sha256', inp.signedData, spki, inp.signature),
      chain: async () => chain(new X509Certificate(inp.ee)),
      token: async () => {
        const tok = JSON.parse(inp.token);
        if (tok.algorithm !== 'RS256') return false;
        const ee = new X509Certificate(Buffer.from(tok.unverifiedCertificate, 'base64'));
        if (!chain(ee)) return false;
        const data = Buffer.concat([sha256(inp.origin), sha256(inp.nonce)]);
        return nodeVerify('sha256', data, ee.publicKey, Buffer.from(tok.signature, 'base64'));
      },
      jws: async () => {
        const [h, p, s] = inp.jws.split('.');
        const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
        if (header.alg !== 'RS256' || p === undefined) return false;
        return nodeVerify('sha256', Buffer.from(`${h}.${p}`), spki, Buffer.from(s, 'base64url'));
      },
    },
  };
}

export const LIBS = {
  ours, 'ours-full': (inp) => ours(inp, { full: true }), pkijs, jose, node,
};

/** Load one verifier by name. */
export function load(lib, inputs) {
  const make = LIBS[lib];
  if (!make) throw new Error(`unknown verifier ${lib}`);
  return make(inputs);
}

// The three relying parties of the demo — bank eKYC, employer badge portal, hospital eligibility —
// as one Fetch-style handler (`Request` → `Response`). The same module runs under Node
// (scripts/demo-server.mjs, node:http) and under workerd (www/server/worker.mjs): everything
// runtime-specific (the SDK entry, the record store, the fixture bytes) is passed in.
//
// Every decision about the card's token is the SDK's (`verifyToken`); this file issues
// challenges, remembers what each nonce was issued for, applies each relying party's policy and
// turns the verdict into a small JSON answer for the page.

import { createBadgeSigner } from './badge-signer.mjs';
import { findEligibility, findEmployee, lookupKey } from './directory.mjs';

/** What the bank's customer agrees to; its SHA-256 is bound to the nonce and recorded. */
export const BANK_TERMS = {
  version: '2026-11',
  ja: 'みらい銀行（デモ）普通預金口座開設申込書：私は、口座開設のため、署名用電子証明書に記録された氏名・住所・生年月日・性別を銀行に提供し、'
    + '犯罪による収益の移転防止に関する法律施行規則第6条第1項第1号ワに基づく本人確認に同意します。',
  en: 'Mirai Bank (demo) savings account application: to open an account I provide the bank with the name, address, '
    + 'date of birth and gender recorded in my signature certificate, and consent to identity verification under '
    + 'Article 6(1)(i)(wa) of the Ordinance for Enforcement of the Act on Prevention of Transfer of Criminal Proceeds.',
};

/**
 * The hospital's demo clocks. The revocation fixtures (tests/data/revocation, made by
 * scripts/make-revocation-fixtures.sh) are CRLs of the TEST auth root with thisUpdate
 * 2026-11-01 and nextUpdate 2026-11-08, so the hospital validates at 2026-11-02 plus the time
 * since the server started; `after-expiry` is a day after the TEST card's certificates expire.
 */
export const HOSPITAL_CLOCKS = {
  'crl-window': Date.parse('2026-11-02T00:00:00Z'),
  'after-expiry': Date.parse('2029-02-01T00:00:00Z'),
};

/** Largest request body read (a token with a 2 KB certificate is about 4 KB). */
const MAX_BODY = 64 * 1024;
/** Nonces remembered per flow (context: terms hash or hospital scenario). */
const MAX_PENDING = 10_000;
const CHALLENGE_TTL_SECONDS = 300;
const BADGE_LIFETIME_SECONDS = 8 * 3600;

/**
 * The demo's API.
 * - `sdk`: the myna-verify entry of the runtime (js/node.js or js/workerd.js, initialised).
 * - `records`: the bank's record store (records.mjs / records-sqlite.mjs).
 * - `origin`: this site's origin exactly as browsers serialise it, or a function returning it.
 * - `fixtures`: `{ authRootPem, crlGood, crlRevoked }` (PEM text, DER bytes).
 * - `now`: the clock (epoch ms); the verifier itself never reads one.
 * Returns `{ fetch(request) → Promise<Response> }` answering `/api/…` (404 for anything else).
 */
export function createDemoApp({ sdk, records, origin, fixtures, now = () => Date.now(), runtime = 'node' }) {
  const startedAt = now();
  const originOf = typeof origin === 'function' ? origin : () => origin;
  const flows = {
    bank: { store: sdk.createMemoryNonceStore(), context: new Map() },
    badge: { store: sdk.createMemoryNonceStore(), context: new Map() },
    hospital: { store: sdk.createMemoryNonceStore(), context: new Map() },
  };
  let signer = null; // created on first use: workers may not make keys at start-up
  let crls = null;

  const badgeSigner = () => (signer ??= createBadgeSigner());
  const crlIndexes = () => (crls ??= (async () => ({
    good: await sdk.CrlIndex.build(fixtures.crlGood, fixtures.authRootPem),
    revoked: await sdk.CrlIndex.build(fixtures.crlRevoked, fixtures.authRootPem),
  }))());
  const hospitalTime = (clock) => HOSPITAL_CLOCKS[clock] + (now() - startedAt);

  /** Base options of every verifyToken call of this site. */
  function tokenOptions(body, flow, time) {
    const site = originOf();
    return {
      token: body.token,
      origin: site,
      nonce: body.nonce,
      nonceStore: flows[flow].store,
      time,
      trust: 'jpki-test',
      allowDevOrigins: site.startsWith('http://'),
    };
  }

  async function challenge(flow, context, time) {
    const pending = flows[flow].context;
    if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value);
    const c = await sdk.issueChallenge({ ttlSeconds: CHALLENGE_TTL_SECONDS, time, store: flows[flow].store });
    pending.set(c.nonce, context);
    return c;
  }

  /** The context a nonce was issued with (taken out: one attempt per nonce). */
  function takeContext(flow, nonce) {
    const pending = flows[flow].context;
    const ctx = typeof nonce === 'string' ? pending.get(nonce) : undefined;
    if (ctx !== undefined) pending.delete(nonce);
    return ctx;
  }

  const routes = {
    'GET /api/config': async () => ({
      origin: originOf(),
      trust: 'jpki-test',
      runtime,
      recordStore: records.kind,
      hospitalClocks: Object.fromEntries(
        Object.entries(HOSPITAL_CLOCKS).map(([k, v]) => [k, new Date(v).toISOString()]),
      ),
    }),

    // ---- bank eKYC (犯収法 施行規則 6条1項1号ワ) ----
    'POST /api/bank/challenge': async () => {
      const termsSha256 = await sha256Hex(`${BANK_TERMS.version}\n${BANK_TERMS.ja}\n${BANK_TERMS.en}`);
      const c = await challenge('bank', { termsSha256 }, now());
      return { nonce: c.nonce, expiresAt: c.expiresAt, terms: BANK_TERMS, termsSha256 };
    },
    'POST /api/bank/verify': async (body) => {
      const ctx = takeContext('bank', body.nonce);
      const time = now();
      const r = await sdk.verifyToken({
        ...tokenOptions(body, 'bank', time),
        acceptedKinds: ['jpki-sign'],
        requiredAttributes: ['name', 'address', 'dateOfBirth', 'gender'],
        revocation: 'prefer',
      });
      const token = parseToken(body.token);
      const id = await records.add({
        verifiedAt: new Date(time).toISOString(),
        flow: 'bank-ekyc',
        result: r.ok ? 'ok' : r.error.code,
        message: r.ok ? null : r.error.message,
        termsSha256: ctx?.termsSha256 ?? null,
        nonce: typeof body.nonce === 'string' ? body.nonce : null,
        certificateSha256: r.ok ? r.certificate.sha256 : null,
        certificateSerial: r.ok ? r.certificate.serialNumber : null,
        certificateIssuer: r.ok ? r.certificate.issuer : null,
        certificateB64: typeof token?.unverifiedCertificate === 'string' ? token.unverifiedCertificate : null,
        token,
        identity: r.ok ? r.identity : null,
      });
      return { ...summary(r), recordId: id, termsSha256: ctx?.termsSha256 ?? null };
    },
    'GET /api/bank/records': async () => ({ store: records.kind, records: await records.list(20) }),

    // ---- employer badge portal ----
    'POST /api/badge/challenge': async () => {
      const c = await challenge('badge', {}, now());
      return { nonce: c.nonce, expiresAt: c.expiresAt };
    },
    'POST /api/badge/verify': async (body) => {
      takeContext('badge', body.nonce);
      const time = now();
      const r = await sdk.verifyToken({ ...tokenOptions(body, 'badge', time), acceptedKinds: ['jpki-auth'] });
      if (!r.ok) return summary(r);
      const employee = findEmployee(r.certificate);
      if (!employee) return notEnrolled(r, 'NOT_ENROLLED', 'This card is not enrolled for any employee.', 'このカードはどの従業員にも登録されていません。');
      const s = await badgeSigner();
      const iat = Math.floor(time / 1000);
      const badge = await s.sign({
        iss: originOf(),
        sub: employee.employeeId,
        name: employee.name,
        department: employee.department,
        gates: employee.gates,
        iat,
        nbf: iat,
        exp: iat + BADGE_LIFETIME_SECONDS,
        card: { issuer: r.certificate.issuer, serialNumber: r.certificate.serialNumber },
      });
      return { ...summary(r), employee, badge, kid: s.kid };
    },
    'GET /api/badge/jwks': async () => (await badgeSigner()).jwks,

    // ---- hospital eligibility (資格確認) ----
    'POST /api/hospital/challenge': async (body) => {
      const crl = body.crl === 'revoked' ? 'revoked' : 'good';
      const clock = body.clock === 'after-expiry' ? 'after-expiry' : 'crl-window';
      const time = hospitalTime(clock);
      const c = await challenge('hospital', { crl, clock }, time);
      return { nonce: c.nonce, expiresAt: c.expiresAt, crl, clock, time: new Date(time).toISOString() };
    },
    'POST /api/hospital/verify': async (body) => {
      const ctx = takeContext('hospital', body.nonce) ?? { crl: 'good', clock: 'crl-window' };
      const time = hospitalTime(ctx.clock);
      const index = (await crlIndexes())[ctx.crl];
      const r = await sdk.verifyToken({
        ...tokenOptions(body, 'hospital', time),
        acceptedKinds: ['jpki-auth'],
        revocation: 'require',
        revocationEvidence: { crls: [index] },
      });
      const base = { ...summary(r), time: new Date(time).toISOString(), crl: { which: ctx.crl, thisUpdate: index.thisUpdate, nextUpdate: index.nextUpdate } };
      if (!r.ok) return base;
      return { ...base, lookupKey: lookupKey(r.certificate), eligibility: findEligibility(r.certificate) };
    },
  };

  async function fetch(request) {
    const url = new URL(request.url);
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return json(404, { ok: false, error: plainError('NOT_FOUND', 'No such API.', 'その API はありません。') });
    let body = {};
    if (request.method === 'POST') {
      const text = await request.text();
      if (text.length > MAX_BODY) return json(413, { ok: false, error: plainError('INPUT_TOO_LARGE', 'Request too large.', 'リクエストが大きすぎます。') });
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return json(400, { ok: false, error: plainError('BAD_REQUEST', 'The request is not JSON.', 'リクエストが JSON ではありません。') });
      }
      if (body === null || typeof body !== 'object') body = {};
    }
    try {
      return json(200, await route(body));
    } catch (e) {
      // Misuse reported by the SDK (a typed error), or a bug here: a 400 with the code.
      const code = typeof e?.code === 'string' ? e.code : 'SERVER_ERROR';
      return json(code === 'SERVER_ERROR' ? 500 : 400, {
        ok: false, error: plainError(code, e?.message ?? String(e), e?.messageJa ?? 'サーバーエラー'),
      });
    }
  }

  return { fetch };
}

/** What the page needs of a verdict (the full chain stays on the server). */
function summary(r) {
  if (!r.ok) return { ok: false, error: r.error };
  return {
    ok: true,
    kind: r.kind,
    certificate: r.certificate,
    identity: r.identity ?? null,
    trustAnchor: r.trustAnchor,
    revocation: r.revocation,
    warnings: r.warnings,
  };
}

function notEnrolled(r, code, message, messageJa) {
  return { ...summary(r), ok: false, verified: true, error: plainError(code, message, messageJa) };
}

function plainError(code, message, messageJa) {
  return { code, message, messageJa };
}

/** The token as an object for the record (null when it is not JSON). */
function parseToken(token) {
  if (token !== null && typeof token === 'object') return token;
  if (typeof token !== 'string') return null;
  try {
    const v = JSON.parse(token);
    return v !== null && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}

async function sha256Hex(text) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function json(status, value) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

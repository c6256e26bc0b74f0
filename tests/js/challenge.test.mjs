// Challenges through the package entry: plain nonces (crypto.getRandomValues → Rust), sealed
// challenges (HMAC-SHA-256 under the caller's secret, bound to the origin) and their opening.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMemoryNonceStore, issueChallenge, issueSealedChallenge, openSealedChallenge,
} from 'myna-verify';
import { assertTypedError } from './helpers.mjs';

const ORIGIN = 'https://bank.example.jp';
const T0 = Date.parse('2026-06-01T00:00:00Z');
const SECRET = new Uint8Array(32).fill(7);

test('a challenge nonce is 44-character base64 of 32 random bytes, new every time', async () => {
  const a = await issueChallenge({ ttlSeconds: 300, time: T0 });
  const b = await issueChallenge({ ttlSeconds: 300, time: T0 });
  for (const { nonce } of [a, b]) {
    assert.equal(nonce.length, 44);
    assert.match(nonce, /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(nonce, 'base64').length, 32);
  }
  assert.notEqual(a.nonce, b.nonce);
  assert.equal(a.expiresAt, '2026-06-01T00:05:00Z');
  const byDefault = await issueChallenge();
  const expires = Date.parse(byDefault.expiresAt);
  assert.ok(Math.abs(expires - (Date.now() + 300_000)) < 5_000, 'default: now + 300 s');
});

test('issueChallenge remembers the nonce in a given store', async () => {
  const store = createMemoryNonceStore();
  const { nonce } = await issueChallenge({ time: T0, store });
  assert.equal(store.size, 1);
  assert.equal(store.consume(nonce, T0 + 1000), true);
  assert.equal(store.consume(nonce, T0 + 1000), 'NONCE_REPLAYED');
  assert.equal(store.consume('never issued', T0), 'NONCE_NOT_FOUND');
});

test('the memory store is bounded and drops expired nonces when full', async () => {
  const store = createMemoryNonceStore({ capacity: 2 });
  const soon = Date.now() + 60_000;
  store.remember('a', soon);
  store.remember('b', new Date(soon).toISOString());
  assert.throws(() => store.remember('c', new Date(Date.now() + 60_000)), RangeError, 'full of live nonces');
  const fresh = createMemoryNonceStore({ capacity: 1 });
  fresh.remember('old', new Date(Date.now() - 60_000));
  fresh.remember('new', new Date(Date.now() + 60_000));
  assert.equal(fresh.size, 1);
  assert.equal(fresh.consume('old'), 'NONCE_NOT_FOUND');
});

test('ttlSeconds outside 1..=86400 or not whole is misuse', async () => {
  await assertTypedError(issueChallenge({ ttlSeconds: 0 }), 'INVALID_OPTIONS');
  await assertTypedError(issueChallenge({ ttlSeconds: 86_401 }), 'INVALID_OPTIONS');
  await assertTypedError(issueChallenge({ ttlSeconds: 1.5 }), 'INVALID_OPTIONS');
  await assertTypedError(issueChallenge({ ttlSeconds: '300' }), 'INVALID_OPTIONS');
  await assertTypedError(issueChallenge({ time: 'soon' }), 'INVALID_OPTIONS');
});

test('a sealed challenge round-trips and expires', async () => {
  const c = await issueSealedChallenge({ secret: SECRET, origin: ORIGIN, ttlSeconds: 60, time: T0 });
  assert.match(c.nonce, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  assert.equal(c.expiresAt, '2026-06-01T00:01:00Z');
  const open = (time, extra = {}) => openSealedChallenge({
    secret: SECRET, origin: ORIGIN, nonce: c.nonce, time, ...extra,
  });
  assert.deepEqual(await open(T0 + 10_000), { ok: true, expiresAt: c.expiresAt });
  assert.equal((await open(T0 + 60_000)).ok, true, 'the last second is accepted');
  const expired = await open(T0 + 61_000);
  assert.equal(expired.ok, false);
  assert.equal(expired.error.code, 'NONCE_EXPIRED');
  const another = await issueSealedChallenge({ secret: SECRET, origin: ORIGIN, ttlSeconds: 60, time: T0 });
  assert.notEqual(another.nonce, c.nonce);
});

test('a sealed challenge is bound to its origin and secret', async () => {
  const c = await issueSealedChallenge({ secret: SECRET, origin: ORIGIN, time: T0 });
  const open = (extra) => openSealedChallenge({
    secret: SECRET, origin: ORIGIN, nonce: c.nonce, time: T0 + 1000, ...extra,
  });
  for (const extra of [
    { origin: 'https://evil.example.jp' },
    { secret: new Uint8Array(32).fill(8) },
    { nonce: `${c.nonce.slice(0, -2)}AA` },
    { nonce: 'not a sealed challenge' },
  ]) {
    const r = await open(extra);
    assert.equal(r.ok, false, JSON.stringify(extra));
    assert.equal(r.error.code, 'CHALLENGE_INVALID');
    assert.match(r.error.messageJa, /[\u3040-\u30ff\u4e00-\u9fff]/);
  }
});

test('a string secret means its UTF-8 bytes', async () => {
  const text = 'シークレット-0123456789-abcdefghij';
  assert.ok(new TextEncoder().encode(text).length >= 32);
  const c = await issueSealedChallenge({ secret: text, origin: ORIGIN, time: T0 });
  const r = await openSealedChallenge({
    secret: new TextEncoder().encode(text), origin: ORIGIN, nonce: c.nonce, time: T0,
  });
  assert.equal(r.ok, true);
});

test('sealed challenge misuse throws', async () => {
  await assertTypedError(
    issueSealedChallenge({ secret: new Uint8Array(31), origin: ORIGIN }), 'INVALID_OPTIONS',
  );
  await assertTypedError(issueSealedChallenge({ secret: 42, origin: ORIGIN }), 'INVALID_OPTIONS');
  await assertTypedError(issueSealedChallenge({ secret: SECRET }), 'INVALID_OPTIONS');
  await assertTypedError(issueSealedChallenge({ secret: SECRET, origin: 'https://Bank.example.jp' }), 'ORIGIN_INVALID');
  await assertTypedError(
    openSealedChallenge({ secret: SECRET, origin: ORIGIN, nonce: 5, time: T0 }), 'INVALID_OPTIONS',
  );
  await assertTypedError(
    openSealedChallenge({ secret: 'short', origin: ORIGIN, nonce: 'x', time: T0 }), 'INVALID_OPTIONS',
  );
  const dev = await issueSealedChallenge({ secret: SECRET, origin: 'http://localhost:3000', allowDevOrigins: true, time: T0 });
  const r = await openSealedChallenge({
    secret: SECRET, origin: 'http://localhost:3000', allowDevOrigins: true, nonce: dev.nonce, time: T0,
  });
  assert.equal(r.ok, true);
});

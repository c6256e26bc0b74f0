// Shared by the demo tests (not a test file): Web eID tokens signed here with node:crypto and
// the TEST keys, as the virtual card would sign them, for a given origin and nonce.

import { webEidToken } from './helpers.mjs';

/** A web-eid:1.0 token over `origin` and `nonce`, by the TEST `auth` or `sign` key. */
export function demoToken(kind, origin, nonce) {
  return webEidToken(origin, nonce, { appVersion: 'https://example.test/demo-test/1.0' }, kind);
}

/** POST JSON, parse the JSON answer. */
export async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// The demo's Node server (scripts/demo-server.mjs): the shared handlers over node:http, the
// bank's records in a real SQLite file (better-sqlite3), headers and the server modules hidden.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDemo } from '../../scripts/demo-server.mjs';
import { demoToken, postJson } from './demo-tokens.mjs';

let demo;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'myna-demo-'));
  demo = await startDemo({ port: 0, db: join(dir, 'records.sqlite'), quiet: true });
});

after(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a bank verification, good or bad, is a row in the SQLite file', async () => {
  const url = demo.url;
  const { body: c } = await postJson(`${url}/api/bank/challenge`, {});
  const token = demoToken('sign', url, c.nonce);
  const { body: ok } = await postJson(`${url}/api/bank/verify`, { nonce: c.nonce, token });
  assert.equal(ok.ok, true, JSON.stringify(ok.error));
  const { body: c2 } = await postJson(`${url}/api/bank/challenge`, {});
  const { body: bad } = await postJson(`${url}/api/bank/verify`, { nonce: c2.nonce, token: demoToken('sign', 'https://evil.example', c2.nonce) });
  assert.equal(bad.error.code, 'SIGNATURE_INVALID');

  const db = new Database(join(dir, 'records.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT * FROM verification ORDER BY id').all();
  db.close();
  assert.equal(rows.length, 2);
  assert.equal(rows[0].result, 'ok');
  assert.equal(rows[0].certificate_serial, '09876543');
  assert.equal(rows[0].certificate_b64, token.unverifiedCertificate);
  assert.equal(JSON.parse(rows[0].token_json).signature, token.signature);
  assert.equal(JSON.parse(rows[0].identity_json).name, '山田\u3000太郎');
  assert.equal(rows[0].terms_sha256, c.termsSha256);
  assert.ok(Date.parse(rows[0].verified_at) > 0);
  assert.equal(rows[1].result, 'SIGNATURE_INVALID');
  assert.equal(rows[1].identity_json, null);
});

test('pages get the strict CSP; the server modules are not served', async () => {
  const res = await fetch(`${demo.url}/bank/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await res.text();
  assert.doesNotMatch(html, /<script>|<style[\s>]|\sstyle="|\son[a-z]+="/i, 'no inline script, style or handler');
  assert.equal((await fetch(`${demo.url}/server/handlers.mjs`)).status, 404);
  assert.equal((await fetch(`${demo.url}/api/nope`)).status, 404);
});

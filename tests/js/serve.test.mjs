// The playground server: security headers, MIME types, no path traversal, and a page that
// needs no inline script and no third-party request (so the strict CSP holds).

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, SECURITY_HEADERS } from '../../scripts/serve.mjs';

let server;
let base;

before(async () => {
  server = await serve({ port: 0 });
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

/** GET/other with the path sent verbatim (fetch would normalise `..`). */
function raw(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the page is served with the strict CSP', async () => {
  const res = await raw('/');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['content-security-policy'], "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
  assert.equal(res.headers['content-security-policy'], SECURITY_HEADERS['Content-Security-Policy']);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(res.body.toString(), /<script type="module" src="\/playground.js"><\/script>/);
});

test('module, loader and samples have the right types', async () => {
  const wasm = await raw('/pkg/myna_verify_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers['content-type'], 'application/wasm');
  assert.deepEqual([...wasm.body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic');
  assert.match((await raw('/js/index.js')).headers['content-type'], /^text\/javascript/);
  assert.match((await raw('/pkg/myna_verify.js')).headers['content-type'], /^text\/javascript/);
  assert.match((await raw('/playground.js')).headers['content-type'], /^text\/javascript/);
  const sample = await raw('/samples/testpki/test_sign_ee.pem');
  assert.equal(sample.status, 200);
  assert.match(sample.body.toString(), /BEGIN CERTIFICATE/);
  assert.equal((await raw('/samples/auth_ca_2023.pem')).status, 200);
});

test('paths outside the mounts are refused', async () => {
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/js/../../Cargo.toml',
    '/samples/../../../tests/data/jpki/keys/test_sign_ee.key.pem', '/pkg/%00', '/nope.html', '/scripts/serve.mjs']) {
    assert.equal((await raw(path)).status, 404, path);
  }
  assert.equal((await raw('/', 'POST')).status, 405);
});

test('www/ has no inline script or style and requests nothing from another origin', () => {
  const dir = new URL('../../www/', import.meta.url);
  // Every served file of www/ and its folders (www/server/ holds the demo's server modules,
  // which the demo server does not serve).
  const names = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(fileURLToPath(dir).length))
    .filter((name) => !name.startsWith('server/'));
  assert.ok(names.includes('index.html'));
  for (const name of names) {
    // An SVG's namespace name is not a request.
    const text = readFileSync(new URL(name, dir), 'utf8').replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '');
    assert.doesNotMatch(text, /https?:\/\//, `${name}: absolute URL`);
    if (name.endsWith('.html')) {
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${name}: inline <script>`);
      assert.doesNotMatch(text, /\son[a-z]+=/i, `${name}: inline event handler`);
      assert.doesNotMatch(text, /\sstyle=|<style/i, `${name}: inline style`);
    }
  }
});

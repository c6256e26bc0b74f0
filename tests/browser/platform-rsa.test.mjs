// In Chromium the SDK has WebCrypto check RSA PKCS#1 v1.5 signatures by default: a token and a
// broken one get the same results as with setPlatformRsa(false), and WebCrypto is really asked.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './demo-helpers.mjs';
import { webEidToken } from '../js/helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const ORIGIN = 'https://bank.example.jp';
const NONCE = 'bm9uY2Ugb2YgdGhlIHBsYXRmb3JtIFJTQSB0ZXN0cywgYmFzZTY0';

test('Chromium: tokens verify alike with WebCrypto doing the RSA (the default) and without', async () => {
  const { page, context, problems } = await openPage(env, '/');
  try {
    const tokens = [webEidToken(ORIGIN, NONCE), webEidToken(ORIGIN, `${NONCE}x`)].map((t) => JSON.stringify(t));
    const out = await page.evaluate(async ({ tokens, origin, nonce }) => {
      const sdk = await import('/js/index.js');
      const subtle = globalThis.crypto.subtle;
      const verify = subtle.verify.bind(subtle);
      let calls = 0;
      subtle.verify = (...a) => { calls += 1; return verify(...a); };
      const time = Date.parse('2026-06-01T00:00:00Z');
      const run = (token) => sdk.verifyToken({ token, origin, nonce, time, trust: 'jpki-test' });
      const platform = [];
      for (const t of tokens) platform.push(await run(t));
      const platformCalls = calls;
      sdk.setPlatformRsa(false);
      const wasm = [];
      for (const t of tokens) wasm.push(await run(t));
      sdk.setPlatformRsa(true);
      delete subtle.verify;
      return { platform, wasm, platformCalls, wasmCalls: calls - platformCalls };
    }, { tokens, origin: ORIGIN, nonce: NONCE });
    assert.deepEqual(out.platform, out.wasm);
    assert.equal(out.platform[0].ok, true, JSON.stringify(out.platform[0].error));
    assert.equal(out.platform[1].error?.code, 'SIGNATURE_INVALID');
    assert.equal(out.platformCalls, 4, 'two RSA checks per token through WebCrypto');
    assert.equal(out.wasmCalls, 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

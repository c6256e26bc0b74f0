// The two verifier modules in a real browser page (the demo's playground, served by the demo
// server): the page's first calls fetch and compile only the core module; the first call that
// needs CRL, OCSP or CMS fetches the full module, which then answers.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './demo-helpers.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const CORE = '/pkg/core/myna_verify_core_bg.wasm';
const FULL = '/pkg/myna_verify_bg.wasm';

test('a page loads the core module first and the full module only for a CRL/OCSP/CMS call', async () => {
  const { page, context, problems } = await openPage(env, '/');
  const wasm = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname);
  });
  try {
    // The playground shows the version once the SDK has answered its first call.
    await page.waitForFunction(() => /^\d+\.\d+\.\d+$/.test(document.getElementById('version')?.textContent ?? ''));
    const before = await page.evaluate(async () => (await import('/js/index.js')).loadedModules());
    assert.deepEqual(before, { core: true, full: false });
    // The listener may have been attached after the core's request: only the full one is absent.
    assert.ok(!wasm.includes(FULL), `no full module yet: ${wasm.join(', ')}`);

    const thrown = await page.evaluate(async () => {
      const sdk = await import('/js/index.js');
      try {
        await sdk.buildOcspRequest({});
        return null;
      } catch (e) {
        return { code: e.code, loaded: sdk.loadedModules() };
      }
    });
    assert.deepEqual(thrown, { code: 'INVALID_OPTIONS', loaded: { core: true, full: true } });
    assert.deepEqual(wasm.filter((p) => p === FULL), [FULL], 'the full module fetched once');
    assert.ok(!wasm.includes(CORE), 'the core was not fetched again');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

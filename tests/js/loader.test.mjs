// The Node entry (package self-reference, as a user imports it): lazy init is shared, explicit
// init joins it, and version() matches the package and crate.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from 'myna-verify';
import { repoText } from './helpers.mjs';

test('the package entry exports the documented API', () => {
  for (const name of ['init', 'initFull', 'initSync', 'loadedModules', 'verifySignature',
    'inspectCertificate', 'verifyCertificate', 'version']) {
    assert.equal(typeof sdk[name], 'function', name);
  }
});

test('concurrent first calls share one initialisation', async () => {
  const first = sdk.init();
  assert.equal(sdk.init(), first, 'the same promise while loading');
  const [, v1, v2] = await Promise.all([first, sdk.version(), sdk.version()]);
  assert.equal(v1, v2);
  assert.equal(sdk.init(), first, 'the same promise once loaded');
  // A later explicit input is ignored: the module is already loaded.
  await sdk.init(new Uint8Array([0, 1, 2]));
});

test('version() is the package and crate version', async () => {
  const pkg = JSON.parse(repoText('package.json'));
  const crate = repoText('Cargo.toml').match(/^version = "([^"]+)"/m)[1];
  assert.equal(await sdk.version(), pkg.version);
  assert.equal(pkg.version, crate);
});

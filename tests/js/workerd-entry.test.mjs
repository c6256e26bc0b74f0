// The workerd entry, exercised in Node: no implicit loading; init(WebAssembly.Module) works with
// the core module, and the full module is asked for (never fetched) when a call needs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../../js/workerd.js';

const module = (path) => new WebAssembly.Module(readFileSync(new URL(`../../pkg/${path}`, import.meta.url)));

test('workerd entry: calls before init reject with a hint, init(module) then works', async () => {
  await assert.rejects(sdk.version(), /init\(wasmModule\)/);
  await sdk.init(module('core/myna_verify_core_bg.wasm'));
  assert.match(await sdk.version(), /^\d+\.\d+\.\d+$/);
  assert.deepEqual(sdk.loadedModules(), { core: true, full: false });
  // CRL, OCSP and CMS need the full module, which a worker must import and hand over.
  await assert.rejects(sdk.buildOcspRequest({}), /initFull\(\)/);
  await assert.rejects(sdk.initFull(module('core/myna_verify_core_bg.wasm')), (e) => e.code === 'INVALID_OPTIONS');
  await sdk.initFull(module('myna_verify_bg.wasm'));
  assert.deepEqual(sdk.loadedModules(), { core: true, full: true });
  await assert.rejects(sdk.buildOcspRequest({}), (e) => e.code === 'INVALID_OPTIONS' && /certificate/.test(e.message));
});

// The workerd entry, exercised in Node: no implicit loading; init(WebAssembly.Module) works.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../../js/workerd.js';

test('workerd entry: calls before init reject with a hint, init(module) then works', async () => {
  await assert.rejects(sdk.version(), /init\(wasmModule\)/);
  const bytes = readFileSync(new URL('../../pkg/myna_verify_bg.wasm', import.meta.url));
  await sdk.init(new WebAssembly.Module(bytes));
  assert.match(await sdk.version(), /^\d+\.\d+\.\d+$/);
});

// The browser entry, exercised in Node with an explicit input and with initSync.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as sdk from '../../js/index.js';

test('browser entry: initSync with the module bytes, then calls work', async () => {
  const bytes = readFileSync(new URL('../../pkg/myna_verify_bg.wasm', import.meta.url));
  sdk.initSync(bytes);
  assert.match(await sdk.version(), /^\d+\.\d+\.\d+$/);
  const info = await sdk.inspectCertificate(
    readFileSync(new URL('../../src/jpki/roots/auth_ca_2015.pem', import.meta.url), 'utf8'),
  );
  assert.equal(info.notAfter, '2025-10-19T14:59:59Z');
});

// The demo's relying parties under workerd (Cloudflare's runtime): the same handler module as
// the Node server, with the wasm module, the TEST auth root and the CRL fixtures embedded by
// the config (scripts/demo-workerd.mjs) and the bank's records in memory (see records.mjs:
// not durable; a real deployment would put D1/KV behind the same interface). Static pages are
// not served here: the worker answers /api/… only.

import wasmModule from '../../pkg/myna_verify_bg.wasm';
import authRootPem from '../../tests/data/jpki/testpki/test_auth_root.pem';
import crlGood from '../../tests/data/revocation/crl_good.der';
import crlRevoked from '../../tests/data/revocation/crl_revoked.der';
import * as sdk from '../../js/workerd.js';
import { createDemoApp } from './handlers.mjs';
import { createMemoryRecords } from './records.mjs';

sdk.initSync(wasmModule);

let app = null;

export default {
  async fetch(request, env) {
    app ??= createDemoApp({
      sdk,
      records: createMemoryRecords(),
      origin: env.ORIGIN,
      fixtures: { authRootPem, crlGood: new Uint8Array(crlGood), crlRevoked: new Uint8Array(crlRevoked) },
      runtime: 'workerd',
    });
    return app.fetch(request);
  },
};

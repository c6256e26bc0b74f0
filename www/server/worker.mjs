// The demo's relying parties under workerd (Cloudflare's runtime): the same handler module as
// the Node server, with the two verifier modules (the core for tokens, the full one for the
// bank's CRL indexes), the TEST auth root and the CRL fixtures embedded by
// the config (scripts/demo-workerd.mjs) and the bank's records in memory (see records.mjs:
// not durable; a real deployment would put D1/KV behind the same interface). Static pages are
// not served here: the worker answers /api/… only.

import coreModule from '../../pkg/core/myna_verify_core_bg.wasm';
import fullModule from '../../pkg/myna_verify_bg.wasm';
import authRootPem from '../../tests/data/jpki/testpki/test_auth_root.pem';
import crlGood from '../../tests/data/revocation/crl_good.der';
import crlRevoked from '../../tests/data/revocation/crl_revoked.der';
import * as sdk from '../../js/workerd.js';
import { createDemoApp } from './handlers.mjs';
import { createMemoryRecords } from './records.mjs';

sdk.initSync(coreModule);

let app = null;

export default {
  async fetch(request, env) {
    // Workers compile no wasm at run time: the full module is handed over before the app's
    // CRL indexes need it (at once after the first request).
    await sdk.initFull(fullModule);
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

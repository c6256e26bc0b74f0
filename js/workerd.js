// Cloudflare workerd entry. Workers may not compile WebAssembly from bytes at run time, so the
// modules must come from the bundle, and `init` (or `initSync`) must get one before the first call:
//   import core from 'myna-verify/pkg/core/myna_verify_core_bg.wasm';  // tokens, certificates, JWS
//   import full from 'myna-verify/pkg/myna_verify_bg.wasm';            // the same plus CRL, OCSP, CMS
//   await init(core); await initFull(full);  // or just init(full): one module for everything

import { createSdk } from './core.js';

const sdk = createSdk({
  core: async () => {
    throw new Error('myna-verify on workerd: call init(wasmModule) with the imported WebAssembly.Module first');
  },
  full: async () => {
    throw new Error('myna-verify on workerd: CRL, OCSP and CMS need the full module: import '
      + "'myna-verify/pkg/myna_verify_bg.wasm' and pass it to initFull() (or to init())");
  },
});

export const {
  init, initFull, initSync, loadedModules, verifySignature, inspectCertificate, verifyCertificate,
  version, verifyToken, issueChallenge, issueSealedChallenge, openSealedChallenge, verifyCms,
  verifyJws, CrlIndex, buildOcspRequest,
} = sdk;

export { createMemoryNonceStore } from './core.js';

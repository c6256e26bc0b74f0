// Browser (and default) entry: the .wasm modules are fetched from next to the generated loaders,
// i.e. `pkg/core/myna_verify_core_bg.wasm` (first call) and `pkg/myna_verify_bg.wasm` (the first
// call that needs CRL, OCSP or CMS) relative to this module.

import { createSdk } from './core.js';

const sdk = createSdk({
  core: async () => new URL('../pkg/core/myna_verify_core_bg.wasm', import.meta.url),
  full: async () => new URL('../pkg/myna_verify_bg.wasm', import.meta.url),
});

export const {
  init, initFull, initSync, loadedModules, verifySignature, inspectCertificate, verifyCertificate,
  version, verifyToken, issueChallenge, issueSealedChallenge, openSealedChallenge, verifyCms,
  verifyJws, CrlIndex, buildOcspRequest,
} = sdk;

export { createMemoryNonceStore } from './core.js';

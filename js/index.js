// Browser (and default) entry: the .wasm is fetched from next to the generated loader,
// i.e. `pkg/myna_verify_bg.wasm` relative to this module.

import { createSdk } from './core.js';

const sdk = createSdk(async () => new URL('../pkg/myna_verify_bg.wasm', import.meta.url));

export const {
  init, initSync, verifySignature, inspectCertificate, verifyCertificate, version,
  verifyToken, issueChallenge, issueSealedChallenge, openSealedChallenge, verifyCms, verifyJws,
  CrlIndex, buildOcspRequest,
} = sdk;

export { createMemoryNonceStore } from './core.js';

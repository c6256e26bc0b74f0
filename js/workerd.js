// Cloudflare workerd entry. Workers may not compile WebAssembly from bytes at run time, so the
// module must come from the bundle: `import wasm from 'myna-verify/pkg/myna_verify_bg.wasm'`
// (a WebAssembly.Module) and `await init(wasm)` (or `initSync(wasm)`) before the first call.

import { createSdk } from './core.js';

const sdk = createSdk(async () => {
  throw new Error('myna-verify on workerd: call init(wasmModule) with the imported WebAssembly.Module first');
});

export const {
  init, initSync, verifySignature, inspectCertificate, verifyCertificate, version,
  verifyToken, issueChallenge, issueSealedChallenge, openSealedChallenge, verifyCms, verifyJws,
  CrlIndex, buildOcspRequest,
} = sdk;

export { createMemoryNonceStore } from './core.js';

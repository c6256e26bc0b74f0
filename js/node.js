// Node entry: the .wasm is read from the package's pkg/ folder with node:fs.

import { readFile } from 'node:fs/promises';
import { createSdk } from './core.js';

const WASM_URL = new URL('../pkg/myna_verify_bg.wasm', import.meta.url);

async function readWasm() {
  try {
    // Compiled off the main thread, then instantiated synchronously by core.js.
    return await WebAssembly.compile(await readFile(WASM_URL));
  } catch (e) {
    if (e.code === 'ENOENT') {
      throw new Error(`${WASM_URL.pathname} not found: build it with \`npm run build\``);
    }
    throw e;
  }
}

const sdk = createSdk(readWasm);

export const {
  init, initSync, verifySignature, inspectCertificate, verifyCertificate, version,
  verifyToken, issueChallenge, issueSealedChallenge, openSealedChallenge, verifyCms, verifyJws,
  CrlIndex, buildOcspRequest,
} = sdk;

export { createMemoryNonceStore } from './core.js';

// One cold start in a fresh Node process: load the verifier, then the first token verification.
//   node scripts/bench/cold.mjs LIB INPUT_DIR  → one JSON line on stdout.
// For myna-verify the load is split: read the .wasm, compile, instantiate (through the package).
// `ours` is the core module (what a first call loads), `ours-full` the full one (CRL, OCSP, CMS).

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readInputs } from './inputs.mjs';
import { load } from './verifiers.mjs';

const [lib, dir] = process.argv.slice(2);
const inputs = readInputs(dir);
const out = { lib };
const t0 = performance.now();
let v;
const WASM = {
  ours: '../../pkg/core/myna_verify_core_bg.wasm',
  'ours-full': '../../pkg/myna_verify_bg.wasm',
};
if (WASM[lib]) {
  const sdk = await import('myna-verify');
  const t1 = performance.now();
  const bytes = readFileSync(new URL(WASM[lib], import.meta.url));
  const t2 = performance.now();
  const module = new WebAssembly.Module(bytes); // as the Node entry compiles (js/node.js)
  const t3 = performance.now();
  await sdk.init(module);
  const t4 = performance.now();
  const expected = { core: lib === 'ours', full: lib === 'ours-full' };
  if (JSON.stringify(sdk.loadedModules()) !== JSON.stringify(expected)) {
    throw new Error(`cold start of ${lib}: loaded ${JSON.stringify(sdk.loadedModules())}`);
  }
  Object.assign(out, { importMs: t1 - t0, readMs: t2 - t1, compileMs: t3 - t2, instantiateMs: t4 - t3 });
  v = await load(lib, inputs); // already initialised: only builds the op table
} else {
  v = await load(lib, inputs);
  out.importMs = performance.now() - t0;
}
const tf = performance.now();
const ok = await v.ops.token?.() ?? await v.ops.jws();
const t5 = performance.now();
out.firstVerifyMs = t5 - tf;
out.totalMs = t5 - t0;
if (WASM[lib]) out.coldMs = out.compileMs + out.instantiateMs + out.firstVerifyMs;
out.ok = ok === true;
process.stdout.write(`${JSON.stringify(out)}\n`);

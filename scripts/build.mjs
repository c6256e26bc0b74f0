// `npm run build`: two release wasm builds into pkg/ (gitignored), each
//   cargo build --release --target wasm32-unknown-unknown --lib [--features ...]
//   wasm-bindgen --target web --out-dir ...      (ESM loader for browsers, Node and workerd)
//   wasm-opt -Oz                                  (npm `binaryen`; Debian's wasm-opt breaks the output)
// with the raw and gzip sizes printed:
//   pkg/myna_verify_bg.wasm      the verifier (default features: no card, transport or simulator code)
//   pkg/card/myna_card_bg.wasm   the card module (features card,simulator: WebUSB RC-S380, host
//                                transmit, virtual card and simulated reader for tests and the demo)

import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  ROOT, capture, cargoLockVersion, findWasmBindgen, nodeBin, run, step,
} from './toolchain.mjs';

const CRATE_FILE = 'myna_verify';
export const PKG_DIR = join(ROOT, 'pkg');
export const WASM_PATH = join(PKG_DIR, `${CRATE_FILE}_bg.wasm`);
export const CARD_DIR = join(PKG_DIR, 'card');
const CARD_NAME = 'myna_card';
export const CARD_WASM_PATH = join(CARD_DIR, `${CARD_NAME}_bg.wasm`);
const CARD_FEATURES = 'card,simulator';

/** Cargo's target directory (honours CARGO_TARGET_DIR and .cargo/config.toml). */
function cargoTargetDir() {
  const meta = capture('cargo', ['metadata', '--format-version', '1', '--no-deps']);
  if (meta === null) throw new Error('cargo metadata failed');
  return JSON.parse(meta).target_directory;
}

function kib(n) {
  return `${(n / 1024).toFixed(1)} KiB`;
}

/** Size line of a wasm file: raw bytes and gzip -9 bytes. */
function sizeOf(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const WASM_OPT_FLAGS = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue'];

/** cargo build → wasm-bindgen → wasm-opt for one feature set; the optimised size. */
function buildModule({ what, features, outDir, outName, wasmPath, wasmBindgen, wasmOpt }) {
  step(`Building the ${what} for wasm32 (release${features ? `, features ${features}` : ''})`);
  const cargoArgs = ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib'];
  if (features) cargoArgs.push('--features', features);
  run('cargo', cargoArgs);
  const cargoWasm = join(cargoTargetDir(), 'wasm32-unknown-unknown', 'release', `${CRATE_FILE}.wasm`);

  step(`Generating the JS bindings of the ${what}`);
  const bindgenArgs = ['--target', 'web', '--out-dir', outDir];
  if (outName) bindgenArgs.push('--out-name', outName);
  run(wasmBindgen, [...bindgenArgs, cargoWasm]);
  const bindgenSize = sizeOf(wasmPath);

  step(`Optimising the ${what} with wasm-opt -Oz (npm binaryen)`);
  run(wasmOpt, [...WASM_OPT_FLAGS, wasmPath, '-o', wasmPath]);
  const optSize = sizeOf(wasmPath);

  console.log(`\nwasm size (${relative(ROOT, wasmPath)}):`);
  console.log(`  after wasm-bindgen: ${kib(bindgenSize.raw)} raw, ${kib(bindgenSize.gzip)} gzip`);
  console.log(`  after wasm-opt -Oz: ${kib(optSize.raw)} raw, ${kib(optSize.gzip)} gzip`);
  return optSize;
}

/** The verifier's loader must not export card code (the card module is a separate file). */
function checkVerifierHasNoCardCode() {
  const loader = readFileSync(join(PKG_DIR, `${CRATE_FILE}.js`), 'utf8');
  for (const name of ['CardReader', 'SimUsbDevice', 'SimCcidDevice', 'VirtualCard']) {
    if (loader.includes(name)) throw new Error(`the verifier module exports ${name}: card code leaked in`);
  }
}

export function build() {
  const version = cargoLockVersion('wasm-bindgen');
  const wasmBindgen = findWasmBindgen(version);
  if (!wasmBindgen) throw new Error(`wasm-bindgen ${version} not found: run \`npm run setup\``);
  const wasmOpt = nodeBin('wasm-opt');
  if (!wasmOpt) throw new Error('node_modules/.bin/wasm-opt not found: run `npm run setup`');

  rmSync(PKG_DIR, { recursive: true, force: true });
  const verifier = buildModule({
    what: 'verifier', features: null, outDir: PKG_DIR, outName: null, wasmPath: WASM_PATH,
    wasmBindgen, wasmOpt,
  });
  checkVerifierHasNoCardCode();
  const card = buildModule({
    what: 'card module', features: CARD_FEATURES, outDir: CARD_DIR, outName: CARD_NAME,
    wasmPath: CARD_WASM_PATH, wasmBindgen, wasmOpt,
  });
  // Existing callers read the verifier's size from the result itself.
  return { ...verifier, card };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    build();
  } catch (e) {
    console.error(`✗ build failed: ${e.message}`);
    process.exit(1);
  }
}


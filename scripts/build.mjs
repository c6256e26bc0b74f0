// `npm run build`: one release wasm build of the verifier into pkg/ (gitignored):
//   cargo build --release --target wasm32-unknown-unknown --lib
//   wasm-bindgen --target web --out-dir pkg      (ESM loader for browsers, Node and workerd)
//   wasm-opt -Oz                                  (npm `binaryen`; Debian's wasm-opt breaks the output)
// and print the raw and gzip sizes.

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

export function build() {
  const version = cargoLockVersion('wasm-bindgen');
  const wasmBindgen = findWasmBindgen(version);
  if (!wasmBindgen) throw new Error(`wasm-bindgen ${version} not found: run \`npm run setup\``);
  const wasmOpt = nodeBin('wasm-opt');
  if (!wasmOpt) throw new Error('node_modules/.bin/wasm-opt not found: run `npm run setup`');

  step('Building the verifier for wasm32 (release)');
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib']);
  const cargoWasm = join(cargoTargetDir(), 'wasm32-unknown-unknown', 'release', `${CRATE_FILE}.wasm`);

  step('Generating the JS bindings');
  rmSync(PKG_DIR, { recursive: true, force: true });
  run(wasmBindgen, ['--target', 'web', '--out-dir', PKG_DIR, cargoWasm]);
  const bindgenSize = sizeOf(WASM_PATH);

  step('Optimising with wasm-opt -Oz (npm binaryen)');
  run(wasmOpt, ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
    '--enable-multivalue', WASM_PATH, '-o', WASM_PATH]);
  const optSize = sizeOf(WASM_PATH);

  const rel = relative(ROOT, WASM_PATH);
  console.log(`\nwasm size (${rel}):`);
  console.log(`  after wasm-bindgen: ${kib(bindgenSize.raw)} raw, ${kib(bindgenSize.gzip)} gzip`);
  console.log(`  after wasm-opt -Oz: ${kib(optSize.raw)} raw, ${kib(optSize.gzip)} gzip`);
  return optSize;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    build();
  } catch (e) {
    console.error(`✗ build failed: ${e.message}`);
    process.exit(1);
  }
}


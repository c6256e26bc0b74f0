// `npm run build`: three wasm builds into pkg/ (gitignored), each
//   cargo build --profile ... --target wasm32-unknown-unknown --lib [features]
//   wasm-bindgen --target web --out-dir ...      (ESM loader for browsers, Node and workerd)
//   wasm-opt -Oz                                  (npm `binaryen`; Debian's wasm-opt breaks the output)
// with the raw and gzip sizes printed:
//   pkg/core/myna_verify_core_bg.wasm  the verifier's core (profile wasm-verifier, feature verify
//                                only): tokens, certificates, JWS, challenges, operator verdicts;
//                                what the JS layer loads first
//   pkg/myna_verify_bg.wasm      the full verifier (profile wasm-verifier, default features: the
//                                core plus CRL, OCSP and CMS), loaded the first time a call
//                                needs it
//   pkg/card/myna_card_bg.wasm   the card module (features card,simulator: WebUSB RC-S380, host
//                                transmit, virtual card and simulated reader for tests and the demo)
// None of the verifier modules has card, transport or simulator code.

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
export const CORE_DIR = join(PKG_DIR, 'core');
const CORE_NAME = 'myna_verify_core';
export const CORE_WASM_PATH = join(CORE_DIR, `${CORE_NAME}_bg.wasm`);

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

/**
 * `-ocimfs 20`: binaryen inlines a function into its only caller only when it is at most 20
 * bytes (its default inlines them all, however large). V8 compiles a wasm function whole on its
 * first call, so a large callee merged into its caller is compiled even when that call never
 * runs (EC keys in an RSA verification, error paths). Measured on the core module at 75705d6
 * (default → 100): 137.7 → 132.1 KiB gzip, code compiled by the first token verification
 * 122 → 102 KB, cold start about 1.3 ms shorter, token speed unchanged; the full module
 * 201.3 → 196.6 KiB. At 2d9cd4a (100 → 20): core 116,138 → 114,667 B gzip, full
 * 146,738 → 145,038 B, first token verification 96.4 → 93.1 KB compiled (256 → 328
 * functions); token speed, CRL index and lookup the same within this VM's noise (10 and 0
 * were no smaller).
 */
const WASM_OPT_FLAGS = ['-Oz', '--one-caller-inline-max-function-size=20', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
  '--enable-multivalue'];

/** cargo build → wasm-bindgen → wasm-opt for one feature set; the optimised size. */
function buildModule({
  what, profile = 'release', features, defaultFeatures = true, cargoConfig = [], outDir, outName,
  wasmPath, wasmBindgen, wasmOpt,
}) {
  const featureText = `${defaultFeatures ? '' : 'no default features, '}${features ? `features ${features}` : ''}`;
  step(`Building the ${what} for wasm32 (profile ${profile}${featureText ? `, ${featureText}` : ''})`);
  const cargoArgs = ['build', '--profile', profile, '--target', 'wasm32-unknown-unknown', '--lib'];
  if (!defaultFeatures) cargoArgs.push('--no-default-features');
  if (features) cargoArgs.push('--features', features);
  for (const c of cargoConfig) cargoArgs.push('--config', c);
  run('cargo', cargoArgs);
  const cargoWasm = join(cargoTargetDir(), 'wasm32-unknown-unknown', profile, `${CRATE_FILE}.wasm`);

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

/** A verifier loader must not export `names` (code of another module leaked in). */
function checkLoaderLacks(loaderPath, names, what) {
  const loader = readFileSync(loaderPath, 'utf8');
  for (const name of names) {
    if (loader.includes(name)) throw new Error(`${relative(ROOT, loaderPath)} exports ${name}: ${what} leaked in`);
  }
}

const CARD_EXPORTS = ['CardReader', 'SimUsbDevice', 'SimCcidDevice', 'VirtualCard'];
const FULL_ONLY_EXPORTS = ['CrlIndex', 'buildOcspRequest', 'verifyCms', 'crlTbsPlan'];

/**
 * The verifier modules' SHA-2 rounds as a loop (sha2's documented `sha2_backend_soft =
 * "compact"`) instead of unrolled: a token hashes a few kilobytes, and the unrolled rounds were
 * 8 KB of code that V8 compiles on the first verification (the cold start); in the full module
 * they were 17 KB. CRLs are hashed by WebCrypto (`CrlIndex.build`) unless the caller builds an
 * index synchronously.
 */
const VERIFIER_CARGO_CONFIG = ['target.wasm32-unknown-unknown.rustflags=["--cfg", "sha2_backend_soft=\\"compact\\""]'];

export function build() {
  const version = cargoLockVersion('wasm-bindgen');
  const wasmBindgen = findWasmBindgen(version);
  if (!wasmBindgen) throw new Error(`wasm-bindgen ${version} not found: run \`npm run setup\``);
  const wasmOpt = nodeBin('wasm-opt');
  if (!wasmOpt) throw new Error('node_modules/.bin/wasm-opt not found: run `npm run setup`');

  rmSync(PKG_DIR, { recursive: true, force: true });
  const core = buildModule({
    what: 'verifier core', profile: 'wasm-verifier', features: 'verify', defaultFeatures: false,
    cargoConfig: VERIFIER_CARGO_CONFIG, outDir: CORE_DIR, outName: CORE_NAME, wasmPath: CORE_WASM_PATH, wasmBindgen, wasmOpt,
  });
  checkLoaderLacks(join(CORE_DIR, `${CORE_NAME}.js`), [...CARD_EXPORTS, ...FULL_ONLY_EXPORTS],
    'card or CRL/OCSP/CMS code');
  const verifier = buildModule({
    what: 'full verifier', profile: 'wasm-verifier', features: null,
    cargoConfig: VERIFIER_CARGO_CONFIG, outDir: PKG_DIR, outName: null, wasmPath: WASM_PATH,
    wasmBindgen, wasmOpt,
  });
  checkLoaderLacks(join(PKG_DIR, `${CRATE_FILE}.js`), CARD_EXPORTS, 'card code');
  const card = buildModule({
    what: 'card module', features: CARD_FEATURES, outDir: CARD_DIR, outName: CARD_NAME,
    wasmPath: CARD_WASM_PATH, wasmBindgen, wasmOpt,
  });
  // Existing callers read the full verifier's size from the result itself.
  return { ...verifier, core, card };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    build();
  } catch (e) {
    console.error(`✗ build failed: ${e.message}`);
    process.exit(1);
  }
}


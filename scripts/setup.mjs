// `npm run setup` (also the first step of `npm start` and `npm test`): make this machine able to
// build and test. Idempotent: each step checks first and says what it did or skipped.
// Node built-ins only, because on a fresh clone node_modules does not exist yet.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, TOOLS_DIR, capture, cargoLockVersion, findWasmBindgen, run, step,
} from './toolchain.mjs';

const WASM_TARGET = 'wasm32-unknown-unknown';
const NPM_STAMP = join(ROOT, 'node_modules', '.myna-setup-lock-hash');

/** `rustup target add wasm32-unknown-unknown` unless it is installed. */
function ensureWasmTarget() {
  const installed = capture('rustup', ['target', 'list', '--installed']);
  if (installed === null) throw new Error('rustup is not on PATH; install Rust with rustup first');
  if (installed.split('\n').includes(WASM_TARGET)) {
    console.log(`✓ Rust target ${WASM_TARGET} is installed`);
    return;
  }
  step(`Installing the Rust target ${WASM_TARGET}`);
  run('rustup', ['target', 'add', WASM_TARGET]);
}

/** wasm-bindgen-cli of exactly the version in Cargo.lock, on PATH or in .tools/bin. */
function ensureWasmBindgen() {
  const version = cargoLockVersion('wasm-bindgen');
  if (!version) throw new Error('Cargo.lock has no wasm-bindgen entry');
  const found = findWasmBindgen(version);
  if (found) {
    console.log(`✓ wasm-bindgen ${version} (${found})`);
    return;
  }
  step(`Installing wasm-bindgen-cli ${version} into .tools (takes a few minutes, once)`);
  // No --locked: one of the CLI's pinned dependencies is not on the crates.io mirror here.
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', version, '--root', TOOLS_DIR]);
  if (!findWasmBindgen(version)) throw new Error(`wasm-bindgen ${version} still not found after install`);
  console.log('✓ the build scripts use .tools/bin/wasm-bindgen directly: no PATH change needed');
}

/** `npm ci` when node_modules is missing or was installed from another package-lock.json. */
function ensureNodeModules() {
  const lockPath = join(ROOT, 'package-lock.json');
  const haveLock = existsSync(lockPath);
  const want = haveLock ? createHash('sha256').update(readFileSync(lockPath)).digest('hex') : null;
  const have = existsSync(NPM_STAMP) ? readFileSync(NPM_STAMP, 'utf8').trim() : null;
  if (want && have === want && existsSync(join(ROOT, 'node_modules'))) {
    console.log('✓ node_modules matches package-lock.json');
    return;
  }
  step('Installing npm dev dependencies');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, haveLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  const lock = readFileSync(lockPath);
  writeFileSync(NPM_STAMP, `${createHash('sha256').update(lock).digest('hex')}\n`);
}

/**
 * The browser tests (tests/browser/, playwright-core driving /usr/bin/chromium) need Chromium and
 * its driver (Debian packages), and so does the bench (scripts/bench/platforms.mjs). `npm test` sets
 * MYNA_NEED_BROWSER=1 and `npm run bench` passes `--browser`, so that a fresh machine gets them;
 * `apt-get update` runs first because a fresh image has no package lists.
 */
function ensureBrowser() {
  if (process.env.MYNA_NEED_BROWSER !== '1') return;
  if (capture('chromium', ['--version']) !== null && existsSync('/usr/bin/chromedriver')) {
    console.log('✓ chromium and chromedriver are installed');
    return;
  }
  step('Installing chromium and chromium-driver (Debian packages)');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium', 'chromium-driver']);
}

export function setup() {
  step('Setup: checking the toolchain');
  ensureWasmTarget();
  ensureWasmBindgen();
  ensureNodeModules();
  ensureBrowser();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--browser')) process.env.MYNA_NEED_BROWSER = '1';
  try {
    setup();
  } catch (e) {
    console.error(`✗ setup failed: ${e.message}`);
    process.exit(1);
  }
}

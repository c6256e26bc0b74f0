// Shared helpers of the build scripts. Node built-ins only: this runs before `npm install`.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json and Cargo.toml). */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Where setup installs wasm-bindgen-cli when the one on PATH does not match (gitignored). */
export const TOOLS_DIR = join(ROOT, '.tools');

/** Print a step header so the log shows what ran. */
export function step(text) {
  console.log(`\n▶ ${text}`);
}

/** Run a command with inherited stdio; throw when it fails. */
export function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  }
}

/** Run a command quietly and return its trimmed stdout, or null when it cannot run or fails. */
export function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
  if (r.error || r.status !== 0) return null;
  return r.stdout.trim();
}

/** The version of `name` pinned in Cargo.lock (first match), or null. */
export function cargoLockVersion(name) {
  const lock = readFileSync(join(ROOT, 'Cargo.lock'), 'utf8');
  const re = new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`);
  const m = lock.match(re);
  return m ? m[1] : null;
}

/** The wasm-bindgen CLI whose version is `version`: on PATH first, then in .tools; else null. */
export function findWasmBindgen(version) {
  const candidates = ['wasm-bindgen', join(TOOLS_DIR, 'bin', 'wasm-bindgen')];
  for (const bin of candidates) {
    const out = capture(bin, ['--version']);
    if (out === `wasm-bindgen ${version}`) return bin;
  }
  return null;
}

/** node_modules/.bin/<name>, or null when npm install has not run. */
export function nodeBin(name) {
  const p = join(ROOT, 'node_modules', '.bin', name);
  return existsSync(p) ? p : null;
}

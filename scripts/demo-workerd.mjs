// The demo's API under workerd: writes target/demo/workerd.capnp (every module of the worker
// listed by its repository path, the wasm embedded as a compiled module, the PEM as text, the
// CRLs as data) and runs `workerd serve` from npm on 127.0.0.1:$PORT (default 8787).
//   node scripts/demo-workerd.mjs            (after `npm run build`)
// ORIGIN (default http://127.0.0.1:$PORT) is the origin tokens must be signed for.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './toolchain.mjs';

const DIR = join(ROOT, 'target', 'demo');

/** The SDK's own modules in a worker: the workerd entry and both verifier modules. */
export const SDK_MODULES = [
  ['js/workerd.js', 'esModule'],
  ['js/core.js', 'esModule'],
  ['js/rfc3339.js', 'esModule'],
  ['pkg/core/myna_verify_core.js', 'esModule'],
  ['pkg/core/myna_verify_core_bg.wasm', 'wasm'],
  ['pkg/myna_verify.js', 'esModule'],
  ['pkg/myna_verify_bg.wasm', 'wasm'],
];

/** [name, type] of every module; names are repository paths so relative imports resolve. */
const MODULES = [
  ['www/server/worker.mjs', 'esModule'],
  ['www/server/handlers.mjs', 'esModule'],
  ['www/server/badge-signer.mjs', 'esModule'],
  ['www/server/directory.mjs', 'esModule'],
  ['www/server/records.mjs', 'esModule'],
  ...SDK_MODULES,
  ['tests/data/jpki/testpki/test_auth_root.pem', 'text'],
  ['tests/data/revocation/crl_good.der', 'data'],
  ['tests/data/revocation/crl_revoked.der', 'data'],
];

/** The capnp config text for `port` and `origin`; embed paths are relative to target/demo/. */
export function workerdConfig({ port, origin }) {
  return workerConfig({ port, modules: MODULES, bindings: { ORIGIN: origin } });
}

/**
 * The capnp config text of one worker serving 127.0.0.1:`port`: `modules` are [repository
 * path, type] pairs, embedded from a config file two directories below the repository root
 * (target/NAME/), and `bindings` text bindings.
 */
export function workerConfig({ port, modules, bindings = {} }) {
  const list = modules.map(([name, type]) => `      (name = "${name}", ${type} = embed "../../${name}")`).join(',\n');
  const texts = Object.entries(bindings).map(([name, text]) => `(name = "${name}", text = ${JSON.stringify(text)})`).join(', ');
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);

const mainWorker :Workerd.Worker = (
  modules = [
${list}
  ],
  bindings = [ ${texts} ],
  compatibilityDate = "2025-01-01",
);
`;
}

/** Write the config and start workerd; resolves with the child process once it listens. */
export async function startWorkerd({ port = 8787, origin = `http://127.0.0.1:${port}` } = {}) {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `workerd-${port}.capnp`);
  writeFileSync(file, workerdConfig({ port, origin }));
  const child = await runWorkerd(file, `http://127.0.0.1:${port}/api/config`);
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/**
 * Run `workerd serve CONFIG_FILE` (npm's workerd) and wait until `readyUrl` answers 2xx
 * (30 s at most). Resolves with `{ child, log }`; kill `child` to stop it.
 */
export async function runWorkerd(configFile, readyUrl) {
  const bin = join(ROOT, 'node_modules', '.bin', 'workerd');
  const child = spawn(bin, ['serve', configFile, '--verbose'], { cwd: dirname(configFile), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(readyUrl);
      if (res.ok) return { child, log: () => log };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`workerd did not answer within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 8787);
  startWorkerd({ port, origin: process.env.ORIGIN }).then(({ url, child }) => {
    console.log(`demo API under workerd: ${url}/api/config  (Ctrl+C to stop)`);
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  }).catch((e) => {
    console.error(`✗ ${e.message}`);
    process.exit(1);
  });
}

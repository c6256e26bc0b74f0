// A Vite build of a small page that imports the package (examples/browser-vite): both verifier
// modules (the core, loaded first, and the full one, loaded when a call needs CRL/OCSP/CMS) must
// be emitted as assets and referenced by the bundle, so the page loads them at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('Vite bundles a page that uses myna-verify, wasm emitted and referenced', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'myna-vite-'));
  try {
    await build({
      root: join(ROOT, 'examples/browser-vite'),
      logLevel: 'silent',
      configFile: false,
      // Inside this repo the package is its own root; users get it from node_modules.
      resolve: { alias: { 'myna-verify': join(ROOT, 'js/index.js') } },
      build: { outDir, emptyOutDir: true },
    });
    const out = files(outDir);
    const wasm = out.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 2, `two wasm assets, got ${out.join(', ')}`);
    const js = out.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const [prefix, built] of [['myna_verify_core_bg-', 'pkg/core/myna_verify_core_bg.wasm'],
      ['myna_verify_bg-', 'pkg/myna_verify_bg.wasm']]) {
      const asset = wasm.find((f) => f.split('/').pop().startsWith(prefix));
      assert.ok(asset, `${prefix}….wasm emitted, got ${wasm.join(', ')}`);
      assert.deepEqual(readFileSync(asset), readFileSync(join(ROOT, built)), `the asset is ${built}`);
      assert.ok(js.includes(asset.split('/').pop()), `the bundle refers to ${built}`);
    }
    assert.ok(!js.includes('CardReader'), 'no card kit code in a verifier-only page');
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    assert.match(html, /<script type="module"[^>]+src="[^"]+\.js"/);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

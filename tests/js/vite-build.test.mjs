// A Vite build of a small page that imports the package (examples/browser-vite): the wasm must be
// emitted as an asset and referenced by the bundle, so the page loads it at run time.
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
    assert.equal(wasm.length, 1, `one wasm asset, got ${out.join(', ')}`);
    const wasmName = wasm[0].split('/').pop();
    const pkgWasm = readFileSync(join(ROOT, 'pkg/myna_verify_bg.wasm'));
    assert.deepEqual(readFileSync(wasm[0]), pkgWasm, 'the emitted asset is the built verifier');
    const js = out.filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.ok(js.includes(wasmName), 'the bundle refers to the emitted wasm');
    assert.ok(!js.includes('CardReader'), 'no card kit code in a verifier-only page');
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    assert.match(html, /<script type="module"[^>]+src="[^"]+\.js"/);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});

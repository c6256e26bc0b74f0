// `npm run bench -- --quick` runs end to end and writes results of the right shape. Benchmarks
// are not tests: nothing here looks at how fast anything is, only that every part measured
// something and that the report and the chart were generated from it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUN = new URL('../../scripts/bench/run.mjs', import.meta.url).pathname;

/** A measured ops/s summary: finite, positive, ordered. */
function assertRate(s, what) {
  assert.ok(s, `${what} was measured`);
  assert.equal(s.unit, 'ops/s', what);
  assert.ok(Number.isFinite(s.median) && s.median > 0, `${what}: median ${s.median}`);
  assert.ok(s.min <= s.median && s.median <= s.max, `${what}: min ≤ median ≤ max`);
}

test('the quick bench runs and writes BENCHMARKS.md, BENCHMARKS.svg and results.json', { timeout: 600_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'myna-bench-'));
  try {
    const r = spawnSync(process.execPath, [RUN, '--quick', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, `bench failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    assert.equal(results.quick, true);

    for (const job of ['parse', 'rsaVerify', 'chain', 'token', 'tokenCrl', 'jws', 'crlSmallIndex']) {
      assertRate(results.native.throughput[job], `native ${job}`);
    }
    for (const job of ['parse', 'rsaVerify', 'chain', 'token', 'jws']) {
      assertRate(results.node.ours.throughput[job], `wasm ${job}`);
      assertRate(results.node['ours-full'].throughput[job], `wasm full module ${job}`);
      if (job !== 'jws') assertRate(results.node.pkijs.throughput[job], `pkijs ${job}`);
      assertRate(results.node.node.throughput[job], `node:crypto ${job}`);
    }
    assertRate(results.node.pkijs.throughput.tokenCrl, 'pkijs tokenCrl');
    assertRate(results.node['ours-full'].throughput.tokenCrl, 'wasm full module tokenCrl');
    assert.equal(results.node.ours.throughput.tokenCrl, undefined, 'the core module has no CRL job');
    assertRate(results.node.jose.throughput.jws, 'jose jws');
    assert.ok(results.node.ours.memory.wasmMemoryBytes >= 65536, 'wasm memory read');
    assert.ok(results.node['ours-full'].memory.wasmMemoryBytes >= 65536, 'full module memory read');

    for (const size of [results.wasmSize.core, results.wasmSize.full]) {
      assert.ok(size.gzip > 0 && size.gzip < size.raw && size.brotli < size.raw, JSON.stringify(size));
    }
    assert.ok(results.wasmSize.core.gzip < results.wasmSize.full.gzip, 'the core is the smaller module');
    for (const lib of ['ours', 'ours-full']) {
      assert.equal(results.cold[lib].coldMs.samples, 3);
      assert.ok(results.cold[lib].compileMs.median > 0);
      const { functions, bodyBytes } = results.cold[lib].compiled;
      assert.ok(functions > 50 && bodyBytes > 20_000, `compiled by the first token: ${functions} functions, ${bodyBytes} B`);
    }
    for (const runtime of ['chromium', 'workerd']) {
      for (const job of ['token', 'rsaWasm', 'rsaWebCrypto', 'rsaWebCryptoKeyOnce']) {
        assertRate(results.platforms[runtime].throughput[job], `${runtime} ${job}`);
      }
    }
    assert.match(results.platforms.chromium.browser, /^\d+\./, 'the Chromium version');
    assert.match(results.platforms.workerd.workerd, /^\d+\./, 'the workerd version');
    assert.equal(results.platforms.chromium.cold.coldMs.samples, 2, 'two fresh pages');
    assert.ok(results.platforms.chromium.cold.initMs.median > 0 && results.platforms.chromium.cold.firstVerifyMs.median > 0);
    assert.equal(results.native.crlLarge.entries, results.inputs.crlLargeEntries);
    assert.equal(results.wasmCrl.firstBuildMs.samples, 2, 'first indexes from two fresh processes');
    assert.ok(results.wasmCrl.firstBuildMs.median > 0 && results.wasmCrl.lookupNs.median > 0);
    assert.ok(results.native.crlLarge.lookupNs.median > 0);
    assert.ok(results.openssl.parseMs.median > 0);
    assert.equal(results.card.ceremonies.length, 6, 'three ceremonies, short and extended');
    for (const c of results.card.ceremonies) {
      assert.ok(c.ok && Number.isInteger(c.apdus) && c.apdus > 0, JSON.stringify(c));
    }
    for (const key of ['cpu', 'cores', 'node', 'rustc', 'date']) assert.ok(results.machine[key], key);
    for (const probe of [results.machine.probeAtStart, results.machine.probeAtEnd]) {
      assert.ok(probe.cpuMs > 0 && probe.memoryMs > 0, JSON.stringify(probe));
    }

    const md = readFileSync(join(out, 'BENCHMARKS.md'), 'utf8');
    for (const heading of ['## Targets', '## Throughput', '## In a browser and in a worker', '## Cold start', '## Memory', '## Wasm size', '## CRL', '## Card ceremony']) {
      assert.ok(md.includes(heading), heading);
    }
    assert.match(md, /Quick mode/);
    assert.ok(md.includes(`Chromium ${results.platforms.chromium.browser}`), 'the Chromium column is in the report');
    assert.ok(md.includes(`${results.cold.ours.compiled.functions} functions`), 'the compiled functions are in the report');
    for (const size of [results.wasmSize.core, results.wasmSize.full]) {
      assert.ok(md.includes(size.gzip.toLocaleString('en-US')), 'the gzip sizes are in the report');
    }

    const svg = readFileSync(join(out, 'BENCHMARKS.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const bars = svg.match(/<rect x="\d+" y="\d+" width="[\d.]+" height="18"/g) ?? [];
    assert.equal(bars.length, 3 * 5, 'token, RSA and JWS: five verifiers each (the wasm one twice: core and full module)');
    const tokenWasm = Math.round(results.node.ours.throughput.token.median).toLocaleString('en-US');
    assert.ok(svg.includes(`>${tokenWasm}/s<`), 'the wasm token rate is drawn');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

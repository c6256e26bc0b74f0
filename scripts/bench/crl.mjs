// The large CRL in wasm under Node, in its own process: `CrlIndex.build` (parse + verify the
// signature + index) a few times, the first being the module's first index (`firstBuildMs`),
// then lookups of serials half of which are listed (none when PROBES is 0), all mixed and then
// the listed and the unlisted ones apart.
//   node scripts/bench/crl.mjs INPUT_DIR REPEATS PROBES  → one JSON line on stdout.
// The probes are the native program's: SplitMix64's finaliser of (i·7919) mod 2·entries, as
// minimal big-endian magnitudes (the CRL lists serial(i) for i < entries).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summary } from './stats.mjs';

const MASK = (1n << 64n) - 1n;

/** SplitMix64's finaliser, as examples/bench_native.rs `serial`. */
function serial(i) {
  let z = (i + 0x9E3779B97F4A7C15n) & MASK;
  z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
  return z ^ (z >> 31n);
}

/** Minimal big-endian magnitude of a u64. */
function magnitude(v) {
  const out = [];
  for (let x = v; x > 0n; x >>= 8n) out.unshift(Number(x & 0xffn));
  return Uint8Array.from(out);
}

const [dir, repeatsArg, probesArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 3);
const probeCount = BigInt(probesArg ?? 100_000);
const sdk = await import('myna-verify');
await sdk.init();
const crl = readFileSync(join(dir, 'crl-large.der'));
const root = readFileSync(join(dir, 'root.der'));

const buildMs = [];
let index = null;
for (let r = 0; r < repeats; r += 1) {
  index?.free();
  const started = performance.now();
  index = await sdk.CrlIndex.build(crl, root);
  buildMs.push(performance.now() - started);
}
const entries = BigInt(index.size);
const probes = [];
for (let i = 0n; i < probeCount; i += 1n) probes.push(magnitude(serial((i * 7919n) % (2n * entries))));
const lookupNs = [];
let listed = 0;
// One untimed pass first, as the throughput suite warms up every job (JIT of the JS glue).
for (const p of probes) index.lookup(p);
for (let r = 0; probes.length > 0 && r < Math.max(5, repeats); r += 1) {
  listed = 0;
  const started = performance.now();
  for (const p of probes) if (index.lookup(p) !== null) listed += 1;
  lookupNs.push(((performance.now() - started) * 1e6) / probes.length);
}
// The same probes split: a listed serial also reads its entry and gets a result object.
const split = { listed: [], unlisted: [] };
for (const p of probes) split[index.lookup(p) === null ? 'unlisted' : 'listed'].push(p);
const splitNs = { listed: [], unlisted: [] };
for (let r = 0; probes.length > 0 && r < Math.max(5, repeats); r += 1) {
  for (const kind of ['listed', 'unlisted']) {
    const started = performance.now();
    let found = 0;
    for (const p of split[kind]) if (index.lookup(p) !== null) found += 1;
    if (found !== (kind === 'listed' ? split[kind].length : 0)) throw new Error(`${kind}: ${found}`);
    splitNs[kind].push(((performance.now() - started) * 1e6) / Math.max(1, split[kind].length));
  }
}
process.stdout.write(`${JSON.stringify({
  entries: Number(entries),
  derBytes: crl.length,
  buildMs: summary(buildMs, 'ms'),
  firstBuildMs: buildMs[0],
  lookupNs: probes.length > 0 ? summary(lookupNs, 'ns') : null,
  lookupListedNs: probes.length > 0 ? summary(splitNs.listed, 'ns') : null,
  lookupUnlistedNs: probes.length > 0 ? summary(splitNs.unlisted, 'ns') : null,
  probes: probes.length,
  probesListed: listed,
  wasmMemoryBytes: (await import(new URL('../../pkg/myna_verify.js', import.meta.url))).initSync().memory.buffer.byteLength,
})}\n`);

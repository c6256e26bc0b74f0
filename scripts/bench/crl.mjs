// The large CRL in wasm under Node, in its own process: `CrlIndex.build` (parse + verify the
// signature + index) a few times, the first being the module's first index (`firstBuildMs`),
// then lookups of serials half of which are listed (none when PROBES is 0): all of them mixed,
// and the listed and the unlisted ones apart.
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
// The same probes are also timed apart: a listed serial also reads its entry and gets a result
// object. Mixed, listed and unlisted are timed in turn within each repeat, so a slow spell of a
// shared machine lands on all three alike. Sorting the probes into the two sets is an untimed
// pass, and one more warms up the JS glue, as the throughput suite warms up every job.
const split = { listed: [], unlisted: [] };
for (const p of probes) split[index.lookup(p) === null ? 'unlisted' : 'listed'].push(p);
for (const p of probes) index.lookup(p);
const sets = { mixed: probes, ...split };
const ns = { mixed: [], listed: [], unlisted: [] };
for (let r = 0; probes.length > 0 && r < Math.max(5, repeats); r += 1) {
  for (const [kind, set] of Object.entries(sets)) {
    let found = 0;
    const started = performance.now();
    for (const p of set) if (index.lookup(p) !== null) found += 1;
    ns[kind].push(((performance.now() - started) * 1e6) / Math.max(1, set.length));
    const expected = { mixed: split.listed.length, listed: set.length, unlisted: 0 }[kind];
    if (found !== expected) throw new Error(`${kind}: ${found} found, ${expected} expected`);
  }
}
process.stdout.write(`${JSON.stringify({
  entries: Number(entries),
  derBytes: crl.length,
  buildMs: summary(buildMs, 'ms'),
  firstBuildMs: buildMs[0],
  lookupNs: probes.length > 0 ? summary(ns.mixed, 'ns') : null,
  lookupListedNs: probes.length > 0 ? summary(ns.listed, 'ns') : null,
  lookupUnlistedNs: probes.length > 0 ? summary(ns.unlisted, 'ns') : null,
  probes: probes.length,
  probesListed: split.listed.length,
  wasmMemoryBytes: (await import(new URL('../../pkg/myna_verify.js', import.meta.url))).initSync().memory.buffer.byteLength,
})}\n`);

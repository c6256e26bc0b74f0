// BENCHMARKS.md and BENCHMARKS.svg from one run's results (scripts/bench/run.mjs). Every
// number printed here comes from the results object; the few derived ones say how.

/** The verifiers as columns: label and where their numbers are. */
const COLUMNS = [
  { key: 'native', label: 'myna-verify native', get: (r) => r.native.throughput },
  { key: 'ours', label: 'myna-verify wasm (Node)', get: (r) => r.node.ours.throughput },
  { key: 'oursFull', label: 'myna-verify wasm, full module (Node)', get: (r) => r.node['ours-full']?.throughput },
  { key: 'pkijs', label: 'PKI.js + WebCrypto', get: (r) => r.node.pkijs.throughput },
  { key: 'jose', label: 'jose', get: (r) => r.node.jose.throughput },
  { key: 'node', label: 'node:crypto (floor)', get: (r) => r.node.node.throughput },
];

/** The jobs as rows: label and the result key of each column (default: the job's key). */
const JOBS = [
  { key: 'token', label: 'Web eID token: JSON + certificate + chain + token signature' },
  { key: 'tokenCrl', label: 'the same + CRL lookup (CRL decoded once beforehand)' },
  { key: 'chain', label: 'chain only: end-entity → TEST root' },
  { key: 'rsaVerify', label: 'RS256 verify alone (SPKI bytes → key → RSA)' },
  { key: 'parse', label: 'parse the end-entity certificate' },
  { key: 'jws', label: 'compact JWS RS256 (key from SPKI on each call)' },
  { key: 'jwsCachedKey', label: 'compact JWS RS256 (key imported once)' },
  { key: 'crlSmall', label: 'decode + verify the small CRL', native: 'crlSmallIndex' },
];

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');

function fmt3(n) {
  if (!Number.isFinite(n)) return '–';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** ops/s summary of `job` in `col`, or undefined. */
function cell(results, col, job) {
  const table = col.get(results);
  return table?.[col.key === 'native' && job.native ? job.native : job.key];
}

const perOpUs = (s) => (s ? 1e6 / s.median : NaN);

function throughputTable(results) {
  const head = `| job | ${COLUMNS.map((c) => c.label).join(' | ')} |`;
  const sep = `|---|${COLUMNS.map(() => '---:').join('|')}|`;
  const rows = JOBS.map((job) => {
    const cells = COLUMNS.map((col) => {
      const s = cell(results, col, job);
      if (!s) return '–';
      return `**${fmtInt(s.median)}**/s<br>${fmt3(perOpUs(s))} µs<br>(${fmtInt(s.min)}–${fmtInt(s.max)})`;
    });
    return `| ${job.label} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

/** The numbers the targets and the text use. */
export function headline(results) {
  const w = results.node;
  const ours = w.ours.throughput;
  const cold = results.cold.ours;
  return {
    tokenWasm: ours.token.median,
    tokenNative: results.native.throughput.token.median,
    tokenPkijs: w.pkijs.throughput.token.median,
    tokenNode: w.node.throughput.token.median,
    vsPkijs: ours.token.median / w.pkijs.throughput.token.median,
    floorRatio: w.node.throughput.token.median / ours.token.median,
    nativeFloorRatio: w.node.throughput.token.median / results.native.throughput.token.median,
    gzip: results.wasmSize.core.gzip,
    gzipFull: results.wasmSize.full.gzip,
    coldMs: cold.coldMs.median,
    coldFullMs: results.cold['ours-full'].coldMs.median,
    tokenWasmFull: w['ours-full'].throughput.token.median,
    crlBuildMs: results.native.crlLarge.buildMs.median,
    crlLookupNs: results.native.crlLarge.lookupNs.median,
    crlEntries: results.native.crlLarge.entries,
    wasmCrlBuildMs: results.wasmCrl?.buildMs.median,
    wasmCrlFirstBuildMs: results.wasmCrl?.firstBuildMs.median,
    wasmCrlLookupNs: results.wasmCrl?.lookupNs.median,
  };
}

const status = (ok) => (ok ? 'met' : '**not met**');

function targetsTable(results) {
  const h = headline(results);
  const n = fmtInt(h.crlEntries);
  const rows = [
    ['full token verify ≥ 5× PKI.js', `${h.vsPkijs.toFixed(2)}× (${fmtInt(h.tokenWasm)}/s in the core module vs ${fmtInt(h.tokenPkijs)}/s; the full module ${fmtInt(h.tokenWasmFull)}/s)`, status(h.vsPkijs >= 5)],
    ['full token verify within 1.5× of node:crypto', `node:crypto is ${h.floorRatio.toFixed(2)}× the wasm rate (${fmtInt(h.tokenNode)}/s vs ${fmtInt(h.tokenWasm)}/s); native myna-verify runs at ${fmtInt(h.tokenNative)}/s (${(1 / h.nativeFloorRatio).toFixed(2)}× node:crypto)`, status(h.floorRatio <= 1.5)],
    ['verifier wasm ≤ 150 KB gzip', `core module (what a verification loads first): ${fmtInt(h.gzip)} B gzip -9 (${kib(h.gzip)}). The full module, loaded only when a call needs CRL, OCSP or CMS: ${fmtInt(h.gzipFull)} B (${kib(h.gzipFull)})`, `${status(h.gzip <= 150_000)} (core), ${status(h.gzipFull <= 150_000)} (full)`],
    ['cold start ≤ 15 ms (compile + instantiate + first token verify)', `core module ${fmt3(h.coldMs)} ms, full module ${fmt3(h.coldFullMs)} ms (medians)`, `${status(h.coldMs <= 15)} (core), ${status(h.coldFullMs <= 15)} (full)`],
    h.wasmCrlBuildMs === undefined
      ? [`${n}-entry CRL index ≤ 400 ms in wasm`, `not measured in wasm. Native: ${fmt3(h.crlBuildMs)} ms`, 'unknown in wasm']
      : [`${n}-entry CRL index ≤ 400 ms in wasm`, `${fmt3(h.wasmCrlFirstBuildMs)} ms for a module's first index (median of ${results.wasmCrl.firstBuildMs.samples} fresh processes), ${fmt3(h.wasmCrlBuildMs)} ms later, in wasm under Node (native ${fmt3(h.crlBuildMs)} ms)`, status(Math.max(h.wasmCrlFirstBuildMs, h.wasmCrlBuildMs) <= 400)],
    h.wasmCrlLookupNs === undefined
      ? ['CRL lookup ≤ 1 µs', `${fmt3(h.crlLookupNs)} ns (native)`, `${status(h.crlLookupNs <= 1000)} (native)`]
      : ['CRL lookup ≤ 1 µs', `${fmt3(h.wasmCrlLookupNs)} ns in wasm from JS (one call per lookup); ${fmt3(h.crlLookupNs)} ns native`, `${status(h.wasmCrlLookupNs <= 1000)} (wasm), ${status(h.crlLookupNs <= 1000)} (native)`],
  ];
  return ['| target | where we are | status |', '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function rsaSection(results) {
  const w = results.node;
  const rsaWasm = perOpUs(w.ours.throughput.rsaVerify);
  const rsaNative = perOpUs(results.native.throughput.rsaVerify);
  const rsaNode = perOpUs(w.node.throughput.rsaVerify);
  const rsaWebCrypto = perOpUs(w.pkijs.throughput.rsaVerify);
  const tokenWasm = perOpUs(w.ours.throughput.token);
  const chainWasm = perOpUs(w.ours.throughput.chain);
  const parseWasm = perOpUs(w.ours.throughput.parse);
  const share = (2 * rsaWasm) / tokenWasm;
  const projected = tokenWasm - 2 * (rsaWasm - rsaWebCrypto);
  return `A token verification does two RSA-2048 verifications (the root's signature on the
certificate, the card's signature on the token). Measured step costs of myna-verify in wasm:
parse ${fmt3(parseWasm)} µs, chain (parse + path + one RSA) ${fmt3(chainWasm)} µs, RSA verify
alone ${fmt3(rsaWasm)} µs, whole token ${fmt3(tokenWasm)} µs. Two RSA verifications are about
**${Math.round(share * 100)} %** of the token time. The RSA is the crate's own verify-only
implementation (\`src/pki/signature/rsa_public.rs\` over \`montgomery.rs\`: variable-time
Montgomery multiplication over 32-bit limbs — every input of a verification is public — then
strict PKCS#1 v1.5 / PSS decoding). The crate itself is built at \`opt-level = "s"\` in both
verifier modules, inside otherwise \`"z"\` modules; Cargo.toml records the measured choices;
the rest of the token time is JSON and base64, certificate decoding, path and JPKI profile
checks and the JS ↔ wasm calls.

| RS256 verify alone | µs per verify |
|---|---:|
| myna-verify in wasm (Node) | ${fmt3(rsaWasm)} |
| myna-verify native (opt-level 3) | ${fmt3(rsaNative)} |
| WebCrypto in Node (importKey + verify) | ${fmt3(rsaWebCrypto)} |
| node:crypto (OpenSSL) | ${fmt3(rsaNode)} |

In Node, delegating the RSA to the host's WebCrypto (an async callback) is not worth it: ${rsaWebCrypto < rsaWasm
    ? `on the numbers above it would save at most 2 × (${fmt3(rsaWasm)} − ${fmt3(rsaWebCrypto)}) µs per token (≈ ${fmt3(projected)} µs), at the cost of an async verification API.`
    : 'in this run WebCrypto (with its key import) was slower than the wasm RSA.'} In browsers and
workers WebCrypto's RSA alone is faster; [In a browser and in a worker](#in-a-browser-and-in-a-worker)
says why the wasm keeps it there too.`;
}

/** The rows of the browser / worker table, with the Node column taken from the runs above. */
const PLATFORM_JOBS = [
  { key: 'token', node: (w) => w.ours.throughput.token, label: 'Web eID token (core module)' },
  { key: 'rsaWasm', node: (w) => w.ours.throughput.rsaVerify, label: 'RS256 verify in wasm (SPKI bytes → key → RSA)' },
  { key: 'rsaWebCrypto', node: (w) => w.pkijs.throughput.rsaVerify, label: 'RS256 verify through WebCrypto (importKey + verify)' },
  { key: 'rsaWebCryptoKeyOnce', node: () => undefined, label: 'RS256 verify through WebCrypto (key imported once)' },
];

/** One runtime's line comparing an RS256 verify in its WebCrypto and in the wasm. */
function rsaComparison(name, rsaWasm, rsaWebCrypto) {
  const verdict = rsaWebCrypto < rsaWasm
    ? `WebCrypto ${(rsaWasm / rsaWebCrypto).toFixed(1)}× as fast`
    : 'WebCrypto not faster';
  return `- ${name}: an RS256 verify takes ${fmt3(rsaWebCrypto)} µs in WebCrypto (key import included) and ${fmt3(rsaWasm)} µs in the wasm: ${verdict}.`;
}

/** The headline's line on Chromium and workerd (empty when they were not measured). */
function platformHeadline(results) {
  const p = results.platforms;
  if (!p) return '';
  const c = p.chromium.throughput;
  const w = p.workerd.throughput;
  return `- In headless Chromium and in workerd: **${fmtInt(c.token.median)}/s** and **${fmtInt(w.token.median)}/s**. There the
  platform's WebCrypto verifies RS256 in ${fmt3(perOpUs(c.rsaWebCrypto))} and ${fmt3(perOpUs(w.rsaWebCrypto))} µs (key import included), the wasm in
  ${fmt3(perOpUs(c.rsaWasm))} and ${fmt3(perOpUs(w.rsaWasm))} µs.
`;
}

function platformsSection(results) {
  const p = results.platforms;
  if (!p) return 'Not measured in this run.';
  const runtimes = [
    { name: `Chromium ${p.chromium.browser} (headless page)`, short: 'Chromium', get: (job) => p.chromium.throughput[job.key] },
    { name: `workerd ${p.workerd.workerd} (npm)`, short: 'workerd', get: (job) => p.workerd.throughput[job.key] },
    { name: `Node ${results.machine.node} (the runs above)`, short: 'Node', get: (job) => job.node(results.node) },
  ];
  const rows = PLATFORM_JOBS.map((job) => `| ${job.label} | ${runtimes.map((r) => {
    const s = r.get(job);
    return s ? `**${fmtInt(s.median)}**/s<br>${fmt3(perOpUs(s))} µs<br>(${fmtInt(s.min)}–${fmtInt(s.max)})` : '–';
  }).join(' | ')} |`);
  const us = (r, key) => perOpUs(r.get(PLATFORM_JOBS.find((j) => j.key === key)));
  const comparisons = runtimes.map((r) => rsaComparison(r.short, us(r, 'rsaWasm'), us(r, 'rsaWebCrypto')));
  const c = p.chromium.cold;
  const m = (s) => `${fmt3(s.median)} (${fmt3(s.min)}–${fmt3(s.max)})`;
  return `The same jobs where the SDK's users run it besides Node: a page in headless Chromium (served
by \`scripts/serve.mjs\`, the SDK imported from \`/js/index.js\`) and a workerd worker
(\`scripts/bench/worker.mjs\`, the workerd entry with the core module). The jobs
(\`scripts/bench/platform-ops.mjs\`) run in a loop inside the runtime, taking turns: medians of
the repeats, spread in brackets as above. In the page the loop times itself; a worker's clock stands still
while it computes, so its batches are timed from the harness, less the round trip of an empty
batch. The Node column repeats the runs above (its WebCrypto row is the PKI.js process's).

| job | ${runtimes.map((r) => r.name).join(' | ')} |
|---|${runtimes.map(() => '---:').join('|')}|
${rows.join('\n')}

The RSA step alone, on these numbers:

${comparisons.join('\n')}

Yet every RSA check stays in the wasm, in browsers and workers too. A verification runs
synchronously inside the wasm and WebCrypto answers asynchronously, so using it takes two
passes over the rest of the verification (JSON, certificate decoding, path and profile checks):
one to learn which signatures to check, one with WebCrypto's answers, plus handing each
check's key, message and signature across and awaiting the answers. A prototype of exactly
that (commit 5ae537e, reverted in 5343499;
\`git checkout 5ae537e && npm run bench\` measures it) came out even with the wasm's RSA on
this machine: 371–747 µs per token against 385–624 µs in Chromium, 437–507 against 393–533 µs
in workerd, over two runs of each.

Cold start in Chromium: a fresh page each time (its own browser context; the server sends
\`no-store\`, so nothing is cached), ${c.coldMs.samples} samples, timed in the page. \`init()\`
fetches the core module, compiles it as it streams in (\`WebAssembly.compileStreaming\`) and
instantiates it.

| ms, median (min–max) | import the SDK (its JS modules fetched) | \`init()\` | first token verify | \`init()\` + first verify |
|---|---:|---:|---:|---:|
| myna-verify in Chromium | ${m(c.importMs)} | ${m(c.initMs)} | ${m(c.firstVerifyMs)} | **${m(c.coldMs)}** |`;
}

function coldTable(results) {
  const c = results.cold;
  const m = (s) => (s ? `${fmt3(s.median)} (${fmt3(s.min)}–${fmt3(s.max)})` : '–');
  return `| ms, median (min–max) | import | read .wasm | compile | instantiate | first token verify | compile + instantiate + first verify | import → verified |
|---|---:|---:|---:|---:|---:|---:|---:|
| myna-verify wasm, core module | ${m(c.ours.importMs)} | ${m(c.ours.readMs)} | ${m(c.ours.compileMs)} | ${m(c.ours.instantiateMs)} | ${m(c.ours.firstVerifyMs)} | **${m(c.ours.coldMs)}** | ${m(c.ours.totalMs)} |
| myna-verify wasm, full module | ${m(c['ours-full'].importMs)} | ${m(c['ours-full'].readMs)} | ${m(c['ours-full'].compileMs)} | ${m(c['ours-full'].instantiateMs)} | ${m(c['ours-full'].firstVerifyMs)} | **${m(c['ours-full'].coldMs)}** | ${m(c['ours-full'].totalMs)} |
| PKI.js (import + parse root and CRL) | ${m(c.pkijs.importMs)} | – | – | – | ${m(c.pkijs.firstVerifyMs)} | – | ${m(c.pkijs.totalMs)} |
| node:crypto (setup) | ${m(c.node.importMs)} | – | – | – | ${m(c.node.firstVerifyMs)} | – | ${m(c.node.totalMs)} |`;
}

/** What V8 compiled by the first verified token (one traced process per module). */
function compiledText(results) {
  const core = results.cold.ours.compiled;
  const full = results.cold['ours-full'].compiled;
  return `By the first verified token, V8 has compiled ${core.functions} functions of the core module
(${fmtInt(core.bodyBytes)} B of function bodies) and ${full.functions} of the full module (${fmtInt(full.bodyBytes)} B): it compiles
each function the first time it is called, with its baseline compiler (Liftoff). The counts come
from V8's compilation trace (\`node --trace-wasm-compilation-times\`, one more process per module)
and do not depend on the machine's speed.`;
}

function memoryTable(results) {
  const rows = ['ours', 'ours-full', 'pkijs', 'jose', 'node'].map((lib) => {
    const m = results.node[lib].memory;
    const wasm = m.wasmMemoryBytes === undefined ? '–' : mib(m.wasmMemoryBytes);
    const key = lib === 'ours-full' ? 'oursFull' : lib;
    return `| ${COLUMNS.find((c) => c.key === key).label} | ${mib(m.rssLoadedDeltaBytes)} | ${mib(m.rssAfterDeltaBytes)} | ${wasm} |`;
  });
  return ['| verifier | RSS after load − start | RSS after all runs − start | wasm linear memory |',
    '|---|---:|---:|---:|', ...rows].join('\n');
}

/** The wasm rows of the CRL table (`CrlIndex.build` and `lookup` from JS). */
function wasmCrlRows(w) {
  if (!w) return '| myna-verify in wasm / Node | not measured in this run |';
  return [
    `| myna-verify in wasm / Node: the first \`CrlIndex.build\` of a fresh process (${w.firstBuildMs.samples} processes) | **${fmt3(w.firstBuildMs.median)} ms** (${fmt3(w.firstBuildMs.min)}–${fmt3(w.firstBuildMs.max)}) |`,
    `| myna-verify in wasm / Node: \`CrlIndex.build\` (parse + verify signature + index), ${w.buildMs.samples} in one process | **${fmt3(w.buildMs.median)} ms** (${fmt3(w.buildMs.min)}–${fmt3(w.buildMs.max)}) |`,
    `| myna-verify in wasm / Node: \`lookup\` from JS (${fmtInt(w.probes)} probes, ${fmtInt(w.probesListed)} listed) | **${fmt3(w.lookupNs.median)} ns** |`,
    ...(w.lookupListedNs ? [`| … the same probes apart: listed (entry read, result object built) / unlisted | ${fmt3(w.lookupListedNs.median)} / ${fmt3(w.lookupUnlistedNs.median)} ns |`] : []),
    `| myna-verify in wasm: linear memory after the index | ${mib(w.wasmMemoryBytes)} |`,
  ].join('\n');
}

function crlTable(results) {
  const l = results.native.crlLarge;
  const o = results.openssl;
  const n = fmtInt(l.entries);
  return `| ${n}-entry CRL (${mib(l.derBytes)} DER) | time |
|---|---:|
| myna-verify native: parse + verify signature + index | **${fmt3(l.buildMs.median)} ms** (${fmt3(l.buildMs.min)}–${fmt3(l.buildMs.max)}) |
| myna-verify native: lookup (${fmtInt(l.probes)} probes, ${fmtInt(l.probesListed)} listed) | **${fmt3(l.lookupNs.median)} ns** |${l.lookupListedNs ? `
| … the same probes apart: listed / unlisted | ${fmt3(l.lookupListedNs.median)} / ${fmt3(l.lookupUnlistedNs.median)} ns |` : ''}
| myna-verify native: index size | ${mib(l.indexBytes)} (${(l.indexBytes / l.derBytes).toFixed(2)}× the DER) |
${wasmCrlRows(results.wasmCrl)}
| \`openssl crl -inform DER -noout\` (whole process) | ${fmt3(o.parseMs.median)} ms (${fmt3(o.parseMs.min)}–${fmt3(o.parseMs.max)}) |
| \`openssl version\` (process start alone, for reference) | ${fmt3(o.processStartMs.median)} ms |`;
}

/** The whole BENCHMARKS.md. */
export function renderMarkdown(results) {
  const m = results.machine;
  const s = results.wasmSize.core;
  const f = results.wasmSize.full;
  const h = headline(results);
  const quickNote = results.quick
    ? '\n> **Quick mode** (`--quick`): short repeats and small CRLs, for checking that the bench runs. These numbers are not the benchmark.\n'
    : '';
  return `# Benchmarks

<!-- generated by \`npm run bench\` (scripts/bench/run.mjs); do not edit by hand -->
${quickNote}
Generated by \`npm run bench\` on ${m.date} (commit ${m.commit}), in ${Math.round(results.seconds)} s.
Every number below comes from that one run; run it again to reproduce them (on another machine
they will differ). Benchmarks are not tests: CI only checks that \`npm run bench -- --quick\` runs.

| machine | |
|---|---|
| CPU | ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB |
| speed probe (\`scripts/bench/probe.mjs\`: fixed CPU and memory work; lower is faster) | CPU ${fmt3(m.probeAtStart.cpuMs)} ms, memory ${fmt3(m.probeAtStart.memoryMs)} ms at start; CPU ${fmt3(m.probeAtEnd.cpuMs)} ms, memory ${fmt3(m.probeAtEnd.memoryMs)} ms at end |
| load average (1 min) | ${m.loadAverageAtStart.toFixed(1)} at start, ${m.loadAverageAtEnd.toFixed(1)} at end${Math.max(m.loadAverageAtStart, m.loadAverageAtEnd) > m.cores ? ' — **the machine was busy: other work competed for the cores, so expect wide spreads and treat the ratios as rough**' : ''} |
| OS | ${m.os} |
| Node | ${m.node} |
| Rust | ${m.rustc} |
| OpenSSL | ${m.openssl} |
| peers | pkijs ${m.peers.pkijs}, asn1js ${m.peers.asn1js}, jose ${m.peers.jose} |

![Token verifications per second](BENCHMARKS.svg)

## Headline

- Web eID token verification: **${fmtInt(h.tokenWasm)}/s** in wasm under Node,
  ${fmtInt(h.tokenNative)}/s native, against PKI.js ${fmtInt(h.tokenPkijs)}/s and node:crypto
  ${fmtInt(h.tokenNode)}/s.
- Core wasm module (loaded first): ${kib(s.raw)} raw, **${kib(s.gzip)} gzip**, ${kib(s.brotli)} brotli.
  Full module (loaded by the first call that needs CRL, OCSP or CMS): ${kib(f.raw)} raw,
  **${kib(f.gzip)} gzip**, ${kib(f.brotli)} brotli.
- Cold start (compile + instantiate + first verify): **${fmt3(h.coldMs)} ms** with the core
  module, ${fmt3(h.coldFullMs)} ms with the full one.
${platformHeadline(results)}- ${fmtInt(h.crlEntries)}-entry CRL, native: index in **${fmt3(h.crlBuildMs)} ms**, lookup **${fmt3(h.crlLookupNs)} ns**${h.wasmCrlBuildMs === undefined ? '' : `; in wasm under Node: a module's first index in **${fmt3(h.wasmCrlFirstBuildMs)} ms**, later ones in ${fmt3(h.wasmCrlBuildMs)} ms, lookup from JS **${fmt3(h.wasmCrlLookupNs)} ns**`}.

## Targets

${targetsTable(results)}

## What is measured

The same inputs for everyone, made by the harness: the TEST JPKI-shaped RSA-2048 chain of two
(\`tests/data/jpki/testpki/test_auth_root.pem\` → \`test_auth_ee.pem\`), a Web eID token
(\`web-eid:1.0\`, RS256 over SHA-256(origin) ‖ SHA-256(nonce)) signed with the TEST
end-entity key, a compact JWS (RS256, \`kid\`) signed with the same key, and CRLs of
${fmtInt(results.inputs.crlSmallEntries)} and ${fmtInt(results.inputs.crlLargeEntries)} entries issued and signed by the TEST auth root
(written by \`examples/bench_native.rs\`: random 64-bit serials, each revoked at a random second
of the five years before, so the CRL lookup's dates are spread as in a national CRL). Validation time ${new Date(results.inputs.timeSeconds * 1000).toISOString()}.

- **myna-verify wasm**: the npm package (\`import … from 'myna-verify'\`, the \`pkg/\` built by
  \`npm run build\`), each call including the JS ↔ wasm copies and the result
  object. Its column is the core module, which these calls load; the "full module" column is
  the same calls after \`initFull()\` (as after any call with CRL, OCSP or CMS input), plus
  the token with a \`CrlIndex\` of the small CRL. The token job is \`verifyToken\` with the TEST trust store, the nonce already matched by
  the caller, revocation \`prefer\` (no evidence → a warning).
- **myna-verify native**: the same crate as a Rust library (\`examples/bench_native.rs\`, ${results.quick ? 'in quick mode the unoptimised dev build' : 'built at opt-level 3'}), the same calls.
- **PKI.js**: \`Certificate.fromBER\`, \`CertificateChainValidationEngine\` (trusted root, check
  date, the CRL for the CRL row), then WebCrypto for the token signature. It checks the chain
  per RFC 5280 but not the JPKI profile.
- **jose**: \`compactVerify\` (the JWS rows only).
- **node:crypto**: \`X509Certificate\` (\`checkIssued\`, \`verify\`, validity dates) and
  \`crypto.verify\`: the native floor, checking far less than a JPKI verifier does (no
  extensions, policies or profile).

Throughput is the median of repeated timed loops (spread in brackets: slowest–fastest repeat).
Each verifier runs in its own Node process, twice: all of them in one order, then in the
reverse order, and each one's better run (by its token or JWS median) is reported, so that a
slow spell of the (shared) machine does not fall on one verifier only.

## Throughput

${throughputTable(results)}

## Where the time goes (RSA)

${rsaSection(results)}

## In a browser and in a worker

${platformsSection(results)}

## Cold start

A fresh Node process per sample (${results.cold.ours.totalMs.samples} samples each, the verifiers taking turns), timed inside the process.
The wasm is compiled as the Node entry compiles it (\`new WebAssembly.Module\`, synchronous).

${coldTable(results)}

${compiledText(results)}

## Memory

Process RSS deltas in the measuring process (from before the library is imported), and the wasm
instance's linear memory after all runs.

${memoryTable(results)}

## Wasm size

| bytes | core: \`pkg/core/myna_verify_core_bg.wasm\` | full: \`pkg/myna_verify_bg.wasm\` |
|---|---:|---:|
| raw | ${fmtInt(s.raw)} (${kib(s.raw)}) | ${fmtInt(f.raw)} (${kib(f.raw)}) |
| gzip -9 (node:zlib) | ${fmtInt(s.gzip)} (${kib(s.gzip)}) | ${fmtInt(f.gzip)} (${kib(f.gzip)}) |
| brotli q11 (node:zlib) | ${fmtInt(s.brotli)} (${kib(s.brotli)}) | ${fmtInt(f.brotli)} (${kib(f.brotli)}) |

Both modules come from the same source and go through \`wasm-opt -Oz
--one-caller-inline-max-function-size=20\` (a function over 20 bytes is not merged into its only
caller, so V8, which compiles a wasm function whole on its first call, does not compile code a
verification never runs), both built with \`--profile wasm-verifier\` (the crate at
\`opt-level = "s"\`, SHA-2 with sha2's compact rounds). The core (feature \`verify\` only)
verifies tokens, certificates and JWS, issues and opens challenges and takes operator verdicts
on revocation; the JS layer loads it first. The full
module (default features) adds CRL and OCSP evidence, the
\`CrlIndex\` and CMS; the JS layer loads it the first time a call needs one of them and uses it
for every call from then on. Neither has card, transport or simulator code. They hold the
crate's own X.509 reader, JSON reader, RSA and ECDSA; their other dependencies are \`sha1\`, \`sha2\`,
\`zeroize\`, \`serde\` (serialising results) and the wasm-bindgen crates
(\`cargo tree -e normal --target wasm32-unknown-unknown\` lists them). x509-parser, serde_json,
\`rsa\`, \`p256\` and \`p384\` are test oracles only.

## CRL

${crlTable(results)}

The small CRL (${fmtInt(results.inputs.crlSmallEntries)} entries) is also in the throughput table (decode + verify signature,
and for myna-verify the index). PKI.js is not run on the large CRL (its object tree per entry
makes it impractical at that size).

## Card ceremony

${cardTable(results)}
`;
}

/** APDUs per ceremony on the virtual card, short and extended-length READ BINARY. */
function cardTable(results) {
  const rows = results.card.ceremonies;
  const find = (name, ext) => rows.find((r) => r.ceremony === name && r.extendedLength === ext);
  const cell = (r) => (r ? `${r.apdus}${r.ok ? '' : ' (failed)'}` : '–');
  const lines = ['authenticate', 'signConsent', 'readCardInfo'].map((name) => (
    `| \`${name}\` | ${cell(find(name, false))} | ${cell(find(name, true))} |`));
  return `APDUs per ceremony, counted by the reader object of the card module (\`reader.lastApduCount\`)
while the JS API talks to the virtual card (\`createVirtualCard()\`, the simulated My Number
Card of \`src/sim\`); every token was then verified with \`verifyToken\` (TEST trust). Short
READ BINARY reads a certificate at most 256 bytes at a time; with \`extendedLength: true\`
(reader and card must support it) fewer, longer READ BINARY commands do. A real reader adds its
own framing (CCID messages, Port-100 frames) below these APDUs; the count is the card's.

| ceremony | APDUs (short READ BINARY) | APDUs (extended length) |
|---|---:|---:|
${lines.join('\n')}`;
}

// ------------------------------------------------------------------------------ SVG

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One horizontal bar panel: title and [label, value] bars, starting at y. */
function panel(title, bars, y, width) {
  const labelW = 190;
  const valueW = 90;
  const barMax = width - labelW - valueW - 20;
  const max = Math.max(...bars.map(([, v]) => v), 1);
  const parts = [`<text x="10" y="${y + 16}" class="t">${esc(title)}</text>`];
  bars.forEach(([label, value], i) => {
    const by = y + 28 + i * 26;
    const w = Math.max(1, (value / max) * barMax);
    const cls = label.startsWith('myna-verify') ? 'ours' : 'peer';
    parts.push(
      `<text x="${labelW - 8}" y="${by + 14}" class="l">${esc(label)}</text>`,
      `<rect x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="18" class="${cls}"/>`,
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${by + 14}" class="v">${esc(fmtInt(value))}/s</text>`,
    );
  });
  return { svg: parts.join('\n'), height: 36 + bars.length * 26 };
}

/** A bar chart of token and RSA verifications per second, from the results. */
export function renderSvg(results) {
  const width = 720;
  const bars = (job) => COLUMNS
    .map((col) => [col.label, cell(results, col, job)?.median])
    .filter(([, v]) => Number.isFinite(v));
  const jobs = ['token', 'rsaVerify', 'jws'].map((k) => JOBS.find((j) => j.key === k));
  const titles = {
    token: 'Web eID token verifications per second (higher is better)',
    rsaVerify: 'RS256 signature verifications per second',
    jws: 'Compact JWS (RS256, key from SPKI) verifications per second',
  };
  let y = 34;
  const panels = jobs.map((job) => {
    const p = panel(titles[job.key], bars(job), y, width);
    y += p.height + 10;
    return p.svg;
  });
  const m = results.machine;
  const foot = `${m.date} · ${m.cpu} (${m.cores} cores) · Node ${m.node} · ${m.rustc}${results.quick ? ' · QUICK MODE' : ''}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 24}" viewBox="0 0 ${width} ${y + 24}" font-family="sans-serif">
<style>.t{font-size:14px;font-weight:bold}.l{font-size:12px;text-anchor:end}.v{font-size:12px}.f{font-size:10px;fill:#555}.ours{fill:#c0392b}.peer{fill:#7f8c8d}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" class="t">myna-verify benchmarks (npm run bench)</text>
${panels.join('\n')}
<text x="10" y="${y + 12}" class="f">${esc(foot)}</text>
</svg>
`;
}

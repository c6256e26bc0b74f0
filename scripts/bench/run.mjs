// `npm run bench`: measure myna-verify (native, wasm under Node, and wasm in headless Chromium
// and workerd) and its peers (PKI.js, jose, node:crypto, the platforms' WebCrypto) in one run
// on the same inputs, then write BENCHMARKS.md and
// BENCHMARKS.svg from the data. Benchmarks are not tests: nothing here fails on a slow number.
//
//   node scripts/bench/run.mjs            full run (~2-5 min on 2 cores), writes the repo's
//                                          BENCHMARKS.md / BENCHMARKS.svg
//   node scripts/bench/run.mjs --quick    shape check in seconds (small CRLs, short repeats),
//                                          writes into target/bench-quick/ (or --out DIR, which
//                                          also gets results.json)
//   node scripts/bench/run.mjs --no-build  full run on the existing pkg/ (no setup or build)
//
// Raw results (JSON) are kept next to the inputs in Cargo's target directory.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT, capture, run, step } from '../toolchain.mjs';
import { ROOT_KEY_PATH, TIME_SECONDS, readInputs, writeInputs } from './inputs.mjs';
import { renderMarkdown, renderSvg } from './report.mjs';
import { plan, summary } from './stats.mjs';
import { packageVersion } from './verifiers.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const outFlag = argv.indexOf('--out');

/** Sizes and repeat counts of each mode. */
const MODE = quick
  ? { crlSmall: 100, crlLarge: 20_000, coldSamples: 3, opensslSamples: 1, crlFirstSamples: 2, browserColdSamples: 2 }
  : { crlSmall: 1_000, crlLarge: 1_000_000, coldSamples: 15, opensslSamples: 3, crlFirstSamples: 5, browserColdSamples: 9 };

function cargoTargetDir() {
  const meta = capture('cargo', ['metadata', '--format-version', '1', '--no-deps']);
  if (meta === null) throw new Error('cargo metadata failed');
  return JSON.parse(meta).target_directory;
}

/** Run a command and parse its one-line JSON stdout; throw with its stderr when it fails. */
function json(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

/**
 * The native program. Full mode: a `bench-native` profile (the release profile at opt-level 3,
 * the crate included: the shipped release profile optimises for the wasm size, "z" and "s"). Quick mode: the dev build
 * with the features `npm test` already compiled, so CI rebuilds nothing.
 */
async function buildNative(target) {
  if (quick) {
    run('cargo', ['build', '--features', 'testpki,cli,simulator', '--example', 'bench_native']);
    return join(target, 'debug', 'examples', 'bench_native');
  }
  run('cargo', ['build', '--config', 'profile.bench-native.inherits="release"',
    '--config', 'profile.bench-native.opt-level=3',
    '--config', 'profile.bench-native.package.myna-verify.opt-level=3', '--profile', 'bench-native',
    '--features', 'testpki', '--example', 'bench_native']);
  return join(target, 'bench-native', 'examples', 'bench_native');
}

async function buildWasm() {
  const wasm = join(ROOT, 'pkg', 'myna_verify_bg.wasm');
  if ((quick || argv.includes('--no-build')) && existsSync(wasm)) {
    console.log('using the existing pkg/ (run `npm run build` to refresh it)');
    return;
  }
  const { setup } = await import('../setup.mjs');
  const { build } = await import('../build.mjs');
  process.env.MYNA_NEED_BROWSER = '1'; // Chromium for the browser measurements
  setup();
  build();
}

/** Sizes of the core and the full verifier module. */
function wasmSizes() {
  return {
    core: sizesOf(join(ROOT, 'pkg', 'core', 'myna_verify_core_bg.wasm')),
    full: sizesOf(join(ROOT, 'pkg', 'myna_verify_bg.wasm')),
  };
}

function sizesOf(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  };
}

/** Wall time of `openssl crl -inform DER -noout` on the file, and of `openssl version`. */
function opensslCrl(file, samples) {
  const time = (args) => {
    const started = performance.now();
    const r = spawnSync('openssl', args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed`);
    return performance.now() - started;
  };
  const parse = [];
  const start = [];
  for (let i = 0; i < samples; i += 1) {
    parse.push(time(['crl', '-inform', 'DER', '-noout', '-in', file]));
    start.push(time(['version']));
  }
  return { parseMs: summary(parse, 'ms'), processStartMs: summary(start, 'ms') };
}

/** Cold starts, the verifiers taking turns sample by sample (a slow spell hits them all). */
function coldStarts(dir, samples) {
  const libs = ['ours', 'ours-full', 'pkijs', 'node'];
  const all = Object.fromEntries(libs.map((lib) => [lib, []]));
  for (let i = 0; i < samples; i += 1) {
    for (const lib of libs) {
      all[lib].push(json(process.execPath, [join(ROOT, 'scripts/bench/cold.mjs'), lib, dir]));
    }
  }
  const out = {};
  for (const lib of libs) {
    const runs = all[lib];
    if (!runs.every((r) => r.ok)) throw new Error(`cold start of ${lib}: verification failed`);
    const keys = Object.keys(runs[0]).filter((k) => k.endsWith('Ms'));
    out[lib] = Object.fromEntries(keys.map((k) => [k, summary(runs.map((r) => r[k]), 'ms')]));
  }
  for (const lib of ['ours', 'ours-full']) out[lib].compiled = compiledByFirstVerify(lib, dir);
  return out;
}

/**
 * What V8 compiles, function by function, up to the first verified token (one more cold
 * process, with V8's compilation trace): lazily, with its baseline compiler Liftoff, so this
 * is the part of the cold start the crate controls, and it does not depend on the machine.
 */
function compiledByFirstVerify(lib, dir) {
  const r = spawnSync(process.execPath, ['--trace-wasm-compilation-times', join(ROOT, 'scripts/bench/cold.mjs'), lib, dir],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`cold start of ${lib} with the compilation trace: ${r.stderr || r.error}`);
  const sizes = [...r.stdout.matchAll(/using Liftoff, took \d+ ms and \d+ bytes; bodysize (\d+)/g)].map((m) => Number(m[1]));
  if (sizes.length === 0) throw new Error(`cold start of ${lib}: no compilation trace from this Node`);
  return { functions: sizes.length, bodyBytes: sizes.reduce((a, b) => a + b, 0) };
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg()[0],
    probeAtStart,
    probeAtEnd: machineProbe(),
    os: `${process.platform} ${process.arch}`,
    node: process.version,
    rustc: capture('rustc', ['--version']),
    openssl: capture('openssl', ['version']),
    commit: capture('git', ['rev-parse', '--short', 'HEAD']),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    peers: {
      pkijs: packageVersion('pkijs'),
      asn1js: packageVersion('asn1js'),
      jose: packageVersion('jose'),
    },
  };
}

/** Medians of three runs of scripts/bench/probe.mjs: `{ cpuMs, memoryMs }`. */
function machineProbe() {
  const runs = [0, 1, 2].map(() => json(process.execPath, [join(ROOT, 'scripts/bench/probe.mjs')]));
  return {
    cpuMs: summary(runs.map((r) => r.cpuMs), 'ms').median,
    memoryMs: summary(runs.map((r) => r.memoryMs), 'ms').median,
  };
}

const loadAtStart = loadavg()[0];
const probeAtStart = machineProbe();

async function main() {
  const started = performance.now();
  const target = cargoTargetDir();
  const work = join(target, quick ? 'bench-quick' : 'bench');
  const outDir = outFlag >= 0 ? resolve(argv[outFlag + 1]) : (quick ? work : ROOT);
  mkdirSync(outDir, { recursive: true });

  step('bench: building the wasm package and the native program');
  await buildWasm();
  const native = await buildNative(target);

  step('bench: writing the inputs');
  const dir = join(work, 'inputs');
  const files = writeInputs(dir);
  for (const [file, entries] of [[files.crlSmall, MODE.crlSmall], [files.crlLarge, MODE.crlLarge]]) {
    run(native, ['crl', files.root, ROOT_KEY_PATH, String(entries), String(TIME_SECONDS), file]);
  }

  step('bench: native (myna-verify as a Rust library)');
  const nativeResults = json(native, ['run', dir, ...(quick ? ['--quick'] : [])]);

  // Every verifier twice, in one order and then the other; the better run of each is kept (by
  // its main job's median), so that a slow spell of a shared machine does not land on one alone.
  const suites = {};
  const libs = ['ours', 'ours-full', 'pkijs', 'jose', 'node'];
  for (const lib of [...libs, ...libs.toReversed()]) {
    step(`bench: ${lib} under Node`);
    const run = json(process.execPath, [join(ROOT, 'scripts/bench/suite.mjs'), lib, dir,
      ...(quick ? ['--quick'] : [])]);
    const main = (r) => (r.throughput.token ?? r.throughput.jws).median;
    if (suites[lib] === undefined || main(run) > main(suites[lib])) suites[lib] = run;
  }

  step('bench: the large CRL index in wasm under Node');
  const crlScript = join(ROOT, 'scripts/bench/crl.mjs');
  const wasmCrl = json(process.execPath, [crlScript, dir,
    String(quick ? 1 : 3), String(quick ? 20_000 : 200_000)]);
  // The first index a module builds (before V8 has optimised the code), in fresh processes.
  const firsts = [wasmCrl.firstBuildMs];
  for (let i = 1; i < MODE.crlFirstSamples; i += 1) {
    firsts.push(json(process.execPath, [crlScript, dir, '1', '0']).firstBuildMs);
  }
  wasmCrl.firstBuildMs = summary(firsts, 'ms');

  step('bench: cold starts (a fresh Node process per sample)');
  const cold = coldStarts(dir, MODE.coldSamples);

  step('bench: Chromium and workerd (the wasm against the platform\'s WebCrypto)');
  // Imported here, not at the top: it needs playwright-core, which setup installs (buildWasm).
  const { chromiumBench, workerdBench } = await import('./platforms.mjs');
  const inputs = readInputs(dir);
  const platforms = {
    chromium: await chromiumBench(inputs, plan(quick), MODE.browserColdSamples),
    workerd: await workerdBench(inputs, plan(quick)),
  };

  step('bench: APDUs per card ceremony (virtual card, card module in Node)');
  const card = json(process.execPath, [join(ROOT, 'scripts/bench/card.mjs')]);

  step('bench: openssl crl on the large CRL');
  const openssl = opensslCrl(files.crlLarge, MODE.opensslSamples);

  const results = {
    quick,
    machine: machine(),
    inputs: { timeSeconds: TIME_SECONDS, crlSmallEntries: MODE.crlSmall, crlLargeEntries: MODE.crlLarge },
    native: nativeResults,
    node: suites,
    cold,
    platforms,
    wasmCrl,
    openssl,
    wasmSize: wasmSizes(),
    card,
    seconds: 0,
  };
  results.seconds = (performance.now() - started) / 1000;
  const raw = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(work, 'results.json'), raw);
  if (outFlag >= 0) writeFileSync(join(outDir, 'results.json'), raw);
  writeFileSync(join(outDir, 'BENCHMARKS.md'), renderMarkdown(results));
  writeFileSync(join(outDir, 'BENCHMARKS.svg'), renderSvg(results));
  console.log(`\n✓ bench finished in ${results.seconds.toFixed(0)} s: ${join(outDir, 'BENCHMARKS.md')}`);
  console.log(`  raw results: ${join(work, 'results.json')}`);
}

main().catch((e) => {
  console.error(`✗ bench failed: ${e.stack ?? e.message}`);
  process.exit(1);
});

// myna-verify where its users run it besides Node: a page in headless Chromium and a workerd
// worker. In each: the token and RS256 verification in the core wasm module, and RS256 through
// the platform's WebCrypto (with the key imported per call, and once), so that the choice of
// keeping the RSA in wasm rests on numbers from browsers and workers too. Chromium also gets
// cold starts: a fresh page each, from importing the SDK to the first verified token.

import { createServer } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../chromium.mjs';
import { SDK_MODULES, runWorkerd, workerConfig } from '../demo-workerd.mjs';
import { SECURITY_HEADERS, serve } from '../serve.mjs';
import { ROOT } from '../toolchain.mjs';
import { encodeInputs } from './platform-ops.mjs';
import { summary } from './stats.mjs';

/** The jobs of scripts/bench/platform-ops.mjs, in the order they take turns. */
export const JOBS = ['token', 'rsaWasm', 'rsaWebCrypto', 'rsaWebCryptoKeyOnce'];

const WORKERD_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'workerd', 'package.json'), 'utf8')).version;

const OPS_SOURCE = readFileSync(join(ROOT, 'scripts', 'bench', 'platform-ops.mjs'), 'utf8');

/** The worker's modules, by repository path (see scripts/bench/worker.mjs). */
const WORKER_MODULES = [
  ['scripts/bench/worker.mjs', 'esModule'],
  ['scripts/bench/platform-ops.mjs', 'esModule'],
  ...SDK_MODULES,
];

/**
 * Operations per second of every job, given `batch(job, n)` → milliseconds for `n` runs in a
 * row: each job sized to about `repeatMs` per batch after a warm-up, then `repeats` rounds in
 * which the jobs take turns (a slow spell of the machine falls on all of them).
 */
async function rates(batch, { repeatMs, repeats }) {
  const sizes = {};
  for (const job of JOBS) {
    await batch(job, 20);
    const ms = await batch(job, 20);
    sizes[job] = Math.max(5, Math.round((20 * repeatMs) / Math.max(ms, 1)));
  }
  const samples = Object.fromEntries(JOBS.map((job) => [job, []]));
  for (let r = 0; r < repeats; r += 1) {
    for (const job of JOBS) {
      samples[job].push((sizes[job] * 1000) / (await batch(job, sizes[job])));
    }
  }
  return Object.fromEntries(JOBS.map((job) => [job, summary(samples[job], 'ops/s')]));
}

/** A blank page and the jobs' module, served on the static server's origin with its headers. */
async function routeBench(context, base) {
  await context.route(`${base}/bench.html`, (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    headers: SECURITY_HEADERS,
    body: '<!doctype html><meta charset="utf-8"><title>myna-verify bench</title>',
  }));
  await context.route(`${base}/bench/platform-ops.mjs`, (route) => route.fulfill({
    status: 200,
    contentType: 'text/javascript; charset=utf-8',
    headers: SECURITY_HEADERS,
    body: OPS_SOURCE,
  }));
}

/** A fresh page on the bench origin (own context: nothing cached or loaded before). */
async function freshPage(browser, base) {
  const context = await browser.newContext();
  await routeBench(context, base);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/bench.html`);
  return { page, context, errors };
}

/**
 * In headless Chromium (scripts/serve.mjs serving js/ and pkg/): the jobs' rates in one page,
 * then `coldSamples` cold starts, each in a fresh page. `inputs` as readInputs gives them.
 */
export async function chromiumBench(inputs, plan, coldSamples) {
  const wire = encodeInputs(inputs);
  const server = await serve({ port: 0 });
  const base = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await launchChromium(process.env.CHROMIUM_PATH);
    const { page, context, errors } = await freshPage(browser, base);
    const setup = await page.evaluate(async (w) => {
      const sdk = await import('/js/index.js');
      const { makeOps, runBatch } = await import('/bench/platform-ops.mjs');
      const ops = await makeOps(sdk, w);
      globalThis.benchBatch = async (job, n) => {
        const started = performance.now();
        await runBatch(ops[job], n);
        return performance.now() - started;
      };
      return { version: await sdk.version(), userAgent: navigator.userAgent };
    }, wire);
    const throughput = await rates((job, n) => page.evaluate(([j, k]) => globalThis.benchBatch(j, k), [job, n]), plan);
    await context.close();
    if (errors.length > 0) throw new Error(`Chromium page errors: ${errors.join('; ')}`);

    const cold = [];
    for (let i = 0; i < coldSamples; i += 1) {
      const fresh = await freshPage(browser, base);
      cold.push(await fresh.page.evaluate(async (w) => {
        const t0 = performance.now();
        const sdk = await import('/js/index.js');
        const t1 = performance.now();
        await sdk.init();
        const t2 = performance.now();
        const r = await sdk.verifyToken({ origin: w.origin, nonce: w.nonce, time: w.timeMs, trust: 'jpki-test', token: w.token });
        const t3 = performance.now();
        return { importMs: t1 - t0, initMs: t2 - t1, firstVerifyMs: t3 - t2, coldMs: t3 - t1, ok: r.ok };
      }, wire));
      await fresh.context.close();
      if (fresh.errors.length > 0) throw new Error(`Chromium page errors: ${fresh.errors.join('; ')}`);
    }
    if (!cold.every((c) => c.ok === true)) throw new Error('a Chromium cold start did not verify the token');
    const keys = ['importMs', 'initMs', 'firstVerifyMs', 'coldMs'];
    return {
      browser: browser.version(),
      userAgent: setup.userAgent,
      throughput,
      cold: Object.fromEntries(keys.map((k) => [k, summary(cold.map((c) => c[k]), 'ms')])),
    };
  } finally {
    await browser?.close();
    await new Promise((resolve) => { server.close(resolve); });
  }
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * In workerd (npm's, on 127.0.0.1): the jobs' rates, timed from here because a worker's clock
 * stands still while it computes. A batch's time is its request's minus that of an empty batch
 * sent right after it, so the HTTP round trip cancels out.
 */
export async function workerdBench(inputs, plan) {
  const dir = join(ROOT, 'target', 'bench-workerd');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const file = join(dir, `workerd-${port}.capnp`);
  writeFileSync(file, workerConfig({ port, modules: WORKER_MODULES }));
  const url = `http://127.0.0.1:${port}`;
  const { child } = await runWorkerd(file, `${url}/ready`);
  try {
    const setup = await post(`${url}/setup`, encodeInputs(inputs));
    const run = (job, n) => post(`${url}/run?op=${job}&n=${n}`);
    const batch = async (job, n) => {
      const t0 = performance.now();
      await run(job, n);
      const t1 = performance.now();
      await run(job, 0);
      const t2 = performance.now();
      return Math.max((t1 - t0) - (t2 - t1), 0.001);
    };
    return { workerd: WORKERD_VERSION, sdk: setup.version, throughput: await rates(batch, plan) };
  } finally {
    child.kill();
    rmSync(file, { force: true });
  }
}

/** POST `body` as JSON and return the JSON answer; throws unless it says `ok: true`. */
async function post(url, body = {}) {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  const answer = await res.json();
  if (answer.ok !== true) throw new Error(`${url}: ${answer.error ?? res.status}`);
  return answer;
}

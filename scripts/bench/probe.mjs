// A fixed amount of work in a fresh Node process, timed at the start and the end of a bench run
// to show how fast the machine was at the time: on a shared machine the same work can take
// twice as long from one minute to the next, which no load average of this machine reveals.
//   node scripts/bench/probe.mjs  → { cpuMs, memoryMs } on stdout.
// cpuMs: a 100,000,000-step integer loop (registers only). memoryMs: 8 passes of strided
// reads over 64 MiB (cache misses: what other tenants' memory traffic slows down).

import { performance } from 'node:perf_hooks';

let x = 0;
let started = performance.now();
for (let i = 0; i < 100_000_000; i += 1) x = (Math.imul(x, 31) + i) | 0;
const cpuMs = performance.now() - started;

const words = new Int32Array(16 << 20); // 64 MiB
for (let i = 0; i < words.length; i += 1024) words[i] = i;
started = performance.now();
for (let pass = 0; pass < 8; pass += 1) {
  for (let i = pass * 16; i < words.length; i += 4099) x = (x + words[i]) | 0;
  for (let i = 0; i < words.length; i += 16) x ^= words[i];
}
const memoryMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ cpuMs, memoryMs, x })}\n`);

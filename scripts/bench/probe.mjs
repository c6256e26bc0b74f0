// A fixed amount of plain CPU work (a 100,000,000-step integer loop) in a fresh Node process:
//   node scripts/bench/probe.mjs  → its milliseconds on stdout.
// Timed at the start and the end of a bench run, it shows how fast the machine was at the
// time: on a shared machine the same work can take twice as long from one minute to the next,
// which no load average of this machine reveals.

import { performance } from 'node:perf_hooks';

let x = 0;
const started = performance.now();
for (let i = 0; i < 100_000_000; i += 1) x = (Math.imul(x, 31) + i) | 0;
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, x })}\n`);

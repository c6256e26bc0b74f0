// Timing helpers of the benchmark harness: repeats of a timed loop, median and spread.

import { performance } from 'node:perf_hooks';

/** How long one repeat runs (ms) and how many repeats, for the full and the quick mode. */
export function plan(quick) {
  return quick ? { repeatMs: 60, repeats: 3 } : { repeatMs: 400, repeats: 7 };
}

/** Median, min and max of `values`, with the unit and the sample count. */
export function summary(values, unit) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    samples: sorted.length,
    unit,
  };
}

/**
 * Operations per second of the async `fn` (which must resolve truthy when the verification
 * succeeded): one checked warm-up call, then `repeats` loops of about `repeatMs` each.
 */
export async function throughput(fn, { repeatMs, repeats }) {
  if (!(await fn())) throw new Error('the measured operation failed on its first run');
  // Let the JIT settle: up to 20 calls or 200 ms, whichever comes first.
  const warm = performance.now();
  for (let i = 0; i < 20 && performance.now() - warm < 200; i += 1) await fn();
  const rates = [];
  for (let r = 0; r < repeats; r += 1) {
    const started = performance.now();
    let n = 0;
    let elapsed = 0;
    while (elapsed < repeatMs) {
      await fn();
      n += 1;
      elapsed = performance.now() - started;
    }
    rates.push((n * 1000) / elapsed);
  }
  return summary(rates, 'ops/s');
}

/** Wall time (ms) of the async `fn`, `samples` times. */
export async function wallTimes(fn, samples) {
  const ms = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return ms;
}

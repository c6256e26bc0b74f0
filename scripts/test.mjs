// `npm test`: setup → native cargo tests → fuzz smoke → ONE release wasm build (verifier + card module) → Node
// tests of the built package → browser tests of the card kit (headless Chromium).
// Stops at the first failing step and exits non-zero.

import { ROOT, run, step } from './toolchain.mjs';
import { setup } from './setup.mjs';
import { build } from './build.mjs';
import { fuzzSmoke } from './fuzz-smoke.mjs';

// The browser tests need Debian's chromium (+ chromium-driver): setup installs them when asked.
process.env.MYNA_NEED_BROWSER ??= '1';

const steps = [
  ['setup', () => setup()],
  ['cargo test (native, all targets, --features testpki,cli,simulator)', () => {
    run('cargo', ['test', '--all-targets', '--features', 'testpki,cli,simulator', '--no-fail-fast']);
  }],
  // Every fuzz target briefly, when nightly + cargo-fuzz are present (skipped, with the reason, otherwise).
  ['fuzz smoke (5 s per target)', () => fuzzSmoke({ seconds: Number(process.env.FUZZ_SECONDS ?? 5) })],
  ['npm run build (release wasm)', () => build()],
  ['node --test tests/js/', () => run(process.execPath, ['--test', 'tests/js/'], { cwd: ROOT })],
  ['browser tests (headless Chromium, fake WebUSB RC-S380)', () => {
    run(process.execPath, ['--test', 'tests/browser/'], { cwd: ROOT });
  }],
];

const timings = [];
for (const [name, fn] of steps) {
  const started = Date.now();
  step(`npm test: ${name}`);
  try {
    fn();
  } catch (e) {
    console.error(`\n✗ npm test failed at "${name}": ${e.message}`);
    process.exit(1);
  }
  timings.push(`  ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`\n✓ npm test passed\n${timings.join('\n')}`);

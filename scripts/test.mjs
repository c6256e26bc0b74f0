// `npm test`: setup → native cargo tests → ONE release wasm build → Node tests of the built package.
// Stops at the first failing step and exits non-zero.

import { ROOT, run, step } from './toolchain.mjs';
import { setup } from './setup.mjs';
import { build } from './build.mjs';

const steps = [
  ['setup', () => setup()],
  ['cargo test (native, all targets, --features testpki,cli,simulator)', () => {
    run('cargo', ['test', '--all-targets', '--features', 'testpki,cli,simulator', '--no-fail-fast']);
  }],
  ['npm run build (release wasm)', () => build()],
  ['node --test tests/js/', () => run(process.execPath, ['--test', 'tests/js/'], { cwd: ROOT })],
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

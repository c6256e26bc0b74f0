// Fuzz smoke (issue 8): build the cargo-fuzz targets under tests/fuzz once, then run each for a
// few seconds from its committed seeds (tests/fuzz/seeds/<target>) with a throw-away corpus.
// A crash fails the run and names the reproducer. Skipped, with the reason, when the nightly
// toolchain or cargo-fuzz is missing.
//
//   node scripts/fuzz-smoke.mjs [SECONDS] [TARGET...]     (SECONDS: 1..30, default 10)
//   FUZZ_SECONDS=10 npm test                               (when wired into scripts/test.mjs)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const FUZZ_DIR = join(ROOT, 'tests', 'fuzz');
const MAX_SECONDS = 30;

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Why the smoke cannot run here, or null when it can. */
export function skipReason() {
  if (!probe('cargo', ['--version'])) return 'cargo is not on PATH';
  if (!probe('cargo', ['+nightly', '--version'])) return 'no nightly toolchain (`rustup toolchain install nightly`)';
  if (!probe('cargo', ['+nightly', 'fuzz', '--version'])) return 'cargo-fuzz is not installed (`cargo install cargo-fuzz`)';
  return null;
}

function parseSeconds(value) {
  const n = Number(value ?? 10);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SECONDS) {
    throw new Error(`fuzz seconds must be an integer 1..${MAX_SECONDS}, got ${value}`);
  }
  return n;
}

function listTargets() {
  const out = probe('cargo', ['+nightly', 'fuzz', 'list', '--fuzz-dir', FUZZ_DIR]);
  if (!out) throw new Error('cargo fuzz list failed');
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

function runTarget(target, seconds) {
  const corpus = mkdtempSync(join(tmpdir(), `fuzz-${target}-`));
  try {
    const r = spawnSync('cargo', [
      '+nightly', 'fuzz', 'run', '-O', '--fuzz-dir', FUZZ_DIR, target, corpus, join(FUZZ_DIR, 'seeds', target),
      '--', `-max_total_time=${seconds}`, '-print_final_stats=1', '-rss_limit_mb=2048', '-timeout=10',
    ], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const log = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const execs = /stat::number_of_executed_units:\s*(\d+)/.exec(log)?.[1] ?? '?';
    if (r.status !== 0) {
      const artifact = /Test unit written to (\S+)/.exec(log)?.[1] ?? '(no artifact reported)';
      console.error(log.split('\n').slice(-40).join('\n'));
      throw new Error(`fuzz target ${target} failed after ${execs} runs; reproducer: ${artifact}`);
    }
    return execs;
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

/** Run the smoke; returns false when skipped. Throws on a crash. */
export function fuzzSmoke({ seconds = process.env.FUZZ_SECONDS, targets = [] } = {}) {
  const secs = parseSeconds(seconds);
  const reason = skipReason();
  if (reason) {
    console.log(`fuzz smoke skipped: ${reason}`);
    return false;
  }
  const build = spawnSync('cargo', ['+nightly', 'fuzz', 'build', '-O', '--fuzz-dir', FUZZ_DIR], {
    cwd: ROOT, stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('cargo fuzz build failed');
  const all = listTargets();
  const chosen = targets.length ? targets : all;
  for (const t of chosen) {
    if (!all.includes(t)) throw new Error(`unknown fuzz target ${t} (have: ${all.join(', ')})`);
  }
  for (const t of chosen) {
    const started = Date.now();
    const execs = runTarget(t, secs);
    console.log(`  fuzz ${t}: ${execs} runs, no crash (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [seconds, ...targets] = process.argv.slice(2);
  try {
    fuzzSmoke({ seconds: seconds ?? process.env.FUZZ_SECONDS, targets });
  } catch (e) {
    console.error(`✗ ${e.message}`);
    process.exit(1);
  }
}

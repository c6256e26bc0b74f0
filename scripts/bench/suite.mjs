// One verifier's throughput and memory, in its own Node process:
//   node scripts/bench/suite.mjs LIB INPUT_DIR [--quick]  → one JSON line on stdout.

import { readInputs } from './inputs.mjs';
import { plan, throughput } from './stats.mjs';
import { load } from './verifiers.mjs';

const [lib, dir] = process.argv.slice(2);
const quick = process.argv.includes('--quick');
const inputs = readInputs(dir);

const rssStart = process.memoryUsage().rss;
const v = await load(lib, inputs);
const rssLoaded = process.memoryUsage().rss;
const results = {};
for (const [name, op] of Object.entries(v.ops)) {
  results[name] = await throughput(op, plan(quick));
}
const memory = {
  rssStartBytes: rssStart,
  rssLoadedDeltaBytes: rssLoaded - rssStart,
  rssAfterDeltaBytes: process.memoryUsage().rss - rssStart,
};
if (lib.startsWith('ours')) {
  // The generated glue of the module in use returns the live instance's exports once loaded.
  const { full } = (await import('myna-verify')).loadedModules();
  const loader = full ? '../../pkg/myna_verify.js' : '../../pkg/core/myna_verify_core.js';
  const glue = await import(new URL(loader, import.meta.url));
  memory.wasmMemoryBytes = glue.initSync().memory.buffer.byteLength;
}
process.stdout.write(`${JSON.stringify({ lib, version: v.version, throughput: results, memory })}\n`);

// The bench's workerd worker (config written by scripts/bench/platforms.mjs):
//   GET  /ready                           → 200 once workerd serves the worker
//   POST /setup  body: encodeInputs(...)  → loads the core module, prepares the jobs
//   POST /run?op=NAME&n=N                 → runs job NAME N times in a row
// The harness times the requests from outside: a worker's clock does not advance while it
// computes.

import * as sdk from '../../js/workerd.js';
import core from '../../pkg/core/myna_verify_core_bg.wasm';
import { makeOps, runBatch } from './platform-ops.mjs';

let ops = null;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/ready') return new Response('ready');
      if (url.pathname === '/setup') {
        if (sdk.loadedModules().core === false) await sdk.init(core);
        ops = await makeOps(sdk, await request.json());
        return Response.json({ ok: true, version: await sdk.version() });
      }
      if (url.pathname === '/run') {
        const op = ops?.[url.searchParams.get('op')];
        if (op === undefined) return Response.json({ ok: false, error: 'unknown job or no /setup' }, { status: 400 });
        return Response.json({ ok: await runBatch(op, Number(url.searchParams.get('n'))) });
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return Response.json({ ok: false, error: String(e?.message ?? e) }, { status: 500 });
    }
  },
};

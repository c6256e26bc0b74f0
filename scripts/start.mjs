// `npm start`: setup, one release wasm build, then serve the playground (scripts/serve.mjs).

import { setup } from './setup.mjs';
import { build } from './build.mjs';
import { serve } from './serve.mjs';

try {
  setup();
  build();
} catch (e) {
  console.error(`✗ npm start failed: ${e.message}`);
  process.exit(1);
}
serve().catch((e) => {
  console.error(`✗ cannot serve: ${e.message}`);
  process.exit(1);
});

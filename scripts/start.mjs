// `npm start`: setup, the release wasm builds (verifier and card module), then the demo site
// (scripts/demo-server.mjs): the three relying parties on the virtual card, the gate page and
// the verification playground, on http://127.0.0.1:8080 ($PORT to change).

import { setup } from './setup.mjs';
import { build } from './build.mjs';
import { startDemo } from './demo-server.mjs';

try {
  setup();
  build();
} catch (e) {
  console.error(`✗ npm start failed: ${e.message}`);
  process.exit(1);
}
startDemo().catch((e) => {
  console.error(`✗ cannot serve: ${e.message}`);
  process.exit(1);
});

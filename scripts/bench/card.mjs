// APDUs per card ceremony on the virtual card, through the card module's JS API in Node: the
// code a page runs, against the simulated My Number Card (src/sim). Each token is then checked
// with verifyToken (TEST trust), so a count only stands for a ceremony that worked.
//   node scripts/bench/card.mjs  → one JSON line on stdout.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const card = await import('myna-verify/card');
await card.initCard(readFileSync(new URL('../../pkg/card/myna_card_bg.wasm', import.meta.url)));
const sdk = await import('myna-verify');
const origin = 'https://bank.example.jp';

const ceremonies = [
  ['authenticate', 'jpki-auth', (reader, nonce, extendedLength) => card.authenticate({
    reader, origin, nonce, pin: '1234', extendedLength,
  })],
  ['signConsent', 'jpki-sign', (reader, nonce, extendedLength) => card.signConsent({
    reader, origin, nonce, password: 'abc123', extendedLength,
  })],
  ['readCardInfo', null, (reader, nonce, extendedLength) => card.readCardInfo({
    reader, pin: '1234', extendedLength,
  })],
];

const rows = [];
for (const extendedLength of [false, true]) {
  const virtualCard = await card.createVirtualCard();
  virtualCard.setExtendedLength(extendedLength);
  const { reader, kind } = await card.connectReader({ virtualCard });
  for (const [ceremony, accepted, run] of ceremonies) {
    const time = Date.now();
    const { nonce } = await sdk.issueChallenge({ time });
    const started = performance.now();
    const out = await run(reader, nonce, extendedLength);
    const ms = performance.now() - started;
    let ok = true;
    if (accepted) {
      const r = await sdk.verifyToken({
        token: out, origin, nonce, time, trust: 'jpki-test', acceptedKinds: [accepted],
      });
      ok = r.ok;
    } else {
      ok = typeof out.myNumber === 'string' && out.myNumber.length === 12;
    }
    rows.push({ ceremony, extendedLength, reader: kind, apdus: reader.lastApduCount, ms, ok });
  }
}
process.stdout.write(`${JSON.stringify({ ceremonies: rows })}\n`);

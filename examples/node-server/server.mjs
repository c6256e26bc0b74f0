// A copy-paste starter: a relying party's server side in Node, with no framework.
//   GET  /challenge  → { nonce, expiresAt }   (remembered for single use)
//   POST /login      ← { token, nonce }       → the verification result (never throws on bad input)
// The origin is the RP's own, from configuration — never from the request or the token.
// Run: ORIGIN=https://your.site node examples/node-server/server.mjs
import { createServer } from 'node:http';
import { createMemoryNonceStore, issueChallenge, verifyToken } from 'myna-verify';

const MAX_BODY = 64 * 1024;

/** The request handler; `trust` is 'jpki' (J-LIS roots) in production. */
export function createHandler({ origin, trust = 'jpki', now = Date.now } = {}) {
  if (!origin) throw new Error('configure the relying party origin, e.g. https://bank.example.jp');
  const store = createMemoryNonceStore(); // one process; use KV / Redis / SQL when you scale out
  return async (req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/challenge') {
      return reply(200, await issueChallenge({ ttlSeconds: 300, time: now(), store }));
    }
    if (req.method === 'POST' && req.url === '/login') {
      let body = '';
      for await (const chunk of req) {
        body += chunk;
        if (body.length > MAX_BODY) return reply(413, { ok: false, error: { code: 'INPUT_TOO_LARGE' } });
      }
      let input;
      try {
        input = JSON.parse(body);
      } catch {
        return reply(400, { ok: false, error: { code: 'TOKEN_MALFORMED' } });
      }
      const result = await verifyToken({
        token: input.token, origin, nonce: String(input.nonce ?? ''), time: now(), trust, nonceStore: store,
      });
      // Authentication is not authorisation: look the certificate up in your own records next.
      return reply(result.ok ? 200 : 401, result);
    }
    return reply(404, { ok: false, error: { code: 'NOT_FOUND' } });
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 3000);
  createServer(createHandler({ origin: process.env.ORIGIN })).listen(port, '127.0.0.1', () => {
    console.log(`relying party on http://127.0.0.1:${port}`);
  });
}

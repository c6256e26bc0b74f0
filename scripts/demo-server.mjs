// The demo site under Node (`npm start`): node:http on 127.0.0.1:$PORT (default 8080) serving
// the pages (www/, the same mounts as scripts/serve.mjs) and the relying parties' API
// (/api/…, www/server/handlers.mjs — the module the workerd worker runs too). The bank's
// verification records go to SQLite (better-sqlite3) in target/demo/records.sqlite, or
// $DEMO_DB (`:memory:` for tests).

import { createServer } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as sdk from '../js/node.js';
import { createDemoApp } from '../www/server/handlers.mjs';
import { createSqliteRecords } from '../www/server/records-sqlite.mjs';
import {
  CONTENT_TYPES, SECURITY_HEADERS, readStaticFile, resolvePath,
} from './serve.mjs';
import { ROOT } from './toolchain.mjs';

/** The playground's content types, and the sample inputs' JWS and DER files. */
const TYPES = {
  ...CONTENT_TYPES,
  '.jws': 'text/plain; charset=utf-8',
  '.der': 'application/octet-stream',
};

/** Sample inputs of the playground's second form, on top of scripts/serve.mjs's mounts. */
const EXTRA_MOUNTS = [
  ['/samples/jws/', join(ROOT, 'tests', 'data', 'jws')],
  ['/samples/cms/', join(ROOT, 'tests', 'data', 'cms')],
];

/** The file for a URL path: the extra mounts first, then the playground's (no traversal). */
function resolveDemoPath(pathname) {
  for (const [prefix, dir] of EXTRA_MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    let name;
    try {
      name = decodeURIComponent(pathname.slice(prefix.length));
    } catch {
      return null;
    }
    return /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('.') ? join(dir, name) : null;
  }
  return resolvePath(pathname);
}

/** The playground's headers, with the CSP tightened further (no plugins, frames, base or foreign forms). */
export const DEMO_HEADERS = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': `${SECURITY_HEADERS['Content-Security-Policy']}; object-src 'none'; `
    + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'Permissions-Policy': 'usb=(self), camera=(), microphone=(), geolocation=()',
};

/** The TEST auth root and the OpenSSL-made CRLs of the revocation fixtures. */
export function readFixtures() {
  const file = (p) => readFileSync(join(ROOT, p));
  return {
    authRootPem: file('tests/data/jpki/testpki/test_auth_root.pem').toString('utf8'),
    crlGood: new Uint8Array(file('tests/data/revocation/crl_good.der')),
    crlRevoked: new Uint8Array(file('tests/data/revocation/crl_revoked.der')),
  };
}

/** node:http request → Fetch Request. */
async function toRequest(req, origin) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 1024 * 1024) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function sendResponse(res, response) {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, {
    ...DEMO_HEADERS,
    'Content-Type': response.headers.get('content-type') ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  res.end(body);
}

function sendText(res, status, text) {
  res.writeHead(status, { ...DEMO_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function serveStatic(req, res, pathname) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed');
  // The server modules are not pages.
  if (pathname.startsWith('/server/')) return sendText(res, 404, 'Not Found');
  const found = await readStaticFile(resolveDemoPath(pathname), TYPES);
  if (!found) return sendText(res, 404, 'Not Found');
  const { type, body } = found;
  res.writeHead(200, { ...DEMO_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Start the demo server; resolves with `{ server, url, records, close() }` once listening.
 * `db`: SQLite path (default $DEMO_DB or target/demo/records.sqlite).
 */
export async function startDemo({
  port = Number(process.env.PORT ?? 8080), host = '127.0.0.1', db = process.env.DEMO_DB, quiet = false,
} = {}) {
  const dbPath = db ?? join(ROOT, 'target', 'demo', 'records.sqlite');
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const records = createSqliteRecords(dbPath);
  await sdk.init();
  let origin = `http://${host}:${port}`;
  const app = createDemoApp({ sdk, records, origin: () => origin, fixtures: readFixtures(), runtime: 'node' });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const work = url.pathname.startsWith('/api/')
      ? toRequest(req, origin).then((r) => app.fetch(r)).then((r) => sendResponse(res, r))
      : serveStatic(req, res, url.pathname);
    work.catch((e) => {
      if (!res.headersSent) sendText(res, e.status ?? 500, e.status ? 'Payload Too Large' : 'Internal Server Error');
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  origin = `http://${host}:${server.address().port}`;
  if (!quiet) {
    console.log(`\nmyna-verify demo: ${origin}/  (virtual card by default; Ctrl+C to stop)`);
    console.log(`  bank eKYC ${origin}/bank/ · badge portal ${origin}/badge/ · gate ${origin}/gate/ · hospital ${origin}/hospital/`);
    console.log(`  verification records: SQLite ${dbPath}`);
  }
  return {
    server,
    url: origin,
    records,
    close: () => new Promise((resolve) => server.close(() => { records.close(); resolve(); })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  startDemo().catch((e) => {
    console.error(`✗ cannot start the demo: ${e.message}`);
    process.exit(1);
  });
}

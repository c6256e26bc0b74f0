// A small static server for the playground (node:http, no dependencies), on 127.0.0.1:$PORT
// (default 8080). URL space: / → www/, /js/ → js/, /pkg/ → pkg/ (the built module),
// /samples/ → src/jpki/roots/ (J-LIS and TEST roots) and /samples/testpki/ → the TEST
// hierarchy's certificates (no keys), for the page's sample buttons.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './toolchain.mjs';

const MOUNTS = [
  ['/js/', join(ROOT, 'js')],
  ['/pkg/', join(ROOT, 'pkg')],
  ['/samples/testpki/', join(ROOT, 'tests', 'data', 'jpki', 'testpki')],
  ['/samples/', join(ROOT, 'src', 'jpki', 'roots')],
  ['/', join(ROOT, 'www')],
];

/** Content type by file extension; a file of another extension is not served. */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Sent with every response: only our own origin, wasm compilation allowed, nothing inline. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** The file for a URL path, or null when it is outside every mount (no traversal). */
export function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  for (const [prefix, dir] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const file = normalize(join(dir, decoded.slice(prefix.length)));
    return file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const found = await readStaticFile(resolvePath(url.pathname));
  if (!found) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
    return;
  }
  const { type, body } = found;
  send(res, 200, type, req.method === 'HEAD' ? null : body, body.length);
}

/**
 * `{ type, body }` of `file` (a path from resolvePath, or null), or null when there is no such
 * regular file or its extension has no entry in `types`.
 */
export async function readStaticFile(file, types = CONTENT_TYPES) {
  const type = file && types[extname(file)];
  if (!type || !(await isFile(file))) return null;
  return { type, body: await readFile(file) };
}

function send(res, status, type, body, length) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': length ?? Buffer.byteLength(body ?? ''),
  });
  res.end(body ?? undefined);
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Start the server; resolves with it once listening. */
export function serve({ port = Number(process.env.PORT ?? 8080), host = '127.0.0.1' } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      console.log(`\nPlayground: http://${host}:${actual}/  (Ctrl+C to stop)`);
      resolve(server);
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  serve().catch((e) => {
    console.error(`✗ cannot serve: ${e.message}`);
    process.exit(1);
  });
}

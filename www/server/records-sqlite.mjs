// The bank's verification records in SQLite (better-sqlite3, Node only): one row per
// verification attempt, successful or not. See records.mjs for the interface.

import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS verification (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  verified_at TEXT NOT NULL,          -- RFC 3339, the time the verifier used
  flow TEXT NOT NULL,                 -- 'bank-ekyc'
  result TEXT NOT NULL,               -- 'ok' or the error code
  message TEXT,
  terms_sha256 TEXT,                  -- what the customer agreed to (bound to the nonce)
  nonce TEXT,
  certificate_sha256 TEXT,
  certificate_serial TEXT,
  certificate_issuer TEXT,
  certificate_b64 TEXT,               -- the signature certificate (DER, base64)
  token_json TEXT,                    -- the signed token as received (signature included)
  identity_json TEXT                  -- name / address / date of birth / gender, substitutes
)`;

const COLUMNS = [
  'verified_at', 'flow', 'result', 'message', 'terms_sha256', 'nonce', 'certificate_sha256',
  'certificate_serial', 'certificate_issuer', 'certificate_b64', 'token_json', 'identity_json',
];

/** A record store in the SQLite file `path` (`:memory:` for tests). */
export function createSqliteRecords(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT INTO verification (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const select = db.prepare('SELECT * FROM verification ORDER BY id DESC LIMIT ?');
  const one = db.prepare('SELECT * FROM verification WHERE id = ?');
  return {
    kind: 'sqlite',
    async add(record) {
      const row = Object.fromEntries(COLUMNS.map((c) => [c, toColumn(record[camel(c).replace(/Json$/, '')])]));
      return Number(insert.run(row).lastInsertRowid);
    },
    async list(limit = 20) {
      return select.all(limit).map(fromRow);
    },
    async get(id) {
      const row = one.get(Number(id));
      return row ? fromRow(row) : null;
    },
    close() {
      db.close();
    },
  };
}

function camel(column) {
  return column.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function toColumn(value) {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fromRow(row) {
  const out = {};
  for (const [k, v] of Object.entries(row)) out[camel(k)] = v;
  for (const k of ['tokenJson', 'identityJson']) {
    if (typeof out[k] === 'string') out[k.replace(/Json$/, '')] = JSON.parse(out[k]);
    delete out[k];
  }
  return out;
}

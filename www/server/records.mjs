// Where the bank keeps its verification records (犯収法 requires keeping the record of the
// verification: what was checked, when, with which certificate and signature, and the result).
//
// A record store is `{ kind, add(record) → Promise<id>, list(limit) → Promise<record[]>,
// get(id) → Promise<record | null> }`. scripts/demo-server.mjs (Node) uses the SQLite store of
// records-sqlite.mjs; the workerd worker uses this in-memory one, which forgets everything when
// the isolate is recycled — a real edge deployment would put a durable store (D1, KV, a
// database) behind the same interface.

/** An in-memory record store (workerd variant, tests). At most `capacity` records, oldest dropped. */
export function createMemoryRecords({ capacity = 1000 } = {}) {
  const rows = [];
  let next = 1;
  return {
    kind: 'memory',
    async add(record) {
      const id = next++;
      rows.push({ id, ...record });
      if (rows.length > capacity) rows.shift();
      return id;
    },
    async list(limit = 20) {
      return rows.slice(-limit).reverse();
    },
    async get(id) {
      return rows.find((r) => r.id === Number(id)) ?? null;
    },
  };
}

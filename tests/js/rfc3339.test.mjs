// js/rfc3339.js (the CRL lookup's date formatter) against Date#toISOString over years 0000–9999:
// every day boundary of several leap-year edge cases, random instants, and the range ends; each
// day formatted first from scratch, then from its cached date text, also after the cache has
// started over.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cachedDays, DAY_CACHE_SIZE, MAX_SECONDS, MIN_SECONDS, rfc3339,
} from '../../js/rfc3339.js';

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

test('rfc3339 agrees with Date#toISOString', () => {
  const instants = [MIN_SECONDS, MAX_SECONDS, 0, -1, 86399, 86400, 951782400, 951868800];
  for (const year of [1, 4, 100, 400, 1900, 1950, 1969, 2000, 2024, 2100, 9999]) {
    for (const [month, day] of [[1, 1], [2, 28], [2, 29], [3, 1], [12, 31]]) {
      const ms = Date.UTC(year, month - 1, day, 23, 59, 59);
      const date = new Date(ms);
      date.setUTCFullYear(year); // Date.UTC maps years 0..99 to 1900..1999
      instants.push(date.getTime() / 1000);
    }
  }
  let state = 12345;
  for (let i = 0; i < 20000; i += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    instants.push(MIN_SECONDS + Math.floor((state / 2147483648) * (MAX_SECONDS - MIN_SECONDS)));
  }
  assert.ok(instants.length > 2 * DAY_CACHE_SIZE, 'the cache must start over at least twice');
  for (const s of instants) {
    // The same day again at its first and last second: served from the cached date text.
    const dayStart = s - (((s % 86400) + 86400) % 86400);
    for (const t of [s, dayStart, Math.min(dayStart + 86399, MAX_SECONDS), s]) {
      assert.equal(rfc3339(t), iso(t), `seconds ${t}`);
    }
    assert.ok(cachedDays() <= DAY_CACHE_SIZE, `${cachedDays()} days cached`);
  }
});

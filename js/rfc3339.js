// RFC 3339 text of a whole number of seconds since the epoch ("2026-10-15T00:00:00Z"), the
// form the wasm prints; for the CRL lookup's fast path, where Date#toISOString (and trimming
// its milliseconds) was most of the cost. Years 0000..9999 only: callers check the range.
// A CRL's revocation dates fall on a few thousand days, so each day's "YYYY-MM-DDT" is
// computed once and kept (up to DAY_CACHE_SIZE days; then the cache starts over).

/** Seconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z. */
export const MIN_SECONDS = -62167219200;
export const MAX_SECONDS = 253402300799;

/** Days whose date text is kept; 4096 span eleven years of revocations. */
export const DAY_CACHE_SIZE = 4096;

/** "00".."99". */
const TWO = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : `${n}`));

/** Date text by days since 1970-01-01. */
const days = new Map();

/** `seconds` (an integer in MIN_SECONDS..=MAX_SECONDS) as RFC 3339 UTC, no fraction. */
export function rfc3339(seconds) {
  const day = Math.floor(seconds / 86400);
  let rest = seconds - day * 86400;
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= DAY_CACHE_SIZE) days.clear();
    date = dateText(day);
    days.set(day, date);
  }
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  return `${date}${TWO[hour]}:${TWO[minute]}:${TWO[rest - minute * 60]}Z`;
}

/** Days in the cache now (for the tests: it never holds more than DAY_CACHE_SIZE). */
export function cachedDays() {
  return days.size;
}

/** "YYYY-MM-DDT" of `day` (days since 1970-01-01, proleptic Gregorian, eras of 400 years). */
function dateText(day) {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460)
    + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4)
    - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const dayOfMonth = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${`${year}`.padStart(4, '0')}-${TWO[month]}-${TWO[dayOfMonth]}T`;
}

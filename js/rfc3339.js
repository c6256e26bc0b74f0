// RFC 3339 text of a whole number of seconds since the epoch ("2026-10-15T00:00:00Z"), the
// form the wasm prints; for the CRL lookup's fast path, where Date#toISOString (and trimming
// its milliseconds) was most of the cost. Years 0000..9999 only: callers check the range.

/** Seconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z. */
export const MIN_SECONDS = -62167219200;
export const MAX_SECONDS = 253402300799;

const two = (n) => (n < 10 ? `0${n}` : `${n}`);
const four = (n) => `${n}`.padStart(4, '0');

/** `seconds` (an integer in MIN_SECONDS..=MAX_SECONDS) as RFC 3339 UTC, no fraction. */
export function rfc3339(seconds) {
  const days = Math.floor(seconds / 86400);
  let rest = seconds - days * 86400;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460)
    + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4)
    - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${four(year)}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}Z`;
}

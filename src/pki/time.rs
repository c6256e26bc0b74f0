//! Time is an input: the caller says "as of when". Nothing in the core reads a clock.

use crate::wire::digits::push_padded;
use crate::Error;

/// Seconds since 1970-01-01T00:00:00Z (may be negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Parse RFC 3339 / ISO 8601 `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; fractions are dropped.
    pub fn parse_rfc3339(text: &str) -> Result<Self, Error> {
        let bad = Error::InvalidOptions("time must be RFC 3339, e.g. 2026-01-31T09:00:00Z");
        let b = text.as_bytes();
        if b.len() < 20 || b.len() > 40 {
            return Err(bad);
        }
        let num = |r: core::ops::Range<usize>| -> Result<i64, Error> {
            let s = text.get(r).ok_or(bad.clone())?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad.clone());
            }
            s.parse::<i64>().map_err(|_| bad.clone())
        };
        if b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad);
        }
        let (y, mo, d, h, mi, s) = (
            num(0..4)?,
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        );
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || s > 60
        {
            return Err(bad);
        }
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(bad);
            }
        }
        let offset = match b.get(i) {
            Some(b'Z') | Some(b'z') if i + 1 == b.len() => 0,
            Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return Err(bad);
                }
                let o = oh * 3600 + om * 60;
                if sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return Err(bad),
        };
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s.min(59);
        Ok(UnixTime(secs - offset))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let rem = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut out = String::with_capacity(20);
        let fields = [(y, 4, '-'), (m, 2, '-'), (d, 2, 'T')];
        let clock = [
            (rem / 3600, 2, ':'),
            (rem / 60 % 60, 2, ':'),
            (rem % 60, 2, 'Z'),
        ];
        for (value, width, after) in fields.into_iter().chain(clock) {
            push_padded(&mut out, value, width);
            out.push(after);
        }
        out
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`.
pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(
            UnixTime::parse_rfc3339("1970-01-01T00:00:00Z").unwrap(),
            UnixTime(0)
        );
        assert_eq!(
            UnixTime::parse_rfc3339("2024-01-01T00:00:00+00:00").unwrap(),
            UnixTime(1_704_067_200)
        );
        assert_eq!(
            UnixTime::parse_rfc3339("2024-01-01T09:00:00.5+09:00").unwrap(),
            UnixTime(1_704_067_200)
        );
        assert_eq!(UnixTime(1_704_067_200).to_rfc3339(), "2024-01-01T00:00:00Z");
        assert_eq!(UnixTime(-1).to_rfc3339(), "1969-12-31T23:59:59Z");
        assert_eq!(
            UnixTime::parse_rfc3339("2033-07-15T23:59:59Z")
                .unwrap()
                .to_rfc3339(),
            "2033-07-15T23:59:59Z"
        );
    }

    #[test]
    fn prints_as_the_format_macro_would() {
        // Years before 0000 and after 9999 too: the zero padding counts the sign.
        for secs in [
            -62_167_219_200 - 86_400 * 400, // year −1 region
            -62_167_219_200,                // 0000-01-01
            -1,
            0,
            951_782_400, // 2000-02-29
            253_402_300_799,
            253_402_300_800, // 10000-01-01
        ] {
            let t = UnixTime(secs);
            let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
            let rem = secs.rem_euclid(86_400);
            let expected = format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
                rem / 3600,
                rem / 60 % 60,
                rem % 60
            );
            assert_eq!(t.to_rfc3339(), expected, "{secs}");
        }
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01",
            "2024-01-01T00:00:00",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:00:00+0900",
        ] {
            assert!(UnixTime::parse_rfc3339(bad).is_err(), "{bad}");
        }
        assert!(UnixTime::parse_rfc3339("2024-02-29T00:00:00Z").is_ok());
    }
}

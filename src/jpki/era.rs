//! Dates of birth in the JPKI signature certificate: `EYYYYMMDD`, where E is the Japanese era
//! code (1 Meiji, 2 Taisho, 3 Showa, 4 Heisei, 5 Reiwa, 0 unknown) and YYYYMMDD the Gregorian
//! date.
//!
//! Rules applied here:
//! - exactly nine ASCII digits;
//! - a part written as zeros (year `0000`, month `00` or day `00`) is *unknown*: `iso` is then
//!   `null` (never an empty string); a month or day is only allowed to be unknown when everything
//!   after it is unknown too;
//! - a fully known date must exist in the Gregorian calendar;
//! - when both the era and the date are known, the date must lie within the era (boundary days,
//!   on which the era changed, belong to both eras; Meiji is taken to start on 1868-01-01). A
//!   mismatch is `ATTRIBUTE_MALFORMED`: the certificate contradicts itself.

use crate::pki::time::days_in_month;
use crate::Error;
use serde::Serialize;

/// The attribute name used in errors.
const WHAT: &str = "date of birth";

/// A Gregorian `(year, month, day)`.
type Ymd = (i64, i64, i64);

/// A Japanese era as written in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Era {
    Unknown,
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    /// From the one-digit era code.
    pub fn from_code(code: u8) -> Option<Era> {
        Some(match code {
            b'0' => Era::Unknown,
            b'1' => Era::Meiji,
            b'2' => Era::Taisho,
            b'3' => Era::Showa,
            b'4' => Era::Heisei,
            b'5' => Era::Reiwa,
            _ => return None,
        })
    }

    /// The Japanese name (元号).
    pub fn name_ja(self) -> &'static str {
        match self {
            Era::Unknown => "不明",
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// First and last Gregorian day `(y, m, d)` of the era, both inclusive.
    fn range(self) -> Option<(Ymd, Ymd)> {
        Some(match self {
            Era::Unknown => return None,
            Era::Meiji => ((1868, 1, 1), (1912, 7, 30)),
            Era::Taisho => ((1912, 7, 30), (1926, 12, 25)),
            Era::Showa => ((1926, 12, 25), (1989, 1, 7)),
            Era::Heisei => ((1989, 1, 8), (2019, 4, 30)),
            Era::Reiwa => ((2019, 5, 1), (9999, 12, 31)),
        })
    }
}

/// A date of birth. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DateOfBirth {
    /// `unknown`, `meiji`, `taisho`, `showa`, `heisei` or `reiwa`.
    pub era: Era,
    /// 不明, 明治, 大正, 昭和, 平成 or 令和.
    pub era_ja: &'static str,
    /// `YYYY-MM-DD` when the whole date is known, else `null`.
    pub iso: Option<String>,
    /// The attribute as written (`EYYYYMMDD`).
    pub raw: String,
}

/// The number written by `digits` (all ASCII digits, checked by the caller).
fn number(digits: &[u8]) -> i64 {
    digits.iter().fold(0, |n, &d| n * 10 + i64::from(d - b'0'))
}

/// Parse `EYYYYMMDD`.
pub fn parse_date_of_birth(text: &str) -> Result<DateOfBirth, Error> {
    let bad = Error::AttributeMalformed(WHAT);
    let b = text.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return Err(bad);
    }
    let era = Era::from_code(b[0]).ok_or(bad.clone())?;
    let (y, m, d) = (number(&b[1..5]), number(&b[5..7]), number(&b[7..9]));
    let known = y != 0 && m != 0 && d != 0;
    // Unknown parts only from the right: 1985-00-00 and 0000-00-00 are fine, 1985-00-01 is not.
    let shape_ok = known || (d == 0 && (y != 0 || m == 0));
    if !shape_ok || m > 12 || (known && d > days_in_month(y, m)) {
        return Err(bad);
    }
    if known {
        if let Some((first, last)) = era.range() {
            if (y, m, d) < first || (y, m, d) > last {
                return Err(bad);
            }
        }
    } else if let Some((first, last)) = era.range() {
        if y != 0 && (y < first.0 || y > last.0) {
            return Err(bad);
        }
    }
    Ok(DateOfBirth {
        era,
        era_ja: era.name_ja(),
        iso: known.then(|| format!("{y:04}-{m:02}-{d:02}")),
        raw: text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_dates_with_their_era() {
        let d = parse_date_of_birth("319850401").unwrap();
        assert_eq!(
            (d.era, d.era_ja, d.iso.as_deref()),
            (Era::Showa, "昭和", Some("1985-04-01"))
        );
        assert_eq!(
            parse_date_of_birth("420000229").unwrap().iso.as_deref(),
            Some("2000-02-29")
        );
        assert_eq!(parse_date_of_birth("520190501").unwrap().era, Era::Reiwa);
        assert_eq!(parse_date_of_birth("119120730").unwrap().era, Era::Meiji);
        assert_eq!(parse_date_of_birth("219120730").unwrap().era, Era::Taisho);
        assert_eq!(parse_date_of_birth("019850401").unwrap().era, Era::Unknown);
    }

    #[test]
    fn unknown_parts_stay_unknown() {
        let d = parse_date_of_birth("319850000").unwrap();
        assert_eq!(d.iso, None);
        assert_eq!(d.era_ja, "昭和");
        let d = parse_date_of_birth("000000000").unwrap();
        assert_eq!((d.era, d.iso.clone()), (Era::Unknown, None));
        assert_eq!(
            serde_json::to_value(&d).unwrap()["iso"],
            serde_json::Value::Null
        );
        assert_eq!(serde_json::to_value(&d).unwrap()["era"], "unknown");
    }

    #[test]
    fn refuses_bad_dates_and_era_mismatches() {
        for bad in [
            "31985040",
            "3198504011",
            "319850431",
            "319850229",
            "319851301",
            "619850401",
            "3198a0401",
            "319850001",
            "300000401",
            "420190501",
            "519890108",
            "319890108",
            "119130101",
            "3１9850401",
            "419890107",
            "331000000",
        ] {
            assert_eq!(
                parse_date_of_birth(bad),
                Err(Error::AttributeMalformed(WHAT)),
                "{bad}"
            );
        }
    }
}

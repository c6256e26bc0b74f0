//! X.509 Time values (RFC 5280 §4.1.2.5): UTCTime and GeneralizedTime in their DER forms, as
//! seconds since the epoch. One decoder for certificates' neighbours (CRLs, OCSP, CMS).

use crate::pki::time::{days_from_civil, days_in_month};

/// UTCTime tag.
pub(crate) const UTC_TIME: u8 = 0x17;
/// GeneralizedTime tag.
pub(crate) const GENERALIZED_TIME: u8 = 0x18;

/// The value of a UTCTime (`tag` 0x17) or GeneralizedTime (0x18) in DER form.
pub(crate) fn decode(tag: u8, text: &[u8], fractions: bool) -> Option<i64> {
    let (year, rest) = match tag {
        UTC_TIME => {
            let yy = digits(text.get(..2)?)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        GENERALIZED_TIME => (digits(text.get(..4)?)?, text.get(4..)?),
        _ => return None,
    };
    let (body, zone) = rest.split_at_checked(10)?;
    match zone {
        [b'Z'] => {}
        [b'.', frac @ .., b'Z'] if fractions && tag == GENERALIZED_TIME => {
            // DER: at least one digit, no trailing zero.
            let digits_only = frac.iter().all(u8::is_ascii_digit);
            if frac.is_empty() || !digits_only || frac.last() == Some(&b'0') {
                return None;
            }
        }
        _ => return None,
    }
    let field = |i: usize| body.get(i..i + 2).and_then(digits);
    let (mo, d, h, mi, s) = (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(year, mo) || h > 23 || mi > 59 {
        return None;
    }
    if s > 59 {
        return None;
    }
    Some(days_from_civil(year, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

fn digits(text: &[u8]) -> Option<i64> {
    text.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_der_form() {
        assert_eq!(
            decode(UTC_TIME, b"240101000000Z", false),
            Some(1_704_067_200)
        );
        assert_eq!(
            decode(UTC_TIME, b"500101000000Z", false),
            Some(-631_152_000)
        );
        assert_eq!(
            decode(GENERALIZED_TIME, b"20240101000000Z", false),
            Some(1_704_067_200)
        );
        assert_eq!(
            decode(GENERALIZED_TIME, b"20240101000000.5Z", true),
            Some(1_704_067_200)
        );
        for bad in [
            &b"20240101000000.5Z"[..],
            b"20240101000000.50Z",
            b"20240101000000",
            b"20240101000000+0900",
            b"20240230000000Z",
            b"20241301000000Z",
            b"2024010100000Z",
        ] {
            assert_eq!(decode(GENERALIZED_TIME, bad, false), None, "{bad:?}");
        }
        assert_eq!(decode(GENERALIZED_TIME, b"20240101000000.50Z", true), None);
        assert_eq!(decode(0x04, b"240101000000Z", false), None);
    }

    #[test]
    fn utc_time_pivot_and_exact_lengths() {
        assert_eq!(
            decode(UTC_TIME, b"491231235959Z", false),
            Some(2_524_607_999)
        );
        for bad in [
            &b"2606010000Z"[..],
            b"260601000000+",
            b"26060100000aZ",
            b"260601240000Z",
        ] {
            assert_eq!(decode(UTC_TIME, bad, false), None, "{bad:?}");
        }
        assert_eq!(decode(GENERALIZED_TIME, b"260601000000Z", false), None);
    }
}

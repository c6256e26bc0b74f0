//! The exact value of a JSON number that is not held as an integer (a fraction, an exponent,
//! `-0`, or an integer beyond 64 bits), read from its text without binary floating point.
//!
//! The parser uses it to refuse numbers beyond `f64`; [`super::Number`] uses it to compare
//! such numbers with integers and with each other. Converting to `f64` is left to whoever
//! needs it (`Number::as_f64`), so a build that never does carries no decimal-to-binary code.

use core::cmp::Ordering;

/// `2^1024 - 2^970`, the halfway point between `f64::MAX` and `2^1024`, in decimal digits
/// (309 of them, so the value is `0.d₁d₂… × 10^309`). A number whose magnitude reaches it
/// rounds to infinity; anything below rounds to a finite `f64`.
const F64_OVERFLOW: &[u8; 309] = b"\
179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977\
587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845\
817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559\
699508093042880177904174497792";

/// Exponents are held up to this magnitude. A larger one is held as this: the number is then
/// beyond `f64` (refused by the parser) or below its smallest step (`0.0` as `f64`).
const MAX_EXPONENT: i64 = 1 << 40;

/// `±0.d₁d₂…dₙ × 10^point`: `digits` without leading or trailing zeros (ASCII), empty for
/// zero (whose `point` is 0).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

impl Decimal {
    /// `text` has JSON number syntax (the parser checked it before calling).
    pub(super) fn read(text: &str) -> Decimal {
        let bytes = text.as_bytes();
        let negative = bytes.first() == Some(&b'-');
        let body = bytes.get(usize::from(negative)..).unwrap_or_default();
        let (mantissa, exponent) = split_at_byte(body, |b| matches!(b, b'e' | b'E'));
        let (integer, fraction) = split_at_byte(mantissa, |b| b == b'.');
        let mut digits: Vec<u8> = integer.iter().chain(fraction).copied().collect();
        let leading = digits.iter().take_while(|&&d| d == b'0').count();
        digits.drain(..leading);
        let significant = digits.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
        digits.truncate(significant);
        let point = if digits.is_empty() {
            0
        } else {
            // Input is capped far below 2^40 bytes, so these stay well inside `i64`.
            count(integer.len()) - count(leading) + read_exponent(exponent)
        };
        Decimal {
            negative,
            digits,
            point,
        }
    }

    /// Whether the value rounds to a finite `f64` (round to nearest, ties to even).
    pub(super) fn fits_f64(&self) -> bool {
        self.cmp_magnitude(F64_OVERFLOW, 309) == Ordering::Less
    }

    /// The value compared with the integer `n`, exactly.
    pub(super) fn cmp_integer(&self, n: i128) -> Ordering {
        let sign = match (self.digits.is_empty(), self.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let n_sign = n.signum() as i8;
        if sign != n_sign || sign == 0 {
            return sign.cmp(&n_sign);
        }
        let mut buffer = [0u8; 39];
        let n_digits = decimal_digits(n.unsigned_abs(), &mut buffer);
        let magnitude = self.cmp_magnitude(n_digits, count(n_digits.len()));
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }

    /// Whether both are the same number (`-0` and `0` are; `1.0` and `1.00` are).
    pub(super) fn same_value(&self, other: &Decimal) -> bool {
        self.digits == other.digits
            && self.point == other.point
            && (self.negative == other.negative || self.digits.is_empty())
    }

    /// `|self|` against `0.other × 10^point`, `other` starting with a non-zero digit (trailing
    /// zeros allowed). `self` is not zero.
    fn cmp_magnitude(&self, other: &[u8], point: i64) -> Ordering {
        self.point.cmp(&point).then_with(|| {
            let len = self.digits.len().max(other.len());
            (0..len)
                .map(|i| {
                    let mine = self.digits.get(i).copied().unwrap_or(b'0');
                    mine.cmp(&other.get(i).copied().unwrap_or(b'0'))
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    }
}

/// `bytes` before and after the first byte that `at` picks (which belongs to neither).
fn split_at_byte(bytes: &[u8], at: impl Fn(u8) -> bool) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| at(b)) {
        Some(i) => (
            bytes.get(..i).unwrap_or_default(),
            bytes.get(i + 1..).unwrap_or_default(),
        ),
        None => (bytes, &[]),
    }
}

/// `[+-]?[0-9]*` (empty: no exponent), held to ±[`MAX_EXPONENT`].
fn read_exponent(text: &[u8]) -> i64 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = digits.iter().fold(0i64, |n, &d| {
        (n * 10 + i64::from(d.wrapping_sub(b'0'))).min(MAX_EXPONENT)
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The decimal digits of `n` (no leading zeros; `n` is not zero), written into `buffer`.
fn decimal_digits(mut n: u128, buffer: &mut [u8; 39]) -> &[u8] {
    let mut start = buffer.len();
    while n > 0 && start > 0 {
        start -= 1;
        if let Some(slot) = buffer.get_mut(start) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
    }
    buffer.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (bool, String, i64) {
        let d = Decimal::read(text);
        (d.negative, String::from_utf8(d.digits).unwrap(), d.point)
    }

    #[test]
    fn reads_sign_significant_digits_and_point() {
        assert_eq!(parts("0.5"), (false, "5".into(), 0));
        assert_eq!(parts("-0.0025"), (true, "25".into(), -2));
        assert_eq!(parts("120.50e3"), (false, "1205".into(), 6));
        assert_eq!(parts("1E-2"), (false, "1".into(), -1));
        assert_eq!(parts("1e+2"), (false, "1".into(), 3));
        assert_eq!(parts("-0"), (true, String::new(), 0));
        assert_eq!(parts("0.000e99"), (false, String::new(), 0));
        assert_eq!(
            parts("18446744073709551616"),
            (false, "18446744073709551616".into(), 20)
        );
        // Huge exponents are held at the bound.
        assert_eq!(parts("1e99999999999999999999").2, 1 + MAX_EXPONENT);
        assert_eq!(parts("1e-99999999999999999999").2, 1 - MAX_EXPONENT);
    }

    #[test]
    fn the_overflow_bound_is_two_to_the_1024_minus_two_to_the_970() {
        // 2^1024 - 2^970 = (2^54 - 1) · 2^970, computed here by doubling a decimal string.
        let mut digits = vec![1u8];
        let double = |times: u32, digits: &mut Vec<u8>| {
            for _ in 0..times {
                let mut carry = 0;
                for d in digits.iter_mut().rev() {
                    let v = *d * 2 + carry;
                    (*d, carry) = (v % 10, v / 10);
                }
                if carry > 0 {
                    digits.insert(0, carry);
                }
            }
        };
        double(970, &mut digits);
        let two_970 = digits.clone();
        double(54, &mut digits);
        // subtract 2^970 from 2^1024
        let offset = digits.len() - two_970.len();
        let mut borrow = 0i16;
        for i in (0..digits.len()).rev() {
            let sub = i.checked_sub(offset).map_or(0, |j| i16::from(two_970[j]));
            let mut v = i16::from(digits[i]) - sub - borrow;
            borrow = i16::from(v < 0);
            if v < 0 {
                v += 10;
            }
            digits[i] = v as u8;
        }
        let text: Vec<u8> = digits.iter().map(|d| b'0' + d).collect();
        assert_eq!(&text[..], &F64_OVERFLOW[..]);
    }

    #[test]
    fn fits_f64_agrees_with_the_rust_parser_at_the_edge() {
        let bound = std::str::from_utf8(F64_OVERFLOW).unwrap();
        let below = format!("{}1.9", &bound[..308]); // ...791.9
        let above = format!("{bound}.0000001");
        let cases = [
            "1.7976931348623157e308",
            "1.7976931348623158e308", // rounds to f64::MAX
            "1.797693134862315807937e308",
            "1.797693134862315808e308",
            "1e309",
            "-1e309",
            "1e308",
            "0.1e310",
            "0.01e310",
            bound,
            below.as_str(),
            above.as_str(),
            "4.9e-324",
            "1e-400",
            "1e-99999999999999999999",
            "1e99999999999999999999",
            "0e99999999999999999999",
        ];
        for text in cases {
            let rust = text.parse::<f64>().unwrap();
            assert_eq!(Decimal::read(text).fits_f64(), rust.is_finite(), "{text}");
        }
        assert!(Decimal::read(&below).fits_f64() && !Decimal::read(bound).fits_f64());
    }

    #[test]
    fn compares_with_integers_exactly() {
        use Ordering::*;
        let cmp = |text: &str, n: i128| Decimal::read(text).cmp_integer(n);
        assert_eq!(cmp("1.5", 1), Greater);
        assert_eq!(cmp("1.5", 2), Less);
        assert_eq!(cmp("2.0", 2), Equal);
        assert_eq!(cmp("2e0", 2), Equal);
        assert_eq!(cmp("20e-1", 2), Equal);
        assert_eq!(cmp("-1.5", -1), Less);
        assert_eq!(cmp("-1.5", -2), Greater);
        assert_eq!(cmp("-0", 0), Equal);
        assert_eq!(cmp("0.0", -1), Greater);
        assert_eq!(cmp("1e-400", 0), Greater);
        assert_eq!(cmp("-1e-400", 0), Less);
        assert_eq!(cmp("1e300", i128::MAX), Greater);
        assert_eq!(cmp("-1e300", i128::MIN), Less);
        // Beyond f64's precision: 2^53 + 1 and a second past 1.7e9 are told apart.
        assert_eq!(cmp("9007199254740993.0", 9_007_199_254_740_992), Greater);
        assert_eq!(cmp("1700000000.000000000001", 1_700_000_000), Greater);
        assert_eq!(cmp("1700000000.000000000001", 1_700_000_001), Less);
        assert_eq!(
            cmp("170141183460469231731687303715884105727e0", i128::MAX),
            Equal
        );
        assert_eq!(
            cmp("-170141183460469231731687303715884105728.0", i128::MIN),
            Equal
        );
    }

    #[test]
    fn same_value_ignores_spelling() {
        let same = |a: &str, b: &str| Decimal::read(a).same_value(&Decimal::read(b));
        assert!(same("1.0", "1.00"));
        assert!(same("1.5e1", "15.0"));
        assert!(same("-0", "0.0"));
        assert!(same("0e5", "-0.0e-5"));
        assert!(!same("1.5", "-1.5"));
        assert!(!same("1.5", "1.05"));
        assert!(!same("0.1", "0.10000000000000000001"));
    }
}

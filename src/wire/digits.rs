//! Decimal and hexadecimal text of numbers and bytes, written digit by digit. The verifier's
//! results are full of such text (serials, fingerprints, OIDs, times); writing it here keeps
//! `core::fmt` off the token path, which in wasm is code to compile on the first call.

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Lower-case hex of `bytes`, two digits per byte.
pub fn hex_lower(bytes: &[u8]) -> String {
    hex_with(bytes, LOWER)
}

/// Upper-case hex of `bytes`, two digits per byte.
pub fn hex_upper(bytes: &[u8]) -> String {
    hex_with(bytes, UPPER)
}

fn hex_with(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for &b in bytes {
        out.push(char::from(digits[usize::from(b >> 4)]));
        out.push(char::from(digits[usize::from(b & 0x0f)]));
    }
    out
}

/// The decimal digits of `value`, written into the end of `buf`.
fn decimal(value: u64, buf: &mut [u8; 20]) -> &[u8] {
    // u64::MAX has 20 digits.
    let mut start = buf.len();
    let mut rest = value;
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        start -= 1;
        if rest == 0 {
            break;
        }
    }
    &buf[start..]
}

/// Append the decimal digits of `value`.
pub fn push_decimal(out: &mut String, value: u64) {
    let mut buf = [0u8; 20];
    out.extend(decimal(value, &mut buf).iter().map(|&d| char::from(d)));
}

/// Append `value` in decimal, zero-padded to `width` characters counting a leading `-`, as
/// `format!("{value:0width$}")` writes it.
pub fn push_padded(out: &mut String, value: i64, width: usize) {
    let mut buf = [0u8; 20];
    let digits = decimal(value.unsigned_abs(), &mut buf);
    let sign = usize::from(value < 0);
    if value < 0 {
        out.push('-');
    }
    for _ in digits.len().saturating_add(sign)..width {
        out.push('0');
    }
    out.extend(digits.iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_both_cases() {
        assert_eq!(hex_lower(&[0x00, 0x0a, 0xff, 0x5c]), "000aff5c");
        assert_eq!(hex_upper(&[0x00, 0x0a, 0xff, 0x5c]), "000AFF5C");
        assert_eq!(hex_lower(&[]), "");
    }

    #[test]
    fn decimal_and_padding_agree_with_fmt() {
        for v in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ] {
            let mut s = String::new();
            push_decimal(&mut s, v);
            assert_eq!(s, v.to_string());
        }
        for v in [
            0i64,
            5,
            -5,
            42,
            -42,
            999,
            -999,
            1_000,
            9_999,
            10_000,
            -10_000,
            i64::MIN,
            i64::MAX,
        ] {
            for width in [0usize, 2, 4, 6] {
                let mut s = String::from("x");
                push_padded(&mut s, v, width);
                assert_eq!(s, format!("x{v:0width$}"), "{v} width {width}");
            }
        }
    }
}

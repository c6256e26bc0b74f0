//! OBJECT IDENTIFIER content octets: validity (RFC 5280 via X.690 §8.19) and dotted text.

use crate::wire::der::Malformed;
use crate::wire::digits::push_decimal;

/// The longest OID accepted, in content octets (far above any real one).
const MAX_OID_OCTETS: usize = 64;

/// Check that `oid` is a well-formed OID value: non-empty, each arc minimally encoded (no
/// leading 0x80 octet), the last octet ends an arc, each arc fits in a `u64`.
pub(crate) fn check(oid: &[u8]) -> Result<(), Malformed> {
    if oid.is_empty() || oid.len() > MAX_OID_OCTETS || oid.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(Malformed);
    }
    let mut arc_start = true;
    let mut arc_octets = 0usize;
    for &b in oid {
        if arc_start && b == 0x80 {
            return Err(Malformed);
        }
        arc_octets += 1;
        if arc_octets > 9 {
            return Err(Malformed); // 9 × 7 = 63 bits
        }
        arc_start = b & 0x80 == 0;
        if arc_start {
            arc_octets = 0;
        }
    }
    Ok(())
}

/// Dotted text of OID content octets; empty text for a malformed OID (which no table matches).
pub fn dotted(oid: &[u8]) -> String {
    if check(oid).is_err() {
        return String::new();
    }
    let mut out = String::new();
    let mut value: u64 = 0;
    let mut first = true;
    for &b in oid {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 != 0 {
            continue;
        }
        if first {
            let (a, rest) = match value {
                0..=39 => (0, value),
                40..=79 => (1, value - 40),
                _ => (2, value - 80),
            };
            push_decimal(&mut out, a);
            out.push('.');
            push_decimal(&mut out, rest);
            first = false;
        } else {
            out.push('.');
            push_decimal(&mut out, value);
        }
        value = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_text() {
        assert_eq!(dotted(&[0x55, 0x1d, 0x13]), "2.5.29.19");
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(
            dotted(&[0x2a, 0x83, 0x08, 0x8c, 0x9b, 0x55, 0x08]),
            "1.2.392.200149.8"
        );
        assert_eq!(dotted(&[0x09, 0x92, 0x26]), "0.9.2342");
        assert_eq!(dotted(&[0x88, 0x37]), "2.999");
        // A first octet of 120 or more is still arc 2 (X.690 §8.19.4), not "3.x".
        assert_eq!(dotted(&[0x7c, 0x04, 0x03]), "2.44.4.3");
    }

    #[test]
    fn malformed_oids() {
        for bad in [
            &[][..],
            &[0x2a, 0x86],
            &[0x80, 0x01],
            &[0x2a, 0x80, 0x01],
            &[0xff; 10],
        ] {
            assert_eq!(check(bad), Err(Malformed), "{bad:02x?}");
            assert_eq!(dotted(bad), "");
        }
        assert_eq!(check(&[0x2a, 0x81, 0x00]), Ok(()));
    }
}

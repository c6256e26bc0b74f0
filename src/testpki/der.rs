//! A small DER writer: just what the TEST certificate builder needs. Every function returns the
//! complete encoding (tag, length, contents) of one value.

use crate::pki::time::civil_from_days;
use crate::pki::UnixTime;

/// Universal tag numbers used here.
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0C;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
}

/// The DER length octets of `len`.
fn length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .iter()
        .copied()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend_from_slice(&bytes);
    out
}

/// One TLV with a single-byte tag.
pub fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(length(contents.len()));
    out.extend_from_slice(contents);
    out
}

/// `SEQUENCE { parts... }` (each part already encoded).
pub fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

/// `SET { parts... }`, sorted as DER requires for SET OF.
pub fn set_of(parts: &[Vec<u8>]) -> Vec<u8> {
    let mut sorted = parts.to_vec();
    sorted.sort();
    tlv(tag::SET, &sorted.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, a zero byte
/// added when the top bit is set).
pub fn integer_unsigned(magnitude: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = magnitude.iter().copied().skip_while(|&b| b == 0).collect();
    let mut contents = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        contents.push(0);
    }
    contents.extend(trimmed);
    tlv(tag::INTEGER, &contents)
}

/// An INTEGER from a small non-negative number.
pub fn integer_u64(value: u64) -> Vec<u8> {
    integer_unsigned(&value.to_be_bytes())
}

/// An INTEGER whose contents are exactly `contents` (for serial numbers written as given).
pub fn integer_raw(contents: &[u8]) -> Vec<u8> {
    tlv(tag::INTEGER, contents)
}

/// BOOLEAN.
pub fn boolean(value: bool) -> Vec<u8> {
    tlv(tag::BOOLEAN, &[if value { 0xFF } else { 0 }])
}

/// NULL.
pub fn null() -> Vec<u8> {
    tlv(tag::NULL, &[])
}

/// Base-128 encoding of one OID arc.
fn arc(mut value: u64, out: &mut Vec<u8>) {
    let mut groups = vec![(value & 0x7F) as u8];
    value >>= 7;
    while value > 0 {
        groups.push(0x80 | (value & 0x7F) as u8);
        value >>= 7;
    }
    out.extend(groups.iter().rev());
}

/// OBJECT IDENTIFIER from dotted text. Panics on malformed text: OIDs here are constants of
/// the generator, never input.
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().expect("constant OID"))
        .collect();
    assert!(arcs.len() >= 2, "constant OID needs two arcs");
    let mut contents = Vec::new();
    arc(arcs[0] * 40 + arcs[1], &mut contents);
    for &a in &arcs[2..] {
        arc(a, &mut contents);
    }
    tlv(tag::OID, &contents)
}

/// UTF8String.
pub fn utf8(text: &str) -> Vec<u8> {
    tlv(tag::UTF8_STRING, text.as_bytes())
}

/// PrintableString (the caller keeps to its character set).
pub fn printable(text: &str) -> Vec<u8> {
    tlv(tag::PRINTABLE_STRING, text.as_bytes())
}

/// OCTET STRING.
pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(tag::OCTET_STRING, bytes)
}

/// BIT STRING with `unused` trailing bits in the last byte.
pub fn bit_string(bytes: &[u8], unused: u8) -> Vec<u8> {
    let mut contents = vec![unused];
    contents.extend_from_slice(bytes);
    tlv(tag::BIT_STRING, &contents)
}

/// `[n] EXPLICIT inner` (context-specific, constructed).
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xA0 | (n & 0x1F), inner)
}

/// `[n] IMPLICIT` with the given contents; `constructed` for SEQUENCE-like originals.
pub fn implicit(n: u8, constructed: bool, contents: &[u8]) -> Vec<u8> {
    let tag = 0x80 | if constructed { 0x20 } else { 0 } | (n & 0x1F);
    tlv(tag, contents)
}

/// `(year, month, day, hour, minute, second)` of a time.
fn fields(time: UnixTime) -> (i64, i64, i64, i64, i64, i64) {
    let (y, m, d) = civil_from_days(time.0.div_euclid(86_400));
    let rem = time.0.rem_euclid(86_400);
    (y, m, d, rem / 3600, rem / 60 % 60, rem % 60)
}

/// UTCTime `YYMMDDHHMMSSZ` (years 1950–2049).
pub fn utc_time(time: UnixTime) -> Vec<u8> {
    let (y, m, d, h, mi, s) = fields(time);
    let text = format!("{:02}{m:02}{d:02}{h:02}{mi:02}{s:02}Z", y.rem_euclid(100));
    tlv(tag::UTC_TIME, text.as_bytes())
}

/// GeneralizedTime `YYYYMMDDHHMMSSZ`.
pub fn generalized_time(time: UnixTime) -> Vec<u8> {
    let (y, m, d, h, mi, s) = fields(time);
    let text = format!("{y:04}{m:02}{d:02}{h:02}{mi:02}{s:02}Z");
    tlv(tag::GENERALIZED_TIME, text.as_bytes())
}

/// The X.509 Time CHOICE: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
pub fn x509_time(time: UnixTime) -> Vec<u8> {
    let (y, ..) = fields(time);
    if (1950..2050).contains(&y) {
        utc_time(time)
    } else {
        generalized_time(time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_known_values() {
        assert_eq!(
            oid("1.2.840.113549.1.1.11"),
            [6, 9, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 1, 1, 11]
        );
        assert_eq!(integer_u64(0), [2, 1, 0]);
        assert_eq!(integer_u64(128), [2, 2, 0, 0x80]);
        assert_eq!(integer_unsigned(&[0, 0, 1]), [2, 1, 1]);
        assert_eq!(tlv(4, &[0u8; 200])[..3], [4, 0x81, 200]);
        assert_eq!(tlv(4, &[0u8; 300])[..4], [4, 0x82, 1, 44]);
        assert_eq!(
            utc_time(UnixTime(1_704_067_200)),
            tlv(0x17, b"240101000000Z")
        );
        assert_eq!(
            x509_time(UnixTime(2_556_144_000)),
            tlv(0x18, b"20510101000000Z")
        );
        assert_eq!(explicit(0, &utf8("a")), [0xA0, 3, 0x0C, 1, b'a']);
        assert_eq!(implicit(2, false, b"x"), [0x82, 1, b'x']);
        assert_eq!(
            set_of(&[vec![2, 1, 2], vec![2, 1, 1]]),
            [0x31, 6, 2, 1, 1, 2, 1, 2]
        );
    }
}

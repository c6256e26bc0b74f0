//! Name (RFC 5280 §4.1.2.4): an RDNSequence, `SEQUENCE OF SET SIZE (1..MAX) OF
//! AttributeTypeAndValue`, where `AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }`.
//!
//! The whole structure is checked once when read (`Name::read`); the iterators afterwards walk
//! bytes already known to be well-formed.

use super::oid;
use crate::wire::der::{Malformed, Reader, OID, SEQUENCE};

/// Universal tag: SET (constructed).
const SET: u8 = 0x31;
/// The most attributes one Name may hold.
pub const MAX_ATTRIBUTES: usize = 128;

/// Universal string tags an attribute value may carry.
pub mod tag {
    /// UTF8String.
    pub const UTF8_STRING: u8 = 0x0C;
    /// NumericString.
    pub const NUMERIC_STRING: u8 = 0x12;
    /// PrintableString.
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// TeletexString (T61String).
    pub const TELETEX_STRING: u8 = 0x14;
    /// IA5String.
    pub const IA5_STRING: u8 = 0x16;
    /// VisibleString.
    pub const VISIBLE_STRING: u8 = 0x1A;
    /// UniversalString.
    pub const UNIVERSAL_STRING: u8 = 0x1C;
    /// BMPString.
    pub const BMP_STRING: u8 = 0x1E;
}

/// A well-formed Name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    /// The complete encoding (SEQUENCE tag and length included).
    raw: &'a [u8],
    /// The RDNs (contents of the SEQUENCE).
    rdns: &'a [u8],
}

/// One RelativeDistinguishedName: a non-empty set of attributes.
#[derive(Clone, Copy, Debug)]
pub struct Rdn<'a> {
    atvs: &'a [u8],
}

/// One AttributeTypeAndValue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Atv<'a> {
    /// The attribute type (OID content octets).
    pub oid: &'a [u8],
    /// The value's tag.
    pub tag: u8,
    /// The value's content octets.
    pub value: &'a [u8],
    /// The value's complete encoding.
    pub raw_value: &'a [u8],
}

impl<'a> Name<'a> {
    /// Read one Name from `r`, checking every RDN and attribute.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, Malformed> {
        let raw = r.read_raw()?;
        Self::from_der(raw)
    }

    /// A Name that is exactly `raw` (SEQUENCE tag included).
    pub fn from_der(raw: &'a [u8]) -> Result<Self, Malformed> {
        let mut outer = Reader::new(raw);
        let rdns = outer.read(SEQUENCE)?;
        outer.finish()?;
        let mut count = 0usize;
        let mut sets = Reader::new(rdns);
        while !sets.is_empty() {
            let set = sets.read(SET)?;
            if set.is_empty() {
                return Err(Malformed);
            }
            let mut atvs = Reader::new(set);
            while !atvs.is_empty() {
                count += 1;
                if count > MAX_ATTRIBUTES {
                    return Err(Malformed);
                }
                read_atv(&mut atvs)?;
            }
        }
        Ok(Name { raw, rdns })
    }

    /// The complete encoding.
    pub fn as_raw(&self) -> &'a [u8] {
        self.raw
    }

    /// No RDNs at all.
    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// The RDNs in encoding order (most significant first).
    pub fn rdns(&self) -> impl Iterator<Item = Rdn<'a>> + 'a {
        let mut sets = Reader::new(self.rdns);
        std::iter::from_fn(move || sets.read(SET).ok().map(|atvs| Rdn { atvs }))
    }

    /// Every attribute of every RDN, in order.
    pub fn attributes(&self) -> impl Iterator<Item = Atv<'a>> + 'a {
        self.rdns().flat_map(|rdn| rdn.attributes())
    }

    /// The attributes of type `oid`.
    pub fn attributes_of(&self, oid: &'a [u8]) -> impl Iterator<Item = Atv<'a>> + 'a {
        self.attributes().filter(move |a| a.oid == oid)
    }
}

impl<'a> Rdn<'a> {
    /// The attributes of this RDN.
    pub fn attributes(&self) -> impl Iterator<Item = Atv<'a>> + 'a {
        let mut atvs = Reader::new(self.atvs);
        std::iter::from_fn(move || read_atv(&mut atvs).ok())
    }
}

impl<'a> Atv<'a> {
    /// The value as text when it is a UTF8String, PrintableString, IA5String or NumericString
    /// holding valid UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        match self.tag {
            tag::UTF8_STRING | tag::PRINTABLE_STRING | tag::IA5_STRING | tag::NUMERIC_STRING => {
                core::str::from_utf8(self.value).ok()
            }
            _ => None,
        }
    }
}

/// Two string values equal after trimming, collapsing white-space runs and folding ASCII case:
/// the comparison RFC 5280 §7.1 (c), (d) requires for PrintableString, applied to the other
/// character strings too (no Unicode case folding: other types are case sensitive, §7.1 (b)).
pub fn normalized_equal(a: &str, b: &str) -> bool {
    let mut wa = a.split_whitespace();
    let mut wb = b.split_whitespace();
    loop {
        match (wa.next(), wb.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

/// One AttributeTypeAndValue: a SEQUENCE of an OID and exactly one value.
fn read_atv<'a>(r: &mut Reader<'a>) -> Result<Atv<'a>, Malformed> {
    let mut fields = Reader::new(r.read(SEQUENCE)?);
    let oid = fields.read(OID)?;
    oid::check(oid)?;
    let raw_value = fields.read_raw()?;
    fields.finish()?;
    let (tag, value) = Reader::new(raw_value).read_any()?;
    Ok(Atv {
        oid,
        tag,
        value,
        raw_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `C=JP, O=JPKI+OU=Test` with short lengths.
    fn sample() -> Vec<u8> {
        let atv = |oid: u8, text: &[u8]| {
            let mut v = vec![
                0x30,
                (7 + text.len()) as u8,
                0x06,
                0x03,
                0x55,
                0x04,
                oid,
                0x13,
            ];
            v.push(text.len() as u8);
            v.extend_from_slice(text);
            v
        };
        let set = |items: &[Vec<u8>]| {
            let body: Vec<u8> = items.concat();
            let mut v = vec![SET, body.len() as u8];
            v.extend(body);
            v
        };
        let body = [
            set(&[atv(6, b"JP")]),
            set(&[atv(10, b"JPKI"), atv(11, b"Test")]),
        ]
        .concat();
        let mut v = vec![SEQUENCE, body.len() as u8];
        v.extend(body);
        v
    }

    #[test]
    fn reads_rdns_and_attributes() {
        let der = sample();
        let name = Name::from_der(&der).unwrap();
        assert_eq!(name.as_raw(), &der[..]);
        assert!(!name.is_empty());
        let rdns: Vec<usize> = name.rdns().map(|r| r.attributes().count()).collect();
        assert_eq!(rdns, [1, 2]);
        let texts: Vec<&str> = name.attributes().filter_map(|a| a.as_str()).collect();
        assert_eq!(texts, ["JP", "JPKI", "Test"]);
        assert_eq!(name.attributes_of(&[0x55, 0x04, 0x0b]).count(), 1);
        assert!(Name::from_der(&[0x30, 0x00]).unwrap().is_empty());
    }

    #[test]
    fn string_values_compare_as_rfc_5280_says() {
        assert!(normalized_equal(
            "  Marianne   Swanson ",
            "MARIANNE SWANSON"
        ));
        assert!(normalized_equal("公的個人認証", "公的個人認証"));
        assert!(!normalized_equal("Marianne Swanson", "Marianne  Swansons"));
        // No Unicode case folding: É and é stay different.
        assert!(!normalized_equal("\u{c9}cole", "\u{e9}cole"));
        assert!(!normalized_equal("a b", "ab"));
    }

    #[test]
    fn refuses_malformed_names() {
        let der = sample();
        let mut primitive = der.clone();
        primitive[0] = 0x10; // primitive-tagged SEQUENCE
        let mut empty_set = vec![0x30, 0x02, SET, 0x00];
        let mut trailing = der.clone();
        trailing.push(0);
        let mut extra_value = vec![0x30, 0x0b, SET, 0x09, 0x30, 0x07, 0x06, 0x01, 0x55];
        extra_value.extend([0x05, 0x00, 0x05, 0x00]);
        for bad in [&primitive, &mut empty_set, &trailing, &extra_value] {
            assert_eq!(Name::from_der(bad), Err(Malformed), "{bad:02x?}");
        }
    }
}

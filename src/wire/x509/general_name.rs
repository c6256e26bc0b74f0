//! GeneralName (RFC 5280 §4.2.1.6) and GeneralNames, with the tag form of each choice checked:
//! IA5String choices must be ASCII, a directoryName exactly one well-formed Name, an otherName
//! an OID followed by one `[0]` EXPLICIT value.

use super::name::Name;
use super::oid;
use crate::wire::der::{Malformed, Reader, OID, SEQUENCE};

/// The most names one GeneralNames may hold.
pub const MAX_GENERAL_NAMES: usize = 256;

/// One GeneralName.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralName<'a> {
    /// `[0]` otherName: the type OID (content octets) and the complete `[0]` EXPLICIT value.
    Other { oid: &'a [u8], value: &'a [u8] },
    /// `[1]` rfc822Name.
    Rfc822(&'a str),
    /// `[2]` dNSName.
    Dns(&'a str),
    /// `[3]` x400Address (contents, not interpreted).
    X400(&'a [u8]),
    /// `[4]` directoryName.
    Directory(Name<'a>),
    /// `[5]` ediPartyName (contents, not interpreted).
    EdiParty(&'a [u8]),
    /// `[6]` uniformResourceIdentifier.
    Uri(&'a str),
    /// `[7]` iPAddress: 4 or 16 octets (or 8 / 32 with a mask in name constraints).
    Ip(&'a [u8]),
    /// `[8]` registeredID (OID content octets).
    RegisteredId(&'a [u8]),
}

impl<'a> GeneralName<'a> {
    /// Read one GeneralName from `r`.
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, Malformed> {
        let (tag, value) = r.read_any()?;
        Ok(match tag {
            0xA0 => {
                let mut fields = Reader::new(value);
                let type_id = fields.read(OID)?;
                oid::check(type_id)?;
                let inner = fields.read_raw()?;
                fields.finish()?;
                if inner.first() != Some(&0xA0) {
                    return Err(Malformed);
                }
                GeneralName::Other {
                    oid: type_id,
                    value: inner,
                }
            }
            0x81 => GeneralName::Rfc822(ia5(value)?),
            0x82 => GeneralName::Dns(ia5(value)?),
            0xA3 => GeneralName::X400(value),
            0xA4 => GeneralName::Directory(Name::from_der(value)?),
            0xA5 => GeneralName::EdiParty(value),
            0x86 => GeneralName::Uri(ia5(value)?),
            0x87 => GeneralName::Ip(value),
            0x88 => {
                oid::check(value)?;
                GeneralName::RegisteredId(value)
            }
            _ => return Err(Malformed),
        })
    }
}

/// The names of a GeneralNames SEQUENCE whose complete encoding is `der` (nothing after it).
/// An empty list is returned as such: whether that is allowed depends on the field.
pub fn general_names(der: &[u8]) -> Result<Vec<GeneralName<'_>>, Malformed> {
    let mut outer = Reader::new(der);
    let contents = outer.read(SEQUENCE)?;
    outer.finish()?;
    names_in(contents)
}

/// The GeneralName elements that make up `contents`.
pub fn names_in(contents: &[u8]) -> Result<Vec<GeneralName<'_>>, Malformed> {
    let mut r = Reader::new(contents);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_GENERAL_NAMES {
            return Err(Malformed);
        }
        out.push(GeneralName::read(&mut r)?);
    }
    Ok(out)
}

/// IA5String content as text (ASCII only).
fn ia5(value: &[u8]) -> Result<&str, Malformed> {
    if value.is_ascii() {
        core::str::from_utf8(value).map_err(|_| Malformed)
    } else {
        Err(Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_form() {
        let der = [
            &[0x30, 0x1f][..],
            &[0x82, 0x03, b'a', b'.', b'b'],
            &[0x87, 0x04, 127, 0, 0, 1],
            &[0x81, 0x03, b'a', b'@', b'b'],
            &[
                0xA0, 0x09, 0x06, 0x02, 0x2a, 0x03, 0xA0, 0x03, 0x0c, 0x01, b'x',
            ],
            &[0xA4, 0x02, 0x30, 0x00],
        ]
        .concat();
        let names = general_names(&der).unwrap();
        assert_eq!(names.len(), 5);
        assert_eq!(names[0], GeneralName::Dns("a.b"));
        assert_eq!(names[1], GeneralName::Ip(&[127, 0, 0, 1]));
        assert_eq!(names[2], GeneralName::Rfc822("a@b"));
        assert!(matches!(
            names[3],
            GeneralName::Other {
                oid: [0x2a, 0x03],
                ..
            }
        ));
        assert!(matches!(names[4], GeneralName::Directory(n) if n.is_empty()));
        assert_eq!(general_names(&[0x30, 0x00]), Ok(vec![]));
    }

    #[test]
    fn refuses_bad_forms() {
        for bad in [
            &[0x30, 0x03, 0x82, 0x01, 0xff][..],   // non-ASCII dNSName
            &[0x30, 0x03, 0x02, 0x01, 0x00],       // not a GeneralName tag
            &[0x30, 0x03, 0xA2, 0x01, 0x00],       // constructed dNSName
            &[0x30, 0x04, 0xA4, 0x02, 0x10, 0x00], // primitive-tagged Name
            &[0x30, 0x06, 0xA0, 0x04, 0x06, 0x02, 0x2a, 0x03], // otherName without value
            &[0x30, 0x02, 0x82, 0x00, 0x00],       // trailing data
        ] {
            assert_eq!(general_names(bad), Err(Malformed), "{bad:02x?}");
        }
    }
}

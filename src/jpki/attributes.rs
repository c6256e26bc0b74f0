//! Identity attributes of the JPKI signature certificate, carried as subjectAltName otherNames:
//!
//! | OID | attribute | output |
//! |---|---|---|
//! | 1.2.392.200149.8.5.5.1 | name (氏名) | `name` |
//! | 1.2.392.200149.8.5.5.2 | name substitute positions | `nameSubstitutes` |
//! | 1.2.392.200149.8.5.5.3 | gender (1/2/3) | `gender` |
//! | 1.2.392.200149.8.5.5.4 | date of birth `EYYYYMMDD` | `dateOfBirth` |
//! | 1.2.392.200149.8.5.5.5 | address (住所) | `address` |
//! | 1.2.392.200149.8.5.5.6 | address substitute positions | `addressSubstitutes` |
//!
//! Each value is a UTF8String inside the otherName's `[0] EXPLICIT`; an OCTET STRING holding
//! UTF-8 is accepted too. Substitute positions are written one digit per character of the name or
//! address, `1` meaning that character is a substitute (代替文字) for one outside the JIS sets.
//! They are returned as the **0-based character indexes** (Unicode scalar values) of the
//! substituted characters, e.g. `"01000"` → `[1]`. A digit string shorter than the text is read
//! as trailing zeros; a `1` beyond the end of the text is malformed.

use super::era::{parse_date_of_birth, DateOfBirth};
use crate::wire::x509::extension::{self, oids};
use crate::wire::x509::oid::dotted;
use crate::wire::x509::{Certificate, GeneralName};
use crate::Error;
use serde::Serialize;

/// OID of the name attribute.
pub const OID_NAME: &str = "1.2.392.200149.8.5.5.1";
/// OID of the name substitute positions.
pub const OID_NAME_SUBSTITUTES: &str = "1.2.392.200149.8.5.5.2";
/// OID of the gender attribute.
pub const OID_GENDER: &str = "1.2.392.200149.8.5.5.3";
/// OID of the date of birth attribute.
pub const OID_DATE_OF_BIRTH: &str = "1.2.392.200149.8.5.5.4";
/// OID of the address attribute.
pub const OID_ADDRESS: &str = "1.2.392.200149.8.5.5.5";
/// OID of the address substitute positions.
pub const OID_ADDRESS_SUBSTITUTES: &str = "1.2.392.200149.8.5.5.6";

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest address accepted, in characters (J-LIS: up to 200).
pub const MAX_ADDRESS_CHARS: usize = 200;
/// Longest raw attribute value accepted, in bytes (200 characters of 3-byte UTF-8 plus slack).
const MAX_VALUE_BYTES: usize = 1024;
/// Most subjectAltName entries examined.
const MAX_GENERAL_NAMES: usize = 64;

/// The holder's gender as recorded in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
    Unknown,
}

/// The identity attributes of a signature certificate. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// Full name, surname and given name separated by a full-width space as recorded.
    pub name: String,
    /// 0-based character indexes of substitute characters in `name`.
    pub name_substitutes: Vec<usize>,
    /// Gender.
    pub gender: Gender,
    /// Date of birth.
    pub date_of_birth: DateOfBirth,
    /// Address from the prefecture on.
    pub address: String,
    /// 0-based character indexes of substitute characters in `address`.
    pub address_substitutes: Vec<usize>,
}

/// The six raw attribute strings, as found.
#[derive(Default)]
struct Raw {
    name: Option<String>,
    name_substitutes: Option<String>,
    gender: Option<String>,
    date_of_birth: Option<String>,
    address: Option<String>,
    address_substitutes: Option<String>,
}

impl Raw {
    /// The slot and error label of an attribute OID.
    fn slot(&mut self, oid: &str) -> Option<(&mut Option<String>, &'static str)> {
        Some(match oid {
            OID_NAME => (&mut self.name, "name"),
            OID_NAME_SUBSTITUTES => (&mut self.name_substitutes, "name substitutes"),
            OID_GENDER => (&mut self.gender, "gender"),
            OID_DATE_OF_BIRTH => (&mut self.date_of_birth, "date of birth"),
            OID_ADDRESS => (&mut self.address, "address"),
            OID_ADDRESS_SUBSTITUTES => (&mut self.address_substitutes, "address substitutes"),
            _ => return None,
        })
    }
}

/// Read one DER TLV with a single-byte tag from the front of `input`: `(tag, contents, rest)`.
fn read_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 2 {
            return None; // indefinite or larger than any attribute we accept
        }
        let bytes = rest.get(..n)?;
        let len = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        if len < 0x80 || (n == 2 && len < 0x100) {
            return None; // not minimal: not DER
        }
        (len, rest.get(n..)?)
    };
    Some((tag, rest.get(..len)?, rest.get(len..)?))
}

/// The UTF-8 text of an otherName value as x509-parser hands it over: the bytes after the
/// type-id, i.e. `[0] EXPLICIT { UTF8String | OCTET STRING }` and nothing after.
pub fn other_name_text(raw: &[u8], what: &'static str) -> Result<String, Error> {
    let bad = Error::AttributeMalformed(what);
    if raw.len() > MAX_VALUE_BYTES {
        return Err(bad);
    }
    let (tag, inner, rest) = read_tlv(raw).ok_or(bad.clone())?;
    if tag != 0xA0 || !rest.is_empty() {
        return Err(bad);
    }
    let (tag, value, rest) = read_tlv(inner).ok_or(bad.clone())?;
    if !matches!(tag, 0x0C | 0x04) || !rest.is_empty() {
        return Err(bad);
    }
    let text = core::str::from_utf8(value).map_err(|_| bad.clone())?;
    if text.chars().any(char::is_control) {
        return Err(bad);
    }
    Ok(text.to_string())
}

/// Collect the JPKI attribute otherNames of the subjectAltName. Duplicates are malformed;
/// other otherNames (including future attributes under the same arc) are ignored.
fn collect(cert: &Certificate<'_>) -> Result<(Raw, usize), Error> {
    let mut raw = Raw::default();
    let mut found = 0usize;
    for ext in cert.extensions() {
        if ext.oid != oids::SUBJECT_ALT_NAME {
            continue;
        }
        let names = extension::alt_names(ext.value)
            .map_err(|_| Error::ExtensionInvalid("subjectAltName"))?;
        if names.len() > MAX_GENERAL_NAMES {
            return Err(Error::ExtensionInvalid("too many subjectAltName entries"));
        }
        for gn in &names {
            let GeneralName::Other { oid, value } = gn else {
                continue;
            };
            let oid = dotted(oid);
            if let Some((slot, what)) = raw.slot(&oid) {
                if slot.is_some() {
                    return Err(Error::AttributeMalformed(what));
                }
                *slot = Some(other_name_text(value, what)?);
                found += 1;
            }
        }
    }
    Ok((raw, found))
}

/// Does the certificate carry any JPKI identity attribute at all?
pub fn has_identity(cert: &Certificate<'_>) -> Result<bool, Error> {
    Ok(collect(cert)?.1 > 0)
}

/// A text attribute with a character cap.
fn text(value: Option<String>, what: &'static str, max_chars: usize) -> Result<String, Error> {
    let value = value.ok_or(Error::AttributeMissing(what))?;
    let chars = value.chars().count();
    if chars == 0 || chars > max_chars {
        return Err(Error::AttributeMalformed(what));
    }
    Ok(value)
}

/// Substitute positions: digits `0`/`1`, at most one per character of `of`.
pub fn parse_substitutes(
    value: Option<String>,
    of: &str,
    what: &'static str,
) -> Result<Vec<usize>, Error> {
    let value = value.ok_or(Error::AttributeMissing(what))?;
    let len = of.chars().count();
    let mut positions = Vec::new();
    for (i, digit) in value.bytes().enumerate() {
        match digit {
            b'0' => {}
            b'1' if i < len => positions.push(i),
            _ => return Err(Error::AttributeMalformed(what)),
        }
    }
    Ok(positions)
}

/// Gender code 1/2/3.
fn parse_gender(value: Option<String>) -> Result<Gender, Error> {
    match value.ok_or(Error::AttributeMissing("gender"))?.as_str() {
        "1" => Ok(Gender::Male),
        "2" => Ok(Gender::Female),
        "3" => Ok(Gender::Unknown),
        _ => Err(Error::AttributeMalformed("gender")),
    }
}

/// The identity attributes of `cert`. Every one of the six must be present and well formed.
pub fn identity(cert: &Certificate<'_>) -> Result<Identity, Error> {
    let (raw, _) = collect(cert)?;
    let name = text(raw.name, "name", MAX_NAME_CHARS)?;
    let address = text(raw.address, "address", MAX_ADDRESS_CHARS)?;
    let name_substitutes = parse_substitutes(raw.name_substitutes, &name, "name substitutes")?;
    let address_substitutes =
        parse_substitutes(raw.address_substitutes, &address, "address substitutes")?;
    let gender = parse_gender(raw.gender)?;
    let dob = raw
        .date_of_birth
        .ok_or(Error::AttributeMissing("date of birth"))?;
    let date_of_birth = parse_date_of_birth(&dob)?;
    Ok(Identity {
        name,
        name_substitutes,
        gender,
        date_of_birth,
        address,
        address_substitutes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_explicit_utf8_and_octet_string() {
        let utf8 = [0xA0, 0x05, 0x0C, 0x03, 0xE5, 0xB1, 0xB1];
        assert_eq!(other_name_text(&utf8, "name").unwrap(), "山");
        let octets = [0xA0, 0x03, 0x04, 0x01, b'1'];
        assert_eq!(other_name_text(&octets, "gender").unwrap(), "1");
    }

    #[test]
    fn refuses_other_shapes() {
        let bad: [&[u8]; 7] = [
            &[0xA1, 0x03, 0x0C, 0x01, b'1'],       // wrong tag
            &[0xA0, 0x03, 0x13, 0x01, b'1'],       // PrintableString
            &[0xA0, 0x03, 0x0C, 0x01, b'1', 0x00], // trailing byte
            &[0xA0, 0x04, 0x0C, 0x01, b'1', 0x00], // trailing inside
            &[0xA0, 0x03, 0x0C, 0x02, 0xFF, 0xFE], // length overrun
            &[0xA0, 0x04, 0x0C, 0x02, 0xC3, 0x28], // bad UTF-8
            &[0xA0, 0x81, 0x03, 0x0C, 0x01, b'1'], // non-minimal length
        ];
        for b in bad {
            assert_eq!(
                other_name_text(b, "name"),
                Err(Error::AttributeMalformed("name")),
                "{b:02x?}"
            );
        }
        assert!(other_name_text(&[], "name").is_err());
    }

    #[test]
    fn substitute_positions_are_char_indexes() {
        let p = |v: &str, of: &str| parse_substitutes(Some(v.into()), of, "name substitutes");
        assert_eq!(p("01000", "山田　太郎").unwrap(), vec![1]);
        assert_eq!(p("10001", "山田　太郎").unwrap(), vec![0, 4]);
        assert_eq!(p("0", "山田　太郎").unwrap(), Vec::<usize>::new());
        assert_eq!(p("", "山田").unwrap(), Vec::<usize>::new());
        assert!(p("001", "山田").is_err());
        assert!(p("02", "山田").is_err());
        assert!(p("0 1", "山田　").is_err());
        assert_eq!(
            parse_substitutes(None, "x", "name substitutes"),
            Err(Error::AttributeMissing("name substitutes"))
        );
    }
}

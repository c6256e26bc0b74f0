//! Distinguished names as RFC 4514 strings: last RDN first, `,` between RDNs, `+` inside one,
//! short names for common attribute types, UTF-8 kept as is (no `\XX` escaping of non-ASCII).
//! Values that are not character strings are written as `#` and the hex of their DER.

use crate::wire::x509::name::{tag, Atv, Name};
use crate::wire::x509::oid::dotted;

/// Most attributes written out of one name (names beyond this are cut with `…`).
const MAX_ATTRIBUTES: usize = 64;

/// The RFC 4514 short name of an attribute type, if it has one.
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => return None,
    })
}

/// The text of a character-string value, or `None` for other types.
fn string_value(value: &Atv<'_>) -> Option<String> {
    match value.tag {
        tag::UTF8_STRING
        | tag::PRINTABLE_STRING
        | tag::IA5_STRING
        | tag::NUMERIC_STRING
        | tag::VISIBLE_STRING => core::str::from_utf8(value.value).ok().map(str::to_string),
        _ => legacy_string_value(value),
    }
}

/// The string types JPKI names do not use (T.61, BMP, Universal), else `None`. Kept apart so
/// that formatting an ordinary name never compiles them in wasm.
#[inline(never)]
fn legacy_string_value(value: &Atv<'_>) -> Option<String> {
    let data = value.value;
    match value.tag {
        // T.61 is read as Latin-1, as most software does.
        tag::TELETEX_STRING => Some(data.iter().map(|&b| char::from(b)).collect()),
        tag::BMP_STRING => {
            let units: Vec<u16> = data
                .chunks(2)
                .map(|c| match c {
                    [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            String::from_utf16(&units).ok()
        }
        tag::UNIVERSAL_STRING => data
            .chunks(4)
            .map(|c| match c {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d])),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Escape a string value per RFC 4514 §2.4.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    let mut first = true;
    while let Some(ch) = chars.next() {
        let last = chars.peek().is_none();
        let special = matches!(ch, '"' | '+' | ',' | ';' | '<' | '>' | '\\')
            || (first && (ch == '#' || ch == ' '))
            || (last && ch == ' ');
        first = false;
        if special {
            out.push('\\');
            out.push(ch);
        } else if ch == '\0' {
            out.push_str("\\00");
        } else {
            out.push(ch);
        }
    }
    out
}

pub use crate::wire::digits::{hex_lower, hex_upper};

/// `type=value` of one attribute.
fn attribute(oid: &str, value: &Atv<'_>) -> String {
    let mut out = String::from(short_name(oid).unwrap_or(oid));
    out.push('=');
    match string_value(value) {
        Some(text) => out.push_str(&escape(&text)),
        None => {
            out.push('#');
            out.push_str(&hex_lower(value.raw_value));
        }
    }
    out
}

/// The RFC 4514 string of `name`.
pub fn rfc4514(name: &Name<'_>) -> String {
    let mut rdns: Vec<String> = Vec::new();
    let mut budget = MAX_ATTRIBUTES;
    for rdn in name.rdns() {
        let mut parts = Vec::new();
        for atv in rdn.attributes() {
            if budget == 0 {
                parts.push("…".to_string());
                break;
            }
            budget -= 1;
            parts.push(attribute(&dotted(atv.oid), &atv));
        }
        rdns.push(parts.join("+"));
        if budget == 0 {
            break;
        }
    }
    rdns.reverse();
    rdns.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials() {
        assert_eq!(escape("a,b+c"), "a\\,b\\+c");
        assert_eq!(escape(" #x "), "\\ #x\\ ");
        assert_eq!(escape("#x"), "\\#x");
        assert_eq!(escape("公的個人認証サービス"), "公的個人認証サービス");
        assert_eq!(hex_upper(&[0x0a, 0xff]), "0AFF");
        assert_eq!(hex_lower(&[0x0a, 0xff]), "0aff");
    }

    /// One RDN of one attribute: `oid_last` under 2.5.4 and a value TLV.
    fn rdn(oid_last: u8, value: &[u8]) -> Vec<u8> {
        let mut atv = vec![0x06, 0x03, 0x55, 0x04, oid_last];
        atv.extend_from_slice(value);
        let mut seq = vec![0x30, atv.len() as u8];
        seq.extend(atv);
        let mut set = vec![0x31, seq.len() as u8];
        set.extend(seq);
        set
    }

    #[test]
    fn legacy_string_types_and_others() {
        let rdns = [
            rdn(0x03, &[0x1e, 0x02, 0x30, 0x42]), // CN, BMPString "あ"
            rdn(0x0a, &[0x14, 0x01, 0xe9]),       // O, T.61 read as Latin-1
            rdn(0x07, &[0x1c, 0x04, 0x00, 0x00, 0x00, 0x41]), // L, UniversalString "A"
            rdn(0x08, &[0x1e, 0x01, 0x30]),       // ST, BMPString of odd length
            rdn(0x0b, &[0x04, 0x01, 0x2a]),       // OU, not a string type
        ];
        let body: Vec<u8> = rdns.concat();
        let mut der = vec![0x30, body.len() as u8];
        der.extend(body);
        let name = Name::from_der(&der).unwrap();
        assert_eq!(rfc4514(&name), "OU=#04012a,ST=#1e0130,L=A,O=é,CN=あ");
    }
}

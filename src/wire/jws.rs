//! JWS compact serialization (RFC 7515 §7.1) decoding: three strict base64url parts, a JOSE
//! header read as strict JSON, and the header parameters this crate acts on. Nothing here
//! verifies anything; [`crate::assertion::jws`] does.
//!
//! # Decisions
//! - Compact serialization only: exactly three `.`-separated parts → else `JWS_INVALID`. The
//!   JSON serializations are not read.
//! - Caps: the compact text ≤ [`MAX_JWS_COMPACT`] bytes, the decoded header ≤
//!   [`MAX_JWS_HEADER`], `x5c` ≤ [`MAX_X5C`] certificates of ≤ `MAX_CERT_DER` each →
//!   `INPUT_TOO_LARGE`.
//! - base64url is strict (`crate::wire::base64::decode_url`): no padding, no whitespace, no
//!   standard-alphabet characters, zero trailing bits → `JWS_INVALID`. `x5c` entries use the
//!   standard alphabet with padding (RFC 7515 §4.1.6), equally strict.
//! - The header must be a JSON object; a member name given twice (at any depth) →
//!   `JWS_INVALID` (RFC 7515 §5.2 lets a recipient refuse it; we always do).
//! - Registered parameters this crate reads must have their JSON types: `alg`, `kid`, `typ`
//!   strings; `x5c` a non-empty array of strings; `crit` a non-empty array of distinct strings;
//!   `b64` a boolean; `x5t#S256` a base64url SHA-256 → else `JWS_INVALID`. Other parameters
//!   are kept in [`CompactJws::header`] untouched.

use super::base64;
use super::json::{parse_strict, JsonError, Map, Value};
use super::limits;
use crate::Error;

/// Largest compact JWS accepted, in bytes (64 KiB).
pub const MAX_JWS_COMPACT: usize = 64 * 1024;
/// Largest decoded JOSE header accepted, in bytes (8 KiB).
pub const MAX_JWS_HEADER: usize = 8 * 1024;
/// Most certificates in `x5c`.
pub const MAX_X5C: usize = 16;

/// The JOSE header parameters this crate acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoseHeader {
    /// `alg`.
    pub alg: String,
    /// `kid`.
    pub kid: Option<String>,
    /// `typ`.
    pub typ: Option<String>,
    /// `x5c`, decoded: DER certificates, leaf first.
    pub x5c: Option<Vec<Vec<u8>>>,
    /// `x5t#S256`, decoded.
    pub x5t_s256: Option<Vec<u8>>,
    /// `crit`.
    pub crit: Vec<String>,
    /// `b64` (RFC 7797).
    pub b64: Option<bool>,
}

/// A decoded compact JWS.
#[derive(Clone, Debug, PartialEq)]
pub struct CompactJws<'a> {
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: the bytes the signature covers.
    pub signing_input: &'a str,
    /// The whole header object.
    pub header: Map,
    /// The parameters this crate reads.
    pub params: JoseHeader,
    /// The decoded payload.
    pub payload: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

/// Decode a compact JWS.
pub fn parse_compact(text: &str) -> Result<CompactJws<'_>, Error> {
    limits::check("JWS", text.len(), MAX_JWS_COMPACT)?;
    let mut parts = text.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::JwsInvalid("not three base64url parts"));
    };
    let signing_input = text
        .get(..h.len().saturating_add(p.len()).saturating_add(1))
        .ok_or(Error::JwsInvalid("not three base64url parts"))?;
    // A header whose encoding is longer than that of MAX_JWS_HEADER bytes is refused unread.
    if h.len() > MAX_JWS_HEADER.div_ceil(3).saturating_mul(4) {
        return Err(Error::InputTooLarge {
            what: "JWS header",
            limit: MAX_JWS_HEADER,
        });
    }
    let header_json = url_part(h, "header is not base64url")?;
    limits::check("JWS header", header_json.len(), MAX_JWS_HEADER)?;
    let header = match parse_strict(&header_json) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(Error::JwsInvalid("header is not a JSON object")),
        Err(JsonError::DuplicateMember) => {
            return Err(Error::JwsInvalid("header has a duplicate member"))
        }
        Err(JsonError::Invalid) => return Err(Error::JwsInvalid("header is not JSON")),
    };
    let params = header_params(&header)?;
    Ok(CompactJws {
        signing_input,
        header,
        params,
        payload: url_part(p, "payload is not base64url")?,
        signature: url_part(s, "signature is not base64url")?,
    })
}

/// Strict base64url, or `JWS_INVALID(what)`.
fn url_part(text: &str, what: &'static str) -> Result<Vec<u8>, Error> {
    base64::decode_url(text).map_err(|_| Error::JwsInvalid(what))
}

/// The registered parameters, type-checked.
fn header_params(header: &Map) -> Result<JoseHeader, Error> {
    let alg = match header.get("alg") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(Error::JwsInvalid("alg is not a string")),
        None => return Err(Error::JwsInvalid("alg missing")),
    };
    Ok(JoseHeader {
        alg,
        kid: optional_string(header, "kid", "kid is not a string")?,
        typ: optional_string(header, "typ", "typ is not a string")?,
        x5c: header.get("x5c").map(x5c).transpose()?,
        x5t_s256: optional_string(header, "x5t#S256", "x5t#S256 is not a string")?
            .map(|t| url_part(&t, "x5t#S256 is not base64url"))
            .transpose()?,
        crit: header
            .get("crit")
            .map(crit)
            .transpose()?
            .unwrap_or_default(),
        b64: match header.get("b64") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(Error::JwsInvalid("b64 is not a boolean")),
        },
    })
}

fn optional_string(header: &Map, name: &str, what: &'static str) -> Result<Option<String>, Error> {
    match header.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::JwsInvalid(what)),
    }
}

/// `x5c`: a non-empty array of standard base64 DER certificates, capped.
fn x5c(value: &Value) -> Result<Vec<Vec<u8>>, Error> {
    let list = match value {
        Value::Array(list) if !list.is_empty() => list,
        _ => return Err(Error::JwsInvalid("x5c is not a non-empty array")),
    };
    limits::check("x5c certificate list", list.len(), MAX_X5C)?;
    list.iter()
        .map(|item| {
            let text = item
                .as_str()
                .ok_or(Error::JwsInvalid("x5c entry is not a string"))?;
            let der =
                base64::decode(text).map_err(|_| Error::JwsInvalid("x5c entry is not base64"))?;
            limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
            Ok(der)
        })
        .collect()
}

/// `crit`: a non-empty array of distinct strings (RFC 7515 §4.1.11).
fn crit(value: &Value) -> Result<Vec<String>, Error> {
    let bad = Error::JwsInvalid("crit is not a non-empty array of distinct strings");
    let list = match value {
        Value::Array(list) if !list.is_empty() => list,
        _ => return Err(bad),
    };
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for item in list {
        let name = item.as_str().ok_or(bad.clone())?;
        if out.iter().any(|n| n == name) {
            return Err(bad);
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(header: &str, payload: &[u8]) -> String {
        format!(
            "{}.{}.c2ln",
            base64::encode_url(header.as_bytes()),
            base64::encode_url(payload)
        )
    }

    #[test]
    fn reads_the_three_parts_and_the_parameters() {
        let text = compact(
            r#"{"alg":"ES256","kid":"k1","crit":["exp"],"exp":1}"#,
            b"hi",
        );
        let jws = parse_compact(&text).unwrap();
        assert_eq!(jws.params.alg, "ES256");
        assert_eq!(jws.params.kid.as_deref(), Some("k1"));
        assert_eq!(jws.params.crit, vec!["exp".to_string()]);
        assert_eq!(jws.payload, b"hi");
        assert_eq!(jws.signature, b"sig");
        assert_eq!(
            Some(jws.signing_input),
            text.rsplit_once('.').map(|(a, _)| a)
        );
    }

    #[test]
    fn shape_and_type_errors() {
        let cases = [
            ("a.b".to_string(), "not three base64url parts"),
            ("a.b.c.d".to_string(), "not three base64url parts"),
            (compact(r#"["alg"]"#, b""), "header is not a JSON object"),
            (compact(r#"{"alg":1}"#, b""), "alg is not a string"),
            (compact(r#"{"kid":"x"}"#, b""), "alg missing"),
            (
                compact(r#"{"alg":"a","alg":"a"}"#, b""),
                "header has a duplicate member",
            ),
            (
                compact(r#"{"alg":"a","crit":[]}"#, b""),
                "crit is not a non-empty array of distinct strings",
            ),
            (
                compact(r#"{"alg":"a","crit":["x","x"]}"#, b""),
                "crit is not a non-empty array of distinct strings",
            ),
            (
                compact(r#"{"alg":"a","x5c":"MA=="}"#, b""),
                "x5c is not a non-empty array",
            ),
            (
                compact(r#"{"alg":"a","x5c":["M A=="]}"#, b""),
                "x5c entry is not base64",
            ),
            (
                compact(r#"{"alg":"a","b64":"no"}"#, b""),
                "b64 is not a boolean",
            ),
            (
                format!("{}.a=.c2ln", base64::encode_url(br#"{"alg":"a"}"#)),
                "payload is not base64url",
            ),
            ("e30+.e30.c2ln".to_string(), "header is not base64url"),
        ];
        for (text, what) in cases {
            assert_eq!(parse_compact(&text), Err(Error::JwsInvalid(what)), "{text}");
        }
    }

    #[test]
    fn caps() {
        let big = "a".repeat(MAX_JWS_COMPACT + 1);
        assert!(matches!(
            parse_compact(&big),
            Err(Error::InputTooLarge { .. })
        ));
        let header = format!(r#"{{"alg":"a","pad":"{}"}}"#, "x".repeat(MAX_JWS_HEADER));
        assert!(matches!(
            parse_compact(&compact(&header, b"")),
            Err(Error::InputTooLarge {
                what: "JWS header",
                ..
            })
        ));
    }
}

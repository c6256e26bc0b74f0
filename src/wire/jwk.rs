//! JSON Web Keys (RFC 7517, RFC 7518 §6) → DER SubjectPublicKeyInfo, for the public keys this
//! crate verifies with: RSA (`kty` RSA, `n`, `e`) and EC P-256 / P-384 (`kty` EC, `crv`, `x`,
//! `y`). The SPKI is built here and validated by the caller like any other key
//! (`crate::pki::spki::PublicKey::from_spki_der`: modulus size, point on the curve).
//!
//! # Decisions
//! - Strict JSON (duplicate member names refused); the JWK must be an object → else
//!   `KEY_INVALID`.
//! - `n`, `e`, `x`, `y` are strict base64url. `n` and `e` must be minimal (no leading zero
//!   octet, RFC 7518 §2 Base64urlUInt); `x` and `y` must be exactly the field size (32 or 48
//!   octets) → else `KEY_INVALID`.
//! - A JWK with private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`) → `KEY_INVALID`:
//!   a verifier is never configured with private keys.
//! - `use`, when present, must be `sig` → else `KEY_INVALID`. Another `kty` (`oct`, `OKP`) or
//!   `crv` (P-521, secp256k1) → `UNSUPPORTED_ALGORITHM`.
//! - `kid` and `alg` are returned for the caller; `key_ops`, `x5c` and the rest are ignored.

use super::base64;
use super::json::{parse_strict, Map, Value};
use crate::Error;

/// rsaEncryption, 1.2.840.113549.1.1.1 (complete OID element).
const OID_RSA_ENCRYPTION: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];
/// id-ecPublicKey, 1.2.840.10045.2.1.
const OID_EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// prime256v1, 1.2.840.10045.3.1.7.
const OID_P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// secp384r1, 1.3.132.0.34.
const OID_P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];

/// Members that only a private JWK carries.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// A public JWK converted to a DER SubjectPublicKeyInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`, when present.
    pub kid: Option<String>,
    /// `alg`, when present.
    pub alg: Option<String>,
    /// The key as a DER SubjectPublicKeyInfo (not yet validated).
    pub spki_der: Vec<u8>,
}

/// Read one public JWK (JSON text).
pub fn parse_jwk(json: &str) -> Result<Jwk, Error> {
    match parse_strict(json.as_bytes()) {
        Ok(value) => jwk_from_value(&value),
        Err(_) => Err(Error::KeyInvalid),
    }
}

/// Read one public JWK already parsed (e.g. a member of a JWK Set); the same rules as
/// [`parse_jwk`].
pub fn jwk_from_value(value: &Value) -> Result<Jwk, Error> {
    let map = value.as_object().ok_or(Error::KeyInvalid)?;
    if PRIVATE_MEMBERS.iter().any(|m| map.contains_key(m)) {
        return Err(Error::KeyInvalid);
    }
    if map.get("use").is_some_and(|u| u.as_str() != Some("sig")) {
        return Err(Error::KeyInvalid);
    }
    let spki_der = match text(map, "kty")? {
        "RSA" => rsa_spki(map)?,
        "EC" => ec_spki(map)?,
        _ => return Err(Error::UnsupportedAlgorithm),
    };
    Ok(Jwk {
        kid: optional_text(map, "kid")?,
        alg: optional_text(map, "alg")?,
        spki_der,
    })
}

/// A required string member.
fn text<'m>(map: &'m Map, name: &str) -> Result<&'m str, Error> {
    map.get(name)
        .and_then(Value::as_str)
        .ok_or(Error::KeyInvalid)
}

/// An optional string member (present but not a string → `KEY_INVALID`).
fn optional_text(map: &Map, name: &str) -> Result<Option<String>, Error> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::KeyInvalid),
    }
}

/// A base64url member decoded.
fn octets(map: &Map, name: &str) -> Result<Vec<u8>, Error> {
    base64::decode_url(text(map, name)?).map_err(|_| Error::KeyInvalid)
}

/// A Base64urlUInt member: non-empty, no leading zero octet.
fn uint(map: &Map, name: &str) -> Result<Vec<u8>, Error> {
    let value = octets(map, name)?;
    match value.first() {
        Some(&first) if first != 0 => Ok(value),
        _ => Err(Error::KeyInvalid),
    }
}

/// `SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { RSAPublicKey } }`.
fn rsa_spki(map: &Map) -> Result<Vec<u8>, Error> {
    let n = uint(map, "n")?;
    let e = uint(map, "e")?;
    let rsa_public_key = tlv(0x30, &[integer(&n), integer(&e)].concat());
    let algorithm = tlv(0x30, &[OID_RSA_ENCRYPTION, &[0x05, 0x00]].concat());
    Ok(spki(&algorithm, &rsa_public_key))
}

/// `SEQUENCE { SEQUENCE { id-ecPublicKey, curve }, BIT STRING { 04 ‖ x ‖ y } }`.
fn ec_spki(map: &Map) -> Result<Vec<u8>, Error> {
    let (curve, size) = match text(map, "crv")? {
        "P-256" => (OID_P256, 32),
        "P-384" => (OID_P384, 48),
        _ => return Err(Error::UnsupportedAlgorithm),
    };
    let x = octets(map, "x")?;
    let y = octets(map, "y")?;
    if x.len() != size || y.len() != size {
        return Err(Error::KeyInvalid);
    }
    let point = [&[0x04][..], &x, &y].concat();
    let algorithm = tlv(0x30, &[OID_EC_PUBLIC_KEY, curve].concat());
    Ok(spki(&algorithm, &point))
}

/// The SPKI around an algorithm element and the key octets.
fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    let bit_string = tlv(0x03, &[&[0x00][..], key].concat());
    tlv(0x30, &[algorithm, &bit_string].concat())
}

/// A non-negative INTEGER from minimal big-endian magnitude octets.
fn integer(magnitude: &[u8]) -> Vec<u8> {
    let needs_sign_octet = magnitude.first().is_some_and(|b| b & 0x80 != 0);
    let contents = if needs_sign_octet {
        [&[0x00][..], magnitude].concat()
    } else {
        magnitude.to_vec()
    };
    tlv(0x02, &contents)
}

/// One DER element with a single-octet tag and a definite, minimal length.
fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let octets: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | octets.len() as u8);
        out.extend(octets);
    }
    out.extend_from_slice(contents);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_are_minimal() {
        assert_eq!(tlv(0x04, &[1]), vec![0x04, 0x01, 0x01]);
        assert_eq!(&tlv(0x04, &[0; 0x80])[..3], &[0x04, 0x81, 0x80]);
        assert_eq!(&tlv(0x04, &[0; 0x100])[..4], &[0x04, 0x82, 0x01, 0x00]);
        assert_eq!(integer(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(integer(&[0x7f]), vec![0x02, 0x01, 0x7f]);
    }

    #[test]
    fn refusals() {
        let ec = |extra: &str| {
            format!(
                r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"{extra}}}"#,
                base64::encode_url(&[1; 32]),
                base64::encode_url(&[2; 32])
            )
        };
        assert!(parse_jwk(&ec("")).is_ok());
        assert_eq!(parse_jwk(&ec(r#","d":"AA""#)), Err(Error::KeyInvalid));
        assert_eq!(parse_jwk(&ec(r#","use":"enc""#)), Err(Error::KeyInvalid));
        assert_eq!(parse_jwk(&ec(r#","kty":"EC""#)), Err(Error::KeyInvalid));
        assert_eq!(
            parse_jwk(r#"{"kty":"oct","k":"AA"}"#),
            Err(Error::KeyInvalid)
        );
        assert_eq!(
            parse_jwk(r#"{"kty":"OKP","crv":"Ed25519","x":"AA"}"#),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            parse_jwk(r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}"#),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(
            parse_jwk(r#"{"kty":"RSA","n":"AAE","e":"AQAB"}"#),
            Err(Error::KeyInvalid)
        );
        assert_eq!(parse_jwk("[]"), Err(Error::KeyInvalid));
    }
}

//! Web eID authentication tokens: parsing (strict about what is read, lenient about unknown
//! fields), the signed data `H(origin) ‖ H(nonce)`, and a producer for tests and virtual cards.
//!
//! A token is a JSON object:
//!
//! | field | type | notes |
//! |---|---|---|
//! | `format` | string | `web-eid:1.0` or `web-eid:1.1`; anything else → `TOKEN_FORMAT_UNSUPPORTED` |
//! | `unverifiedCertificate` | string | standard base64 of the end-entity DER |
//! | `unverifiedIntermediateCertificates` | array of strings | optional, read for `web-eid:1.1` only |
//! | `algorithm` | string | RS256/384/512, PS256/384/512, ES256/384; else `UNSUPPORTED_ALGORITHM` |
//! | `signature` | string | standard base64 |
//! | `appVersion` | string | the producing application |
//!
//! The text is strict JSON (`crate::wire::json`): not JSON → `TOKEN_MALFORMED` ("not valid
//! JSON"); a member name given twice anywhere, in a known field or not → `TOKEN_MALFORMED` ("a
//! field is given twice"). Unknown fields are otherwise ignored; a missing field, a field of the
//! wrong JSON type or a field that is not base64 is `TOKEN_MALFORMED` naming the field. The
//! caps of this module are `INPUT_TOO_LARGE`.

use crate::pki::signature::{Hash, SignatureAlgorithm};
use crate::wire::json::{self, parse_strict, JsonError, Value};
use crate::wire::{base64, limits};
use crate::Error;

/// Largest token accepted, in bytes of JSON text.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Shortest token accepted, in bytes (no real token — a certificate alone is ~2 KB of base64 —
/// is shorter; Web eID's own validator uses the same floor).
pub const MIN_TOKEN_BYTES: usize = 100;
/// Largest certificate accepted in a token, in DER bytes.
pub const MAX_TOKEN_CERT_DER: usize = 16 * 1024;
/// Most intermediate certificates accepted in a token.
pub const MAX_TOKEN_INTERMEDIATES: usize = 8;
/// Largest signature accepted, in bytes (RSA-8192).
pub const MAX_SIGNATURE_BYTES: usize = 1024;
/// Longest `appVersion` accepted, in bytes.
pub const MAX_APP_VERSION_BYTES: usize = 1024;
/// The `appVersion` written by [`make_web_eid_token`].
pub const PRODUCER_APP_VERSION: &str = concat!("myna-verify/", env!("CARGO_PKG_VERSION"));

/// `DigestInfo` prefix of SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// The token format versions read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenFormat {
    /// `web-eid:1.0`.
    V1_0,
    /// `web-eid:1.1` (adds `unverifiedIntermediateCertificates`).
    V1_1,
}

impl TokenFormat {
    /// The `format` string.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenFormat::V1_0 => "web-eid:1.0",
            TokenFormat::V1_1 => "web-eid:1.1",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "web-eid:1.0" => Ok(TokenFormat::V1_0),
            "web-eid:1.1" => Ok(TokenFormat::V1_1),
            _ => Err(Error::TokenFormatUnsupported),
        }
    }
}

/// A parsed token. Nothing in it is verified yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebEidToken {
    /// The format version.
    pub format: TokenFormat,
    /// DER of the end-entity certificate.
    pub certificate: Vec<u8>,
    /// DER of the intermediates (`web-eid:1.1` only; empty otherwise).
    pub intermediates: Vec<Vec<u8>>,
    /// The JOSE algorithm name, as given.
    pub algorithm_name: String,
    /// The algorithm it names.
    pub algorithm: SignatureAlgorithm,
    /// The signature bytes.
    pub signature: Vec<u8>,
    /// The producing application.
    pub app_version: String,
}

/// A required string field.
fn string_field<'v>(value: Option<&'v Value>, field: &'static str) -> Result<&'v str, Error> {
    value
        .and_then(Value::as_str)
        .ok_or(Error::TokenMalformed(field))
}

/// Largest base64 text that can decode to at most `max_bytes`.
fn base64_cap(max_bytes: usize) -> usize {
    max_bytes.div_ceil(3).saturating_mul(4)
}

/// Decode standard base64 of at most `max_bytes`; `what` names the field and the cap.
fn base64_field(text: &str, field: &'static str, max_bytes: usize) -> Result<Vec<u8>, Error> {
    limits::check(field, text.len(), base64_cap(max_bytes))?;
    let bytes = base64::decode(text).map_err(|_| Error::TokenMalformed(field))?;
    limits::check(field, bytes.len(), max_bytes)?;
    if bytes.is_empty() {
        return Err(Error::TokenMalformed(field));
    }
    Ok(bytes)
}

/// `unverifiedIntermediateCertificates`: absent or null → none; else an array of base64 strings.
fn intermediates_field(value: Option<&Value>) -> Result<Vec<Vec<u8>>, Error> {
    const FIELD: &str = "unverifiedIntermediateCertificates";
    let list = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(Error::TokenMalformed(FIELD)),
    };
    limits::check(FIELD, list.len(), MAX_TOKEN_INTERMEDIATES)?;
    list.iter()
        .map(|item| match item {
            Value::String(s) => base64_field(s, FIELD, MAX_TOKEN_CERT_DER),
            _ => Err(Error::TokenMalformed(FIELD)),
        })
        .collect()
}

/// Parse and shape-check a Web eID token. Signature, certificate and nonce are not checked here.
pub fn parse_token(json: &str) -> Result<WebEidToken, Error> {
    limits::check("token", json.len(), MAX_TOKEN_BYTES)?;
    if json.len() < MIN_TOKEN_BYTES {
        return Err(Error::TokenMalformed("token too short"));
    }
    let token = match parse_strict(json.as_bytes()) {
        Ok(Value::Object(token)) => token,
        Ok(_) => return Err(Error::TokenMalformed("not a JSON object")),
        // Valid JSON then; whether it is an object decides which error comes first.
        Err(JsonError::DuplicateMember) if json.trim_start().starts_with('{') => {
            return Err(Error::TokenMalformed("a field is given twice"))
        }
        Err(JsonError::DuplicateMember) => return Err(Error::TokenMalformed("not a JSON object")),
        Err(JsonError::Invalid) => return Err(Error::TokenMalformed("not valid JSON")),
    };
    let format = TokenFormat::parse(string_field(token.get("format"), "format")?)?;
    let cert_text = string_field(token.get("unverifiedCertificate"), "unverifiedCertificate")?;
    let certificate = base64_field(cert_text, "unverifiedCertificate", MAX_TOKEN_CERT_DER)?;
    let intermediates = match format {
        TokenFormat::V1_0 => Vec::new(),
        TokenFormat::V1_1 => intermediates_field(token.get("unverifiedIntermediateCertificates"))?,
    };
    let algorithm_name = string_field(token.get("algorithm"), "algorithm")?;
    let algorithm = SignatureAlgorithm::from_jose(algorithm_name)?;
    let signature_text = string_field(token.get("signature"), "signature")?;
    let signature = base64_field(signature_text, "signature", MAX_SIGNATURE_BYTES)?;
    let app_version = string_field(token.get("appVersion"), "appVersion")?;
    limits::check("appVersion", app_version.len(), MAX_APP_VERSION_BYTES)?;
    Ok(WebEidToken {
        format,
        certificate,
        intermediates,
        algorithm_name: algorithm_name.to_owned(),
        algorithm,
        signature,
        app_version: app_version.to_owned(),
    })
}

/// The data a Web eID token signs: `H(origin) ‖ H(nonce)` over the UTF-8 of both, with the
/// algorithm's hash. (The signature algorithm then hashes this once more.)
pub fn signed_data(hash: Hash, origin: &str, nonce: &str) -> Vec<u8> {
    let mut out = hash.digest(origin.as_bytes());
    out.extend_from_slice(&hash.digest(nonce.as_bytes()));
    out
}

/// The SHA-256 `DigestInfo` of `message` — what a card's PKCS#1 v1.5 signing primitive signs.
pub fn sha256_digest_info(message: &[u8]) -> Vec<u8> {
    let mut out = SHA256_DIGEST_INFO_PREFIX.to_vec();
    out.extend_from_slice(&Hash::Sha256.digest(message));
    out
}

/// Produce a `web-eid:1.0` RS256 token, as a browser extension talking to a card would.
///
/// `sign` receives the SHA-256 `DigestInfo` of `H(origin) ‖ H(nonce)` and returns the PKCS#1
/// v1.5 signature over it (the card's COMPUTE DIGITAL SIGNATURE; a TEST key's
/// `sign_digest_info`). `cert_der` is the card's certificate. Nothing is checked beyond what
/// the token format needs: this is a producer, not a verifier.
pub fn make_web_eid_token<F>(
    sign: F,
    cert_der: &[u8],
    origin: &str,
    nonce: &str,
) -> Result<String, Error>
where
    F: FnOnce(&[u8]) -> Result<Vec<u8>, Error>,
{
    limits::check("certificate", cert_der.len(), MAX_TOKEN_CERT_DER)?;
    let digest_info = sha256_digest_info(&signed_data(Hash::Sha256, origin, nonce));
    let signature = sign(&digest_info)?;
    limits::check("signature", signature.len(), MAX_SIGNATURE_BYTES)?;
    // Members in name order (what this producer has always written).
    Ok(json::string_object(&[
        ("algorithm", "RS256"),
        ("appVersion", PRODUCER_APP_VERSION),
        ("format", TokenFormat::V1_0.as_str()),
        ("signature", &base64::encode(&signature)),
        ("unverifiedCertificate", &base64::encode(cert_der)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn token_with(fields: &[(&str, Value)]) -> String {
        let mut map = serde_json::Map::new();
        map.insert("format".into(), "web-eid:1.0".into());
        map.insert(
            "unverifiedCertificate".into(),
            base64::encode(&[0x30; 300]).into(),
        );
        map.insert("algorithm".into(), "RS256".into());
        map.insert("signature".into(), base64::encode(&[1; 256]).into());
        map.insert("appVersion".into(), "https://example.test/app/1.0".into());
        for (k, v) in fields {
            if v.is_null() {
                map.remove(*k);
            } else {
                map.insert((*k).into(), v.clone());
            }
        }
        Value::Object(map).to_string()
    }

    fn code(json: &str) -> &'static str {
        parse_token(json).unwrap_err().code()
    }

    #[test]
    fn parses_a_well_formed_token_and_ignores_unknown_fields() {
        let t = parse_token(&token_with(&[("extra", Value::from(5))])).unwrap();
        assert_eq!(t.format, TokenFormat::V1_0);
        assert_eq!(t.certificate, vec![0x30; 300]);
        assert_eq!(t.signature, vec![1; 256]);
        assert_eq!(t.algorithm, SignatureAlgorithm::RsaPkcs1(Hash::Sha256));
        assert_eq!(t.algorithm_name, "RS256");
        assert_eq!(t.app_version, "https://example.test/app/1.0");
        assert!(t.intermediates.is_empty());
    }

    #[test]
    fn intermediates_are_read_for_1_1_only() {
        let list = Value::from(vec![base64::encode(&[0x30; 10])]);
        let f = ("unverifiedIntermediateCertificates", list);
        let v10 = parse_token(&token_with(std::slice::from_ref(&f))).unwrap();
        assert!(v10.intermediates.is_empty());
        let v11 = parse_token(&token_with(&[f, ("format", "web-eid:1.1".into())])).unwrap();
        assert_eq!(v11.format, TokenFormat::V1_1);
        assert_eq!(v11.intermediates, vec![vec![0x30; 10]]);
        let nine = Value::from(vec![base64::encode(&[0x30; 10]); 9]);
        let f11 = ("format", Value::from("web-eid:1.1"));
        let too_many = token_with(&[("unverifiedIntermediateCertificates", nine), f11.clone()]);
        assert_eq!(code(&too_many), "INPUT_TOO_LARGE");
        let not_array = token_with(&[("unverifiedIntermediateCertificates", 1.into()), f11]);
        assert_eq!(
            parse_token(&not_array).unwrap_err(),
            Error::TokenMalformed("unverifiedIntermediateCertificates")
        );
    }

    #[test]
    fn duplicate_fields_are_refused() {
        let json = token_with(&[]);
        let twice = Error::TokenMalformed("a field is given twice");
        let dup = json.replacen('{', "{\"algorithm\":\"RS256\",", 1);
        assert_eq!(parse_token(&dup).unwrap_err(), twice);
        // Unknown fields too, and names at any depth (strict JSON).
        let unknown = json.replacen('{', "{\"x\":1,\"x\":1,", 1);
        assert_eq!(parse_token(&unknown).unwrap_err(), twice);
        let nested = json.replacen('{', "{\"x\":[{\"a\":1,\"\\u0061\":2}],", 1);
        assert_eq!(parse_token(&nested).unwrap_err(), twice);
        // Not JSON at all, or not an object, is said first.
        let broken = format!("{unknown},");
        assert_eq!(
            parse_token(&broken).unwrap_err(),
            Error::TokenMalformed("not valid JSON")
        );
        let array = format!("[{unknown}]");
        assert_eq!(
            parse_token(&array).unwrap_err(),
            Error::TokenMalformed("not a JSON object")
        );
    }

    #[test]
    fn produced_tokens_are_what_serde_json_wrote() {
        let token =
            make_web_eid_token(|_| Ok(vec![7; 256]), &[0x30; 300], "https://a.test", "n").unwrap();
        let expected = serde_json::json!({
            "unverifiedCertificate": base64::encode(&[0x30; 300]),
            "algorithm": "RS256",
            "signature": base64::encode(&[7; 256]),
            "format": "web-eid:1.0",
            "appVersion": PRODUCER_APP_VERSION,
        });
        assert_eq!(token, expected.to_string());
        assert!(parse_token(&token).is_ok());
    }

    #[test]
    fn empty_signature_and_long_app_version_are_refused() {
        assert_eq!(
            parse_token(&token_with(&[("signature", "".into())])).unwrap_err(),
            Error::TokenMalformed("signature")
        );
        let long = "x".repeat(MAX_APP_VERSION_BYTES + 1);
        assert_eq!(
            code(&token_with(&[("appVersion", long.into())])),
            "INPUT_TOO_LARGE"
        );
        let big_sig = base64::encode(&[1; MAX_SIGNATURE_BYTES + 1]);
        assert_eq!(
            code(&token_with(&[("signature", big_sig.into())])),
            "INPUT_TOO_LARGE"
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(20_000), "]".repeat(20_000));
        assert!(deep.len() <= MAX_TOKEN_BYTES);
        assert_eq!(
            parse_token(&deep).unwrap_err(),
            Error::TokenMalformed("not valid JSON")
        );
        let shallow = token_with(&[("x", serde_json::json!([[[[1]]]]))]);
        assert!(parse_token(&shallow).is_ok());
    }

    #[test]
    fn signed_data_is_two_digests() {
        let d = signed_data(Hash::Sha384, "https://a.example", "n");
        assert_eq!(d.len(), 96);
        assert_eq!(
            d.get(..48),
            Some(&Hash::Sha384.digest(b"https://a.example")[..])
        );
        assert_eq!(d.get(48..), Some(&Hash::Sha384.digest(b"n")[..]));
        assert_eq!(sha256_digest_info(b"abc").len(), 51);
    }
}

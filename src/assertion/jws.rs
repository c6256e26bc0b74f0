//! Verify a JWS in compact serialization (RFC 7515): algorithm allow-list, critical header
//! parameters, the key (an `x5c` chain validated like a CMS signer, or a configured key set by
//! `kid`), the signature, and optional time claims of a JSON payload.
//!
//! # Rules
//! - `alg` must be in [`JwsOptions::allowed_algorithms`] (default: RS256, RS384, RS512, PS256,
//!   PS384, PS512, ES256, ES384) and known to `SignatureAlgorithm::from_jose`; `none`, HMAC
//!   and everything else → `UNSUPPORTED_ALGORITHM`, even when listed.
//! - `crit` (RFC 7515 §4.1.11): every name must be in [`JwsOptions::understood_crit`] and
//!   present in the header, and must not be a parameter of RFC 7515/7518 → else
//!   `JWS_CRIT_UNSUPPORTED`. `b64` other than `true` (RFC 7797 unencoded payload) is not
//!   supported → `JWS_CRIT_UNSUPPORTED`.
//! - Key: when the header has `x5c` and [`JwsOptions::x5c_trust`] is set, the leaf (first
//!   certificate) is validated with the others as intermediates (JPKI or generic path
//!   validation) and its key verifies; a present `x5t#S256` must match the leaf. Otherwise the
//!   key whose `kid` equals the header's `kid` in [`JwsOptions::keys`] verifies. No key →
//!   `KEY_NOT_FOUND`. A key set entry with an `alg` different from the header's →
//!   `UNSUPPORTED_ALGORITHM`. `jwk`, `jku` and `x5u` are never used (nothing is fetched and
//!   an embedded key is never trusted).
//! - Payload: returned as bytes; when it is JSON it is also returned parsed (a duplicate member
//!   → `JWS_INVALID`). With [`JwsOptions::check_time_claims`], a JSON object payload's `exp`,
//!   `nbf` and `iat` (NumericDate numbers, else `JWS_INVALID`) are checked against
//!   [`JwsOptions::time`] with [`JwsOptions::clock_skew`] seconds of tolerance: now ≥ exp + skew
//!   → `JWS_EXPIRED`; now + skew < nbf, or iat > now + skew → `JWS_NOT_YET_VALID`. The
//!   comparisons are exact: a fractional or huge NumericDate is not rounded through `f64`.

use super::signer::{validate_signer, SignerCertificate, SignerTrust};
use crate::pki::signature::verify_with_key;
use crate::pki::spki::PublicKey;
use crate::pki::{cert, SignatureAlgorithm, UnixTime};
use crate::wire::json::{parse_strict, JsonError, Map, Number, Value};
use crate::wire::jwk::{jwk_from_value, parse_jwk, Jwk};
use crate::wire::jws::{parse_compact, CompactJws};
use crate::Error;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The default `alg` allow-list.
pub const DEFAULT_ALGORITHMS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
];

/// Most keys read from one JWK Set.
pub const MAX_JWKS_KEYS: usize = 64;
/// Largest JWK Set text read, in bytes (256 KiB).
pub const MAX_JWKS_TEXT: usize = 256 * 1024;

/// Header parameters registered by RFC 7515 / RFC 7518, which `crit` must not name.
const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// A verification key of a key set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JwsKey {
    /// Matched against the header's `kid`.
    pub kid: String,
    /// When set, the only `alg` this key verifies.
    pub alg: Option<String>,
    /// The key as a DER SubjectPublicKeyInfo.
    pub spki_der: Vec<u8>,
}

impl JwsKey {
    /// A key from a DER SubjectPublicKeyInfo (validated now).
    pub fn from_spki(kid: &str, spki_der: &[u8]) -> Result<Self, Error> {
        PublicKey::from_spki_der(spki_der)?;
        Ok(JwsKey {
            kid: kid.to_owned(),
            alg: None,
            spki_der: spki_der.to_vec(),
        })
    }

    /// A key from a public JWK (RSA, EC P-256/P-384) with a `kid` (rules:
    /// `crate::wire::jwk`). No `kid` → `KEY_INVALID`.
    pub fn from_jwk(json: &str) -> Result<Self, Error> {
        Self::checked(parse_jwk(json)?)
    }

    /// A key read from a JWK, with its SPKI validated and a `kid`.
    fn checked(jwk: Jwk) -> Result<Self, Error> {
        PublicKey::from_spki_der(&jwk.spki_der)?;
        Ok(JwsKey {
            kid: jwk.kid.ok_or(Error::KeyInvalid)?,
            alg: jwk.alg,
            spki_der: jwk.spki_der,
        })
    }

    /// Every key of a JWK Set (`{"keys": [...]}`, RFC 7517 §5), at most [`MAX_JWKS_KEYS`];
    /// one bad key refuses the set (`KEY_INVALID` / `UNSUPPORTED_ALGORITHM`).
    pub fn from_jwks(json: &str) -> Result<Vec<Self>, Error> {
        crate::wire::limits::check("JWK set", json.len(), MAX_JWKS_TEXT)?;
        let keys = match parse_strict(json.as_bytes()) {
            Ok(Value::Object(mut set)) => set.remove("keys"),
            _ => None,
        };
        let Some(Value::Array(keys)) = keys else {
            return Err(Error::KeyInvalid);
        };
        crate::wire::limits::check("JWK set", keys.len(), MAX_JWKS_KEYS)?;
        keys.iter()
            .map(|k| Self::checked(jwk_from_value(k)?))
            .collect()
    }
}

/// Options of [`verify_jws`].
#[derive(Clone, Debug)]
pub struct JwsOptions {
    /// Validation time (time claims; must equal the x5c trust's time when both are set).
    pub time: UnixTime,
    /// Accepted `alg` values.
    pub allowed_algorithms: Vec<String>,
    /// How an `x5c` chain is validated; `None` ignores `x5c`.
    pub x5c_trust: Option<SignerTrust>,
    /// Keys selected by `kid` (used when `x5c` is absent or not trusted here).
    pub keys: Vec<JwsKey>,
    /// Extension header parameters the caller processes itself, allowed in `crit`.
    pub understood_crit: Vec<String>,
    /// Check `exp` / `nbf` / `iat` of a JSON object payload.
    pub check_time_claims: bool,
    /// Refuse a payload without `exp` (implies a JSON object payload).
    pub require_exp: bool,
    /// Tolerance for time claims, in seconds.
    pub clock_skew: u64,
}

impl JwsOptions {
    /// Defaults at `time`: default algorithms, no key source, time claims checked with 60 s
    /// of skew, `exp` not required.
    pub fn at(time: UnixTime) -> Self {
        JwsOptions {
            time,
            allowed_algorithms: DEFAULT_ALGORITHMS.iter().map(|a| a.to_string()).collect(),
            x5c_trust: None,
            keys: Vec::new(),
            understood_crit: Vec::new(),
            check_time_claims: true,
            require_exp: false,
            clock_skew: 60,
        }
    }
}

/// A verified JWS. Serialised with camelCase keys (the raw payload bytes are not serialised).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JwsVerified {
    /// The `alg` that verified.
    pub algorithm: String,
    /// The whole protected header.
    pub header: Map,
    /// The payload bytes.
    #[serde(skip)]
    pub payload: Vec<u8>,
    /// The payload parsed, when it is JSON.
    pub payload_json: Option<Value>,
    /// `x5c` or `keySet`.
    pub key_source: &'static str,
    /// The `kid` of the header, when present.
    pub kid: Option<String>,
    /// The validated `x5c` leaf (key source `x5c` only).
    pub certificate: Option<SignerCertificate>,
}

/// Verify the compact JWS `compact`. See the module documentation for the rules.
pub fn verify_jws(compact: &str, opts: &JwsOptions) -> Result<JwsVerified, Error> {
    if opts
        .x5c_trust
        .as_ref()
        .is_some_and(|t| t.time() != opts.time)
    {
        return Err(Error::InvalidOptions(
            "x5c trust time differs from the JWS time",
        ));
    }
    let jws = parse_compact(compact)?;
    let alg = allowed_algorithm(&jws.params.alg, opts)?;
    check_crit(&jws, opts)?;
    let (key_source, spki, chain) = select_key(&jws, opts)?;
    let key = PublicKey::from_spki_der(&spki)?;
    verify_with_key(
        &key,
        alg,
        jws.signing_input.as_bytes(),
        &jws.signature,
        false,
    )?;
    let certificate = match (chain, &opts.x5c_trust) {
        (Some(chain), Some(trust)) => Some(validate_x5c(&chain, trust)?),
        _ => None,
    };
    let payload_json = match parse_strict(&jws.payload) {
        Ok(v) => Some(v),
        Err(JsonError::DuplicateMember) => {
            return Err(Error::JwsInvalid("payload has a duplicate member"))
        }
        Err(JsonError::Invalid) => None,
    };
    check_claims(payload_json.as_ref(), opts)?;
    Ok(JwsVerified {
        algorithm: jws.params.alg.clone(),
        header: jws.header.clone(),
        payload: jws.payload.clone(),
        payload_json,
        key_source,
        kid: jws.params.kid.clone(),
        certificate,
    })
}

/// `alg` from the allow-list, mapped to a signature algorithm.
fn allowed_algorithm(alg: &str, opts: &JwsOptions) -> Result<SignatureAlgorithm, Error> {
    if !opts.allowed_algorithms.iter().any(|a| a == alg) {
        return Err(Error::UnsupportedAlgorithm);
    }
    SignatureAlgorithm::from_jose(alg)
}

/// `crit` and `b64`.
fn check_crit(jws: &CompactJws<'_>, opts: &JwsOptions) -> Result<(), Error> {
    if jws.params.b64.is_some_and(|b| !b) {
        return Err(Error::JwsCritUnsupported);
    }
    let ok = |name: &String| {
        !REGISTERED.contains(&name.as_str())
            && opts.understood_crit.contains(name)
            && jws.header.contains_key(name)
    };
    if jws.params.crit.iter().all(ok) {
        Ok(())
    } else {
        Err(Error::JwsCritUnsupported)
    }
}

/// Where the key comes from: the source's name, the SPKI, and the x5c chain when used.
type Selected = (&'static str, Vec<u8>, Option<Vec<Vec<u8>>>);

/// The verification key: x5c leaf (when trusted here) or the key set entry for `kid`.
fn select_key(jws: &CompactJws<'_>, opts: &JwsOptions) -> Result<Selected, Error> {
    if let (Some(chain), Some(_)) = (&jws.params.x5c, &opts.x5c_trust) {
        let leaf = chain.first().ok_or(Error::KeyNotFound)?;
        if let Some(thumb) = &jws.params.x5t_s256 {
            if thumb.as_slice() != Sha256::digest(leaf).as_slice() {
                return Err(Error::JwsInvalid("x5t#S256 does not match the x5c leaf"));
            }
        }
        let spki = cert::parse(leaf)?.public_key().raw.to_vec();
        return Ok(("x5c", spki, Some(chain.clone())));
    }
    let kid = jws.params.kid.as_deref().ok_or(Error::KeyNotFound)?;
    let key = opts
        .keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or(Error::KeyNotFound)?;
    if key.alg.as_deref().is_some_and(|a| a != jws.params.alg) {
        return Err(Error::UnsupportedAlgorithm);
    }
    Ok(("keySet", key.spki_der.clone(), None))
}

/// Validate the x5c leaf with the rest of the chain as intermediates.
fn validate_x5c(chain: &[Vec<u8>], trust: &SignerTrust) -> Result<SignerCertificate, Error> {
    let (leaf, rest) = chain.split_first().ok_or(Error::KeyNotFound)?;
    let others: Vec<&[u8]> = rest.iter().map(Vec::as_slice).collect();
    validate_signer(leaf, &others, trust)
}

/// `exp`, `nbf`, `iat` of a JSON object payload.
fn check_claims(payload: Option<&Value>, opts: &JwsOptions) -> Result<(), Error> {
    let claims = match payload {
        Some(Value::Object(map)) => Some(map),
        _ => None,
    };
    if opts.require_exp && claims.is_none_or(|c| !c.contains_key("exp")) {
        return Err(Error::JwsInvalid("exp claim required"));
    }
    let Some(claims) = claims.filter(|_| opts.check_time_claims) else {
        return Ok(());
    };
    // Compared exactly, in integers: a NumericDate may have a fraction or be very large.
    let now = i128::from(opts.time.0);
    let skew = i128::from(opts.clock_skew);
    if numeric_date(claims, "exp")?.is_some_and(|exp| exp.cmp_integer(now - skew).is_le()) {
        return Err(Error::JwsExpired);
    }
    if numeric_date(claims, "nbf")?.is_some_and(|nbf| nbf.cmp_integer(now + skew).is_gt()) {
        return Err(Error::JwsNotYetValid);
    }
    if numeric_date(claims, "iat")?.is_some_and(|iat| iat.cmp_integer(now + skew).is_gt()) {
        return Err(Error::JwsNotYetValid);
    }
    Ok(())
}

/// A NumericDate claim (RFC 7519 §2: a JSON number of seconds, fractions allowed).
fn numeric_date<'a>(claims: &'a Map, name: &str) -> Result<Option<&'a Number>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_number()
            .map(Some)
            .ok_or(Error::JwsInvalid("time claim is not a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check_claims` on the payload `json` at `now`, 60 s skew.
    fn claims_at(json: &str, now: i64) -> Result<(), Error> {
        let payload = parse_strict(json.as_bytes()).unwrap();
        check_claims(Some(&payload), &JwsOptions::at(UnixTime(now)))
    }

    #[test]
    fn fractional_and_huge_numeric_dates_are_compared_exactly() {
        let exp = r#"{"exp":1700000000.25}"#;
        // now ≥ exp + 60 expires: 1700000060 is past 1700000060.25 - 1 but not past exp + 60.
        assert_eq!(claims_at(exp, 1_700_000_060), Ok(()));
        assert_eq!(claims_at(exp, 1_700_000_061), Err(Error::JwsExpired));
        // Beyond f64's precision at this size, 1e-12 s still counts.
        let exp = r#"{"exp":1700000000.000000000001}"#;
        assert_eq!(claims_at(exp, 1_700_000_060), Ok(()));
        let nbf = r#"{"nbf":1700000060.5}"#;
        assert_eq!(claims_at(nbf, 1_700_000_000), Err(Error::JwsNotYetValid));
        assert_eq!(claims_at(nbf, 1_700_000_001), Ok(()));
        let iat = r#"{"iat":1.7000000600000001e9}"#;
        assert_eq!(claims_at(iat, 1_700_000_000), Err(Error::JwsNotYetValid));
        assert_eq!(claims_at(iat, 1_700_000_001), Ok(()));
        // Dates far outside any clock, and integers beyond 64 bits.
        assert_eq!(claims_at(r#"{"exp":1e300}"#, i64::MAX), Ok(()));
        assert_eq!(claims_at(r#"{"exp":-1e300}"#, 0), Err(Error::JwsExpired));
        assert_eq!(
            claims_at(r#"{"nbf":18446744073709551616}"#, i64::MAX - 60),
            Err(Error::JwsNotYetValid)
        );
        assert_eq!(
            claims_at(r#"{"exp":"1700000000"}"#, 0),
            Err(Error::JwsInvalid("time claim is not a number"))
        );
    }
}

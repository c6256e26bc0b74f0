//! SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) parsing for the keys this crate verifies with:
//! RSA (RFC 3279 rsaEncryption) and ECDSA on P-256 / P-384 (RFC 5480 id-ecPublicKey with a
//! namedCurve).
//!
//! Decisions (each is a refusal a careful verifier makes; codes are stable):
//! - The SPKI must be exactly one strict-DER SEQUENCE; trailing bytes or any BER form →
//!   `DER_MALFORMED`.
//! - rsaEncryption parameters must be NULL (RFC 3279 §2.3.1) → else `KEY_INVALID`. The modulus
//!   must be 2048..=8192 bits and odd; the exponent odd, ≥ 3 and ≤ 2^33 − 1 (the RSA-DoS bound) → else `KEY_INVALID`.
//! - id-ecPublicKey parameters must be a namedCurve OID (implicitCurve / specifiedCurve are
//!   forbidden by RFC 5480 §2.1.1) → else `KEY_INVALID`. A named curve other than P-256 or P-384
//!   (P-521, secp256k1, brainpool, ...) → `UNSUPPORTED_ALGORITHM`.
//! - The EC point must be in uncompressed form (0x04 ‖ x ‖ y, the form RFC 5480 requires every
//!   implementation to support and the only one the CA/Browser Forum allows) and on the curve →
//!   else `KEY_INVALID`. Compressed points are refused.
//! - Any other key algorithm (RSASSA-PSS-restricted keys, Ed25519, DSA, ...) →
//!   `UNSUPPORTED_ALGORITHM`.

use crate::pki::signature::der::{self, Reader, BIT_STRING, INTEGER, NULL, OID, SEQUENCE};
use crate::pki::signature::ec_curve::{Curve as EcCurve, EcPoint, NistCurve};
use crate::pki::signature::rsa_public::RsaPublicKey;
use crate::Error;

/// rsaEncryption, 1.2.840.113549.1.1.1.
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-ecPublicKey, 1.2.840.10045.2.1.
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// secp256r1 / prime256v1 (P-256), 1.2.840.10045.3.1.7.
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// secp384r1 (P-384), 1.3.132.0.34.
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// Smallest accepted RSA modulus, in bits.
pub const RSA_MIN_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits.
pub const RSA_MAX_BITS: usize = 8192;
/// Largest accepted RSA public exponent.
const RSA_MAX_EXPONENT: u64 = (1 << 33) - 1;

/// What kind of key an SPKI holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// RSA with a modulus of this many bits.
    Rsa { modulus_bits: usize },
    /// ECDSA on NIST P-256.
    EcP256,
    /// ECDSA on NIST P-384.
    EcP384,
}

/// A parsed, validated public key, ready to verify signatures.
#[derive(Clone, Debug)]
pub struct PublicKey {
    pub(crate) inner: Key,
}

/// The key material per algorithm.
#[derive(Clone, Debug)]
pub(crate) enum Key {
    Rsa {
        key: RsaPublicKey,
        modulus_bits: usize,
    },
    P256(EcPoint),
    P384(EcPoint),
}

impl PublicKey {
    /// Parse and validate a DER SubjectPublicKeyInfo (the complete SEQUENCE, as found in a
    /// certificate). See the module documentation for what is refused and with which code.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, Error> {
        let parts = split_spki(der)?;
        let inner = if parts.oid == OID_RSA_ENCRYPTION {
            if parts.params != Some(&[NULL, 0x00][..]) {
                return Err(Error::KeyInvalid);
            }
            parse_rsa(parts.key_bytes)?
        } else if parts.oid == OID_EC_PUBLIC_KEY {
            parse_ec(named_curve(parts.params)?, parts.key_bytes)?
        } else {
            return Err(Error::UnsupportedAlgorithm);
        };
        Ok(PublicKey { inner })
    }

    /// The kind of key (and its size for RSA).
    pub fn kind(&self) -> KeyKind {
        match &self.inner {
            Key::Rsa { modulus_bits, .. } => KeyKind::Rsa {
                modulus_bits: *modulus_bits,
            },
            Key::P256(_) => KeyKind::EcP256,
            Key::P384(_) => KeyKind::EcP384,
        }
    }
}

/// The fields of an SPKI.
struct SpkiParts<'a> {
    /// Algorithm OID, content octets.
    oid: &'a [u8],
    /// Algorithm parameters, complete TLV, when present.
    params: Option<&'a [u8]>,
    /// subjectPublicKey, without the unused-bits octet.
    key_bytes: &'a [u8],
}

/// Split an SPKI into its fields.
fn split_spki(der: &[u8]) -> Result<SpkiParts<'_>, Error> {
    let malformed = |_| Error::DerMalformed("public key");
    let mut outer = Reader::new(der);
    let spki = outer.read(SEQUENCE).map_err(malformed)?;
    outer
        .finish()
        .map_err(|_| Error::DerMalformed("trailing data after public key"))?;
    let mut fields = Reader::new(spki);
    let algorithm = fields.read(SEQUENCE).map_err(malformed)?;
    let bit_string = fields.read(BIT_STRING).map_err(malformed)?;
    fields.finish().map_err(malformed)?;
    let mut alg = Reader::new(algorithm);
    let oid = alg.read(OID).map_err(malformed)?;
    let params = if alg.is_empty() {
        None
    } else {
        Some(alg.read_raw().map_err(malformed)?)
    };
    alg.finish().map_err(malformed)?;
    let key_bytes = der::whole_bytes(bit_string).map_err(malformed)?;
    Ok(SpkiParts {
        oid,
        params,
        key_bytes,
    })
}

/// Parse RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }.
fn parse_rsa(key_bytes: &[u8]) -> Result<Key, Error> {
    let malformed = |_| Error::DerMalformed("RSA public key");
    let mut outer = Reader::new(key_bytes);
    let seq = outer.read(SEQUENCE).map_err(malformed)?;
    outer.finish().map_err(malformed)?;
    let mut fields = Reader::new(seq);
    let n_value = fields.read(INTEGER).map_err(malformed)?;
    let e_value = fields.read(INTEGER).map_err(malformed)?;
    fields.finish().map_err(malformed)?;

    let n = der::unsigned_integer(n_value).map_err(|_| Error::KeyInvalid)?;
    let modulus_bits = bit_length(n);
    if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&modulus_bits) || n.last().is_none_or(|b| b & 1 == 0)
    {
        return Err(Error::KeyInvalid);
    }
    let e = der::small_unsigned(e_value).map_err(|_| Error::KeyInvalid)?;
    if e < 3 || e & 1 == 0 || e > RSA_MAX_EXPONENT {
        return Err(Error::KeyInvalid);
    }
    let key = RsaPublicKey::new(n, e)?;
    Ok(Key::Rsa { key, modulus_bits })
}

/// Bit length of a big-endian magnitude without leading zero bytes.
fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        None => 0,
        Some(&first) => {
            let high = 8usize.saturating_sub(first.leading_zeros() as usize);
            magnitude
                .len()
                .saturating_sub(1)
                .saturating_mul(8)
                .saturating_add(high)
        }
    }
}

/// The curves this crate verifies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
}

/// ECParameters must be a namedCurve OID naming P-256 or P-384.
fn named_curve(params: Option<&[u8]>) -> Result<Curve, Error> {
    let params = params.ok_or(Error::KeyInvalid)?;
    let mut r = Reader::new(params);
    let oid = r.read(OID).map_err(|_| Error::KeyInvalid)?;
    r.finish().map_err(|_| Error::KeyInvalid)?;
    if oid == OID_P256 {
        Ok(Curve::P256)
    } else if oid == OID_P384 {
        Ok(Curve::P384)
    } else {
        Err(Error::UnsupportedAlgorithm)
    }
}

/// An uncompressed SEC1 point on `curve`.
// Not inlined into `from_spki_der`: RSA keys (all of JPKI) never run it, and in wasm the
// caller is compiled whole on its first call.
#[inline(never)]
fn parse_ec(curve: Curve, point: &[u8]) -> Result<Key, Error> {
    let field_len = match curve {
        Curve::P256 => 32,
        Curve::P384 => 48,
    };
    if point.first() != Some(&0x04) || point.len() != 1 + 2 * field_len {
        return Err(Error::KeyInvalid);
    }
    match curve {
        Curve::P256 => EcCurve::get(NistCurve::P256)
            .public_key(point)
            .map(Key::P256),
        Curve::P384 => EcCurve::get(NistCurve::P384)
            .public_key(point)
            .map(Key::P384),
    }
    .ok_or(Error::KeyInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x7f, 0x00, 0x00]), 23);
    }

    #[test]
    fn curve_parameters_must_be_one_named_curve() {
        assert_eq!(
            named_curve(Some(&[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22])),
            Ok(Curve::P384)
        );
        // P-521 (1.3.132.0.35): well-formed but not supported.
        assert_eq!(
            named_curve(Some(&[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23])),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(named_curve(None), Err(Error::KeyInvalid));
        assert_eq!(named_curve(Some(&[NULL, 0x00])), Err(Error::KeyInvalid));
        assert_eq!(
            named_curve(Some(&[
                0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x05, 0x00
            ])),
            Err(Error::KeyInvalid)
        );
    }

    #[test]
    fn point_must_be_uncompressed_and_on_the_curve() {
        let mut not_on_curve = vec![0x04];
        not_on_curve.extend([1u8; 64]);
        assert!(matches!(
            parse_ec(Curve::P256, &not_on_curve),
            Err(Error::KeyInvalid)
        ));
        assert!(matches!(
            parse_ec(Curve::P256, &[0x00]),
            Err(Error::KeyInvalid)
        ));
        assert!(matches!(
            parse_ec(Curve::P384, &not_on_curve),
            Err(Error::KeyInvalid)
        ));
    }
}

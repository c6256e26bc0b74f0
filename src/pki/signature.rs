//! Signature verification over a SubjectPublicKeyInfo: RSA PKCS#1 v1.5, RSA-PSS, ECDSA P-256/P-384.
//! (Being filled in: see issue 2.)

use crate::Error;

/// Hash functions used by the signature algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// How an ECDSA signature is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EcdsaEncoding {
    /// DER `SEQUENCE { r INTEGER, s INTEGER }` (X.509, CMS).
    Der,
    /// Fixed-width `r ‖ s` (IEEE P1363; JOSE ES256/ES384).
    Raw,
}

/// A signature algorithm, independent of the key it is used with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with the given hash.
    RsaPkcs1(Hash),
    /// RSASSA-PSS, MGF1 with the same hash, the given salt length in bytes.
    RsaPss { hash: Hash, salt_len: usize },
    /// ECDSA with the given hash; the curve comes from the key.
    Ecdsa { hash: Hash, encoding: EcdsaEncoding },
}

/// Verify `signature` over `message` with the key in `spki_der`. SHA-1 is refused.
pub fn verify_signature(
    spki_der: &[u8],
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    verify_signature_with(spki_der, alg, message, signature, false)
}

/// As [`verify_signature`], with SHA-1 allowed when `allow_sha1` (legacy verification only).
pub fn verify_signature_with(
    _spki_der: &[u8],
    _alg: SignatureAlgorithm,
    _message: &[u8],
    _signature: &[u8],
    _allow_sha1: bool,
) -> Result<(), Error> {
    Err(Error::UnsupportedAlgorithm)
}

impl SignatureAlgorithm {
    /// From a JOSE `alg` name: RS256/384/512, PS256/384/512, ES256/ES384 (raw r‖s).
    pub fn from_jose(_name: &str) -> Result<Self, Error> {
        Err(Error::UnsupportedAlgorithm)
    }

    /// From an X.509 AlgorithmIdentifier: dotted `oid` and the DER of its parameters (tag
    /// included) when present.
    pub fn from_x509(_oid: &str, _params_der: Option<&[u8]>) -> Result<Self, Error> {
        Err(Error::UnsupportedAlgorithm)
    }
}

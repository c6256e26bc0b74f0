//! Signature verification over a SubjectPublicKeyInfo: RSA PKCS#1 v1.5, RSA-PSS, ECDSA
//! P-256/P-384. Public-key operations only (no randomness, no private keys).
//!
//! # Entry points
//! - [`verify_signature`] / [`verify_signature_with`]: parse the key (a complete DER
//!   SubjectPublicKeyInfo, see [`crate::pki::spki`]) and verify one signature.
//! - [`verify_with_key`]: the same with a key parsed once by [`PublicKey::from_spki_der`].
//! - [`SignatureAlgorithm::from_x509`] (see [`crate::pki::algorithm`]) and
//!   [`SignatureAlgorithm::from_jose`] name the algorithm.
//!
//! # Decisions
//! - **SHA-1** is accepted only for RSA PKCS#1 v1.5 and only with `allow_sha1` (legacy
//!   certificates). SHA-1 with PSS or ECDSA is always refused. Refusal → `UNSUPPORTED_ALGORITHM`.
//! - **Key/algorithm mismatch** (an RSA algorithm with an EC key or the reverse) →
//!   `UNSUPPORTED_ALGORITHM`. ECDSA takes its curve from the key, and any of SHA-256/384/512
//!   goes with either curve for DER signatures (as X.509 allows). A **raw** (JOSE) signature
//!   binds the curve to the hash (ES256 = P-256 + SHA-256, ES384 = P-384 + SHA-384, RFC 7518
//!   §3.4); another pairing → `UNSUPPORTED_ALGORITHM`.
//! - **High-S ECDSA** signatures (s > n/2) are accepted: they are valid ECDSA, and neither
//!   X.509 nor JOSE requires low-S. Malleability does not matter for verifying a certificate
//!   or a token; do not use signature bytes as an identifier.
//! - **Malformed signature encodings** (DER ECDSA that is not strict DER, raw signatures of the
//!   wrong width, RSA signatures of the wrong length or ≥ the modulus, r or s outside
//!   [1, n − 1]) are reported as `SIGNATURE_INVALID`, like any signature that does not verify —
//!   never `DER_MALFORMED`, so a caller can treat "this signature is no good" uniformly.
//! - RSA PKCS#1 v1.5 recomputes the complete encoded message and compares it byte for byte, so
//!   only the exact DigestInfo (hash OID with NULL parameters) verifies.
//! - RSA-PSS uses MGF1 with the same hash and requires exactly the given salt length.
//!
//! Key errors (`KEY_INVALID`, `UNSUPPORTED_ALGORITHM`, `DER_MALFORMED`) are described in
//! [`crate::pki::spki`].

pub(crate) use crate::wire::der;
pub(crate) mod ec_curve;
mod ecdsa_verify;
mod montgomery;
pub(crate) mod rsa_public;
mod rsa_verify;

use crate::pki::spki::{Key, PublicKey};
use crate::Error;
use ec_curve::NistCurve;
use sha2::Digest;

/// Hash functions used by the signature algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hash {
    /// SHA-1 (legacy; refused unless explicitly allowed).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// Digest length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Hash::Sha1 => 20,
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// The digest of `message`.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => digest_with::<sha1::Sha1>(message),
            Hash::Sha256 => digest_with::<sha2::Sha256>(message),
            Hash::Sha384 => digest_with::<sha2::Sha384>(message),
            Hash::Sha512 => digest_with::<sha2::Sha512>(message),
        }
    }
}

/// One hash's digest, a function of its own per hash: in wasm only the hashes a call uses are
/// compiled on their first use.
///
/// The message goes in by 64 KiB: each piece is one call of the hash's block function, which
/// a wasm engine can then optimise between calls. Fed whole, a large CRL's signed part would be
/// hashed in one long unoptimised call the first time (about 2 s instead of 0.2 s for 40 MB).
#[inline(never)]
fn digest_with<D: Digest>(message: &[u8]) -> Vec<u8> {
    let mut hasher = D::new();
    for piece in message.chunks(HASH_PIECE) {
        hasher.update(piece);
    }
    hasher.finalize().to_vec()
}

/// Bytes per [`digest_with`] update.
const HASH_PIECE: usize = 64 * 1024;

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

/// Verify `signature` over `message` with the key in `spki_der` (a complete DER
/// SubjectPublicKeyInfo). SHA-1 is refused.
pub fn verify_signature(
    spki_der: &[u8],
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    verify_signature_with(spki_der, alg, message, signature, false)
}

/// As [`verify_signature`], with SHA-1 (RSA PKCS#1 v1.5 only) allowed when `allow_sha1`
/// (legacy verification only).
pub fn verify_signature_with(
    spki_der: &[u8],
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
    allow_sha1: bool,
) -> Result<(), Error> {
    check_hash_policy(alg, allow_sha1)?;
    let key = PublicKey::from_spki_der(spki_der)?;
    verify_with_key(&key, alg, message, signature, allow_sha1)
}

/// Verify `signature` over `message` with an already parsed key (parse once, verify many).
pub fn verify_with_key(
    key: &PublicKey,
    alg: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
    allow_sha1: bool,
) -> Result<(), Error> {
    check_hash_policy(alg, allow_sha1)?;
    verify_digest(key, alg, &alg.hash().digest(message), signature)
}

/// Verify `signature` given the digest of the message under `alg`'s hash (computed elsewhere,
/// e.g. by WebCrypto over a large CRL). SHA-1 is refused; a digest of the wrong length is
/// `SIGNATURE_INVALID`.
pub fn verify_prehashed(
    spki_der: &[u8],
    alg: SignatureAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_hash_policy(alg, false)?;
    if digest.len() != alg.hash().output_len() {
        return Err(Error::SignatureInvalid);
    }
    verify_digest(&PublicKey::from_spki_der(spki_der)?, alg, digest, signature)
}

fn verify_digest(
    key: &PublicKey,
    alg: SignatureAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    match (&key.inner, alg) {
        (Key::Rsa { key, .. }, SignatureAlgorithm::RsaPkcs1(hash)) => {
            rsa_verify::verify_pkcs1(key, hash, digest, signature)
        }
        (Key::Rsa { key, .. }, SignatureAlgorithm::RsaPss { hash, salt_len }) => {
            rsa_verify::verify_pss(key, hash, salt_len, digest, signature)
        }
        (Key::P256(key), SignatureAlgorithm::Ecdsa { hash, encoding }) => {
            ecdsa_verify::verify_ecdsa(NistCurve::P256, key, hash, encoding, digest, signature)
        }
        (Key::P384(key), SignatureAlgorithm::Ecdsa { hash, encoding }) => {
            ecdsa_verify::verify_ecdsa(NistCurve::P384, key, hash, encoding, digest, signature)
        }
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// SHA-1 only for PKCS#1 v1.5 and only when allowed.
fn check_hash_policy(alg: SignatureAlgorithm, allow_sha1: bool) -> Result<(), Error> {
    match alg {
        SignatureAlgorithm::RsaPkcs1(Hash::Sha1) if allow_sha1 => Ok(()),
        SignatureAlgorithm::RsaPkcs1(Hash::Sha1)
        | SignatureAlgorithm::RsaPss {
            hash: Hash::Sha1, ..
        }
        | SignatureAlgorithm::Ecdsa {
            hash: Hash::Sha1, ..
        } => Err(Error::UnsupportedAlgorithm),
        _ => Ok(()),
    }
}

impl SignatureAlgorithm {
    /// The hash the algorithm signs with.
    pub fn hash(self) -> Hash {
        match self {
            SignatureAlgorithm::RsaPkcs1(h)
            | SignatureAlgorithm::RsaPss { hash: h, .. }
            | SignatureAlgorithm::Ecdsa { hash: h, .. } => h,
        }
    }

    /// From a JOSE `alg` name (RFC 7518 §3.1, case-sensitive): RS256/384/512, PS256/384/512
    /// (salt length = digest length), ES256/ES384 (raw r‖s). Anything else, including `none`,
    /// HMAC, ES512 (P-521 is not supported) and EdDSA → `UNSUPPORTED_ALGORITHM`.
    pub fn from_jose(name: &str) -> Result<Self, Error> {
        let pss = |hash: Hash| SignatureAlgorithm::RsaPss {
            hash,
            salt_len: hash.output_len(),
        };
        let es = |hash| SignatureAlgorithm::Ecdsa {
            hash,
            encoding: EcdsaEncoding::Raw,
        };
        match name {
            "RS256" => Ok(SignatureAlgorithm::RsaPkcs1(Hash::Sha256)),
            "RS384" => Ok(SignatureAlgorithm::RsaPkcs1(Hash::Sha384)),
            "RS512" => Ok(SignatureAlgorithm::RsaPkcs1(Hash::Sha512)),
            "PS256" => Ok(pss(Hash::Sha256)),
            "PS384" => Ok(pss(Hash::Sha384)),
            "PS512" => Ok(pss(Hash::Sha512)),
            "ES256" => Ok(es(Hash::Sha256)),
            "ES384" => Ok(es(Hash::Sha384)),
            _ => Err(Error::UnsupportedAlgorithm),
        }
    }

    /// From an X.509 AlgorithmIdentifier: dotted `oid` and the DER of its parameters (tag
    /// included) when present. Rules and error codes: [`crate::pki::algorithm`].
    pub fn from_x509(oid: &str, params_der: Option<&[u8]>) -> Result<Self, Error> {
        crate::pki::algorithm::from_x509(oid, params_der)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_have_their_lengths() {
        for hash in [Hash::Sha1, Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            assert_eq!(hash.digest(b"abc").len(), hash.output_len());
        }
        // FIPS 180 test vector for "abc".
        assert_eq!(Hash::Sha256.digest(b"abc")[..4], [0xba, 0x78, 0x16, 0xbf]);
    }

    #[test]
    fn sha1_policy() {
        let pkcs1 = SignatureAlgorithm::RsaPkcs1(Hash::Sha1);
        assert_eq!(
            check_hash_policy(pkcs1, false),
            Err(Error::UnsupportedAlgorithm)
        );
        assert_eq!(check_hash_policy(pkcs1, true), Ok(()));
        let pss = SignatureAlgorithm::RsaPss {
            hash: Hash::Sha1,
            salt_len: 20,
        };
        assert_eq!(
            check_hash_policy(pss, true),
            Err(Error::UnsupportedAlgorithm)
        );
        let ec = SignatureAlgorithm::Ecdsa {
            hash: Hash::Sha1,
            encoding: EcdsaEncoding::Der,
        };
        assert_eq!(
            check_hash_policy(ec, true),
            Err(Error::UnsupportedAlgorithm)
        );
    }
}

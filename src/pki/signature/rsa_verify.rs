//! RSA signature verification: RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8), public-key
//! operations only.
//!
//! Both schemes first require the signature to be exactly as long as the modulus and, as an
//! integer, smaller than it. PKCS#1 v1.5 compares the whole encoded message, including the
//! DigestInfo, with the one exact encoding (hash AlgorithmIdentifier with NULL parameters).
//! PSS uses MGF1 with the signature's hash and the exact salt length given.

use super::Hash;
use crate::Error;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};

/// DigestInfo prefixes (everything before the digest) for each hash, with NULL parameters, as
/// listed in RFC 8017 §9.2 note 1.
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// The signature must be exactly `k` octets (the modulus length).
fn check_length(key: &rsa::PublicKey, signature: &[u8]) -> Result<(), Error> {
    if signature.len() == key.size() {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}

/// RSASSA-PKCS1-v1_5 verification of `signature` over `message`.
pub(crate) fn verify_pkcs1(
    key: &rsa::PublicKey,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_length(key, signature)?;
    let scheme = Pkcs1v15Sign {
        hash_len: Some(hash.output_len()),
        prefix: digest_info_prefix(hash).into(),
    };
    key.verify(scheme, &hash.digest(message), signature)
        .map_err(|_| Error::SignatureInvalid)
}

/// RSASSA-PSS verification (MGF1 with `hash`, salt of `salt_len` octets, trailer 0xbc).
pub(crate) fn verify_pss(
    key: &rsa::PublicKey,
    hash: Hash,
    salt_len: usize,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    check_length(key, signature)?;
    let hashed = hash.digest(message);
    let result = match hash {
        Hash::Sha1 => return Err(Error::UnsupportedAlgorithm),
        Hash::Sha256 => key.verify(
            Pss::<sha2::Sha256>::new_with_salt(salt_len),
            &hashed,
            signature,
        ),
        Hash::Sha384 => key.verify(
            Pss::<sha2::Sha384>::new_with_salt(salt_len),
            &hashed,
            signature,
        ),
        Hash::Sha512 => key.verify(
            Pss::<sha2::Sha512>::new_with_salt(salt_len),
            &hashed,
            signature,
        ),
    };
    result.map_err(|_| Error::SignatureInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_announce_the_digest_length() {
        for hash in [Hash::Sha1, Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let p = digest_info_prefix(hash);
            // Outer SEQUENCE length covers the rest of the prefix plus the digest.
            assert_eq!(usize::from(p[1]), p.len() - 2 + hash.output_len());
            assert_eq!(usize::from(p[p.len() - 1]), hash.output_len());
        }
    }
}

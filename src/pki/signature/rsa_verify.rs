//! RSA signature verification: RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8), public-key
//! operations only.
//!
//! Both schemes first require the signature to be exactly as long as the modulus and, as an
//! integer, smaller than it. PKCS#1 v1.5 compares the whole encoded message, including the
//! DigestInfo, with the one exact encoding (hash AlgorithmIdentifier with NULL parameters).
//! PSS uses MGF1 with the signature's hash and the exact salt length given.

use super::rsa_public::RsaPublicKey;
use super::Hash;
use crate::Error;

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

/// RSASSA-PKCS1-v1_5 verification of `signature` over the message whose `hash` is `digest`
/// (RFC 8017 §8.2.2): the recovered encoded message must equal `0x00 0x01 FF…FF 0x00
/// DigestInfo` octet for octet.
pub(crate) fn verify_pkcs1(
    key: &RsaPublicKey,
    hash: Hash,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let em = key.public_op(signature)?;
    let expected = pkcs1_encoding(hash, digest, key.size())?;
    if em == expected {
        Ok(())
    } else {
        Err(Error::SignatureInvalid)
    }
}

/// EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2) of `digest` into `em_len` octets.
fn pkcs1_encoding(hash: Hash, digest: &[u8], em_len: usize) -> Result<Vec<u8>, Error> {
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len().saturating_add(digest.len());
    // At least eight 0xff padding octets: em_len ≥ t_len + 11.
    let pad_len = em_len
        .checked_sub(t_len)
        .and_then(|rest| rest.checked_sub(3))
        .filter(|&pad| pad >= 8)
        .ok_or(Error::SignatureInvalid)?;
    let mut em = Vec::with_capacity(em_len);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(2 + pad_len, 0xff);
    em.push(0x00);
    em.extend_from_slice(prefix);
    em.extend_from_slice(digest);
    Ok(em)
}

/// RSASSA-PSS verification (RFC 8017 §8.1.2 and §9.1.2: MGF1 with `hash`, salt of exactly
/// `salt_len` octets, trailer 0xbc) against `m_hash`, the message's digest.
#[inline(never)]
pub(crate) fn verify_pss(
    key: &RsaPublicKey,
    hash: Hash,
    salt_len: usize,
    m_hash: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    if hash == Hash::Sha1 {
        return Err(Error::UnsupportedAlgorithm);
    }
    let em = key.public_op(signature)?;
    let em_bits = key.bits().saturating_sub(1);
    // emLen = ⌈emBits/8⌉; when that is one octet short of the modulus, the top octet is 0.
    let em_len = em_bits.div_ceil(8);
    let skip = em.len().saturating_sub(em_len);
    let (head, em) = em.split_at(skip);
    if head.iter().any(|&b| b != 0) {
        return Err(Error::SignatureInvalid);
    }
    pss_decode(hash, salt_len, m_hash, em, em_bits)
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of `em` (emLen octets) against `m_hash`.
fn pss_decode(
    hash: Hash,
    salt_len: usize,
    m_hash: &[u8],
    em: &[u8],
    em_bits: usize,
) -> Result<(), Error> {
    let invalid = Error::SignatureInvalid;
    let h_len = hash.output_len();
    let db_len = em
        .len()
        .checked_sub(h_len)
        .and_then(|n| n.checked_sub(1))
        .ok_or(Error::SignatureInvalid)?;
    if db_len < salt_len.saturating_add(1) {
        return Err(invalid);
    }
    let (masked_db, rest) = em.split_at(db_len);
    let (h, trailer) = rest.split_at(h_len.min(rest.len()));
    if trailer != [0xbc] {
        return Err(invalid);
    }
    // The top 8·emLen − emBits bits of maskedDB must be zero.
    let unused = em.len().saturating_mul(8).saturating_sub(em_bits);
    let top_mask = 0xffu8.checked_shr(unused as u32).unwrap_or(0);
    if masked_db.first().is_some_and(|&b| b & !top_mask != 0) {
        return Err(invalid);
    }
    let mut db = mgf1(hash, h, db_len);
    for (d, &m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // DB = PS (zeros) ‖ 0x01 ‖ salt
    let ps_len = db_len.saturating_sub(salt_len).saturating_sub(1);
    let (ps, rest) = db.split_at(ps_len);
    let (one, salt) = rest.split_at(1);
    if ps.iter().any(|&b| b != 0) || one != [0x01] {
        return Err(invalid);
    }
    let mut m_prime = Vec::with_capacity(8 + m_hash.len() + salt.len());
    m_prime.extend_from_slice(&[0u8; 8]);
    m_prime.extend_from_slice(m_hash);
    m_prime.extend_from_slice(salt);
    if hash.digest(&m_prime) == h {
        Ok(())
    } else {
        Err(invalid)
    }
}

/// MGF1 (RFC 8017 §B.2.1) with `hash`: `len` octets from `seed`.
fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len.saturating_add(hash.output_len()));
    let mut input = seed.to_vec();
    input.extend_from_slice(&[0u8; 4]);
    let mut counter: u32 = 0;
    // Bounded: len is below the modulus length (≤ 1024 octets), so at most 52 rounds.
    while out.len() < len {
        if let Some(tail) = input.len().checked_sub(4).and_then(|i| input.get_mut(i..)) {
            tail.copy_from_slice(&counter.to_be_bytes());
        }
        out.extend_from_slice(&hash.digest(&input));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
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

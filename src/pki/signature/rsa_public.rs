//! A verify-only RSA public key: `s^e mod n` in variable time (every input of a verification
//! is public), with Montgomery multiplication over 32-bit limbs (WebAssembly multiplies
//! 64-bit integers natively but has no 64×64→128 product, so 32-bit limbs are the fast choice
//! there and cost little natively).
//!
//! Limbs are little-endian (`limbs[0]` is the least significant). Every vector of one key has
//! exactly `n.len()` limbs, so the zipped loops below never see slices of different lengths.
//!
//! Key constraints (checked by [`RsaPublicKey::new`], as [`crate::pki::spki`] documents): the
//! modulus is odd and 2048..=8192 bits; the exponent is odd and 3..=2^33 − 1. The signature must
//! be exactly as long as the modulus and, as an integer, smaller than it.

use super::montgomery::{less_than, limbs_from_be, limbs_to_be, mont_mul, neg_inverse, r_squared};
use crate::pki::spki::{RSA_MAX_BITS, RSA_MIN_BITS};
use crate::Error;
use std::sync::Mutex;

/// Largest accepted public exponent (the RSA-DoS bound).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key ready for `s^e mod n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RsaPublicKey {
    /// The modulus, little-endian limbs, top limb non-zero.
    n: Vec<u32>,
    /// −n⁻¹ mod 2^32 (Montgomery reduction constant).
    n0_inv: u32,
    /// R² mod n with R = 2^(32·limbs), to enter the Montgomery domain.
    r2: Vec<u32>,
    /// The public exponent.
    e: u64,
    /// The modulus length in octets (the signature length).
    size: usize,
    /// The modulus length in bits.
    bits: usize,
}

impl RsaPublicKey {
    /// A key from the big-endian modulus magnitude (no leading zero octets) and the exponent.
    pub(crate) fn new(modulus: &[u8], e: u64) -> Result<Self, Error> {
        if modulus.first().is_none_or(|&b| b == 0) {
            return Err(Error::KeyInvalid);
        }
        let bits = bit_length(modulus);
        let odd = modulus.last().is_some_and(|b| b & 1 == 1);
        if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) || !odd {
            return Err(Error::KeyInvalid);
        }
        if e < 3 || e & 1 == 0 || e > MAX_EXPONENT {
            return Err(Error::KeyInvalid);
        }
        let n = limbs_from_be(modulus, limb_count(modulus.len()));
        let n0 = n.first().copied().ok_or(Error::KeyInvalid)?;
        let n0_inv = neg_inverse(n0);
        let r2 = cached_r_squared(&n, n0_inv, bits);
        Ok(RsaPublicKey {
            n,
            n0_inv,
            r2,
            e,
            size: modulus.len(),
            bits,
        })
    }

    /// The modulus length in octets.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// The modulus length in bits.
    pub(crate) fn bits(&self) -> usize {
        self.bits
    }

    /// RSAVP1 (RFC 8017 §5.2.2): `signature^e mod n` as `size()` big-endian octets. The
    /// signature must be exactly `size()` octets and smaller than the modulus.
    pub(crate) fn public_op(&self, signature: &[u8]) -> Result<Vec<u8>, Error> {
        if signature.len() != self.size {
            return Err(Error::SignatureInvalid);
        }
        let s = limbs_from_be(signature, self.n.len());
        if !less_than(&s, &self.n) {
            return Err(Error::SignatureInvalid);
        }
        let m = self.pow_e(&s);
        Ok(limbs_to_be(&m, self.size))
    }

    /// `s^e mod n` for `s < n`: left-to-right square-and-multiply in the Montgomery domain
    /// over all but the lowest exponent bit; the last multiplication (e is odd) by plain `s`
    /// leaves the domain at the same time.
    fn pow_e(&self, s: &[u32]) -> Vec<u32> {
        let len = self.n.len();
        let mut scratch = vec![0u32; 2 * len];
        let mut s_mont = vec![0u32; len];
        self.mont_mul(s, &self.r2, &mut s_mont, &mut scratch);
        let mut acc = s_mont.clone();
        let mut tmp = vec![0u32; len];
        let high = self.e >> 1; // ≥ 1 because e ≥ 3
        let top = 63 - high.leading_zeros();
        for bit in (0..top).rev() {
            self.mont_mul(&acc, &acc, &mut tmp, &mut scratch);
            std::mem::swap(&mut acc, &mut tmp);
            if (high >> bit) & 1 == 1 {
                self.mont_mul(&acc, &s_mont, &mut tmp, &mut scratch);
                std::mem::swap(&mut acc, &mut tmp);
            }
        }
        // acc = Mont(s^(e>>1)); square, then multiply by plain s: s^e with no R factor left.
        self.mont_mul(&acc, &acc, &mut tmp, &mut scratch);
        self.mont_mul(&tmp, s, &mut acc, &mut scratch);
        acc
    }

    /// `out = a·b·R⁻¹ mod n` (CIOS Montgomery multiplication) for `a, b < n`; `out < n`.
    /// `scratch` has `2·len` limbs.
    fn mont_mul(&self, a: &[u32], b: &[u32], out: &mut [u32], scratch: &mut [u32]) {
        mont_mul(&self.n, self.n0_inv, a, b, out, scratch);
    }
}

/// How many recent moduli keep their R² (trust anchors and CA keys verify over and over; one
/// entry per distinct key, oldest dropped first).
const R2_CACHE_ENTRIES: usize = 8;

/// Recently computed (modulus, R² mod n) pairs.
static R2_CACHE: Mutex<Vec<(Vec<u32>, Vec<u32>)>> = Mutex::new(Vec::new());

/// R² mod n from the small cache of recent moduli, computed (and remembered) on a miss. A
/// poisoned lock only disables the cache.
fn cached_r_squared(n: &[u32], n0_inv: u32, bits: usize) -> Vec<u32> {
    if let Ok(cache) = R2_CACHE.lock() {
        if let Some((_, r2)) = cache.iter().find(|(m, _)| m.as_slice() == n) {
            return r2.clone();
        }
    }
    let r2 = r_squared(n, n0_inv, bits);
    if let Ok(mut cache) = R2_CACHE.lock() {
        if cache.len() >= R2_CACHE_ENTRIES {
            cache.remove(0);
        }
        cache.push((n.to_vec(), r2.clone()));
    }
    r2
}

/// Limbs needed for `octets` octets.
fn limb_count(octets: usize) -> usize {
    octets.div_ceil(4)
}

/// Bit length of a big-endian magnitude without leading zero octets.
fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        None => 0,
        Some(&first) => magnitude
            .len()
            .saturating_sub(1)
            .saturating_mul(8)
            .saturating_add(8usize.saturating_sub(first.leading_zeros() as usize)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::montgomery::tests::modulus;
    use super::*;

    #[test]
    fn the_cache_returns_what_was_computed() {
        let n = limbs_from_be(&modulus(), 64);
        let inv = neg_inverse(n[0]);
        let first = cached_r_squared(&n, inv, 2048);
        assert_eq!(first, r_squared(&n, inv, 2048));
        assert_eq!(cached_r_squared(&n, inv, 2048), first);
        // A different modulus gets its own value, not the cached one.
        let mut other = modulus();
        other[255] = 0x3b;
        let m = limbs_from_be(&other, 64);
        let m_inv = neg_inverse(m[0]);
        assert_eq!(
            cached_r_squared(&m, m_inv, 2048),
            r_squared(&m, m_inv, 2048)
        );
        assert_ne!(cached_r_squared(&m, m_inv, 2048), first);
    }

    #[test]
    fn small_power_by_hand() {
        // 2^3 mod n with e = 3 is 8.
        let key = RsaPublicKey::new(&modulus(), 3).unwrap();
        let mut two = vec![0u8; 256];
        two[255] = 2;
        let out = key.public_op(&two).unwrap();
        let mut eight = vec![0u8; 256];
        eight[255] = 8;
        assert_eq!(out, eight);
        // (n − 1)^3 = −1 mod n.
        let mut minus_one = modulus();
        minus_one[255] -= 1;
        assert_eq!(key.public_op(&minus_one).unwrap(), minus_one);
    }

    #[test]
    fn signature_shape_is_checked() {
        let key = RsaPublicKey::new(&modulus(), 65537).unwrap();
        assert_eq!(key.public_op(&[1u8; 255]), Err(Error::SignatureInvalid));
        assert_eq!(key.public_op(&modulus()), Err(Error::SignatureInvalid));
        assert_eq!(key.public_op(&[0xff; 256]), Err(Error::SignatureInvalid));
    }

    #[test]
    fn key_constraints() {
        let n = modulus();
        assert!(RsaPublicKey::new(&n, 1).is_err());
        assert!(RsaPublicKey::new(&n, 65536).is_err());
        assert!(RsaPublicKey::new(&n, 1 << 33).is_err());
        assert!(RsaPublicKey::new(&n, (1 << 33) - 1).is_ok());
        assert!(RsaPublicKey::new(&n[1..], 3).is_err()); // 2040 bits
        let mut even = n.clone();
        even[255] = 0x38;
        assert!(RsaPublicKey::new(&even, 3).is_err());
        let mut zero_led = vec![0u8];
        zero_led.extend(&n);
        assert!(RsaPublicKey::new(&zero_led, 3).is_err());
        assert_eq!(RsaPublicKey::new(&n, 3).unwrap().bits(), 2048);
    }
}

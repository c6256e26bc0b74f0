//! Montgomery arithmetic over little-endian 32-bit limbs for an odd modulus, in variable time
//! (verification handles public values only): the multiplication, R² mod m to enter the
//! domain, and limb conversions. Shared by RSA (`rsa_public`) and the NIST curves (`ec_curve`).
//!
//! WebAssembly multiplies 64-bit integers natively but has no 64×64→128 product, so 32-bit
//! limbs are the fast choice there and cost little natively. Every vector of one modulus has
//! exactly as many limbs as the modulus, so the zipped loops never see slices of different
//! lengths.

/// Montgomery multiplication `out = a·b·R⁻¹ mod n`, for `a, b < n` and `n` odd; `a`, `b`,
/// `out` have `n.len()` limbs, `scratch` `2·n.len()`. One fused pass per limb of `a` adds
/// `a_i·b + m·n` (two carry chains, so no sum overflows 64 bits) and shifts down one limb.
pub(super) fn mont_mul(
    n: &[u32],
    n0_inv: u32,
    a: &[u32],
    b: &[u32],
    out: &mut [u32],
    scratch: &mut [u32],
) {
    let len = n.len();
    // Every slice cut to `len` up front, so the indexed loop below needs no bounds checks and
    // no per-row iterator set-up (a zip of four slices cost four out-of-line length calls per
    // row in the wasm build).
    let b = &b[..len];
    let (t, u) = scratch.split_at_mut(len);
    let (mut t, mut u) = (&mut t[..len], &mut u[..len]);
    t.fill(0);
    let b0 = u64::from(b.first().copied().unwrap_or(0));
    let n0 = u64::from(n.first().copied().unwrap_or(0));
    let mut t_hi: u64 = 0; // the limb above t (0 or 1)
    for &ai in a {
        let ai = u64::from(ai);
        let s1 = u64::from(t.first().copied().unwrap_or(0)) + ai * b0;
        let mut c1 = s1 >> 32;
        let low = s1 & 0xffff_ffff;
        let m = u64::from((low as u32).wrapping_mul(n0_inv));
        let mut c2 = (low + m * n0) >> 32;
        for j in 1..len {
            let s1 = u64::from(t[j]) + ai * u64::from(b[j]) + c1;
            c1 = s1 >> 32;
            let s2 = (s1 & 0xffff_ffff) + m * u64::from(n[j]) + c2;
            c2 = s2 >> 32;
            u[j - 1] = s2 as u32;
        }
        let top = t_hi + c1 + c2;
        if let Some(last) = u.last_mut() {
            *last = top as u32;
        }
        t_hi = top >> 32;
        std::mem::swap(&mut t, &mut u);
    }
    // t < 2n: subtract n once when t ≥ n (t_hi is the limb above t).
    if t_hi != 0 || !less_than(t, n) {
        sub_in_place(t, n);
    }
    out.copy_from_slice(t);
}

/// `a < b` for equal-length little-endian limbs.
pub(super) fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` modulo 2^(32·len) (the borrow out is dropped: callers know `a ≥ b` or that the
/// dropped top limb absorbs it).
pub(super) fn sub_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
}

/// `a = 2a mod n` for `a < n`.
pub(super) fn double_mod(a: &mut [u32], n: &[u32]) {
    let mut carry = 0u32;
    for x in a.iter_mut() {
        let next = *x >> 31;
        *x = (*x << 1) | carry;
        carry = next;
    }
    if carry != 0 || !less_than(a, n) {
        sub_in_place(a, n);
    }
}

/// R² mod n, R = 2^(32·len): start from 2^(bits−1) (< n), double up to the Montgomery form of
/// 2^h for the top six bits h of 32·len, then square (and double) down the remaining bits.
pub(super) fn r_squared(n: &[u32], n0_inv: u32, bits: usize) -> Vec<u32> {
    let len = n.len();
    let exponent = len.saturating_mul(32); // R = 2^exponent; we want Mont(2^exponent)
    let mut a = vec![0u32; len];
    let top_bit = bits.saturating_sub(1);
    if let Some(limb) = a.get_mut(top_bit / 32) {
        *limb = 1 << (top_bit % 32);
    }
    // a = 2^(bits−1); doubling it (exponent − bits + 1) times gives R mod n = Mont(1).
    let to_r = exponent.saturating_sub(top_bit);
    let exp_bits = usize::BITS - exponent.leading_zeros();
    let shift = exp_bits.saturating_sub(6);
    let head = exponent >> shift; // the top (≤ 6) bits of the exponent
    for _ in 0..to_r.saturating_add(head) {
        double_mod(&mut a, n);
    }
    let mut scratch = vec![0u32; 2 * len];
    let mut tmp = vec![0u32; len];
    for bit in (0..shift).rev() {
        mont_mul(n, n0_inv, &a, &a, &mut tmp, &mut scratch);
        std::mem::swap(&mut a, &mut tmp);
        if (exponent >> bit) & 1 == 1 {
            double_mod(&mut a, n);
        }
    }
    a
}

/// −n0⁻¹ mod 2^32 for odd `n0` (Newton iteration; each step doubles the correct bits).
pub(super) fn neg_inverse(n0: u32) -> u32 {
    let mut inv = n0; // correct to 3 bits for odd n0
    for _ in 0..5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// Big-endian octets → `len` little-endian limbs (octets beyond `4·len` are ignored; callers
/// pass at most that many).
pub(super) fn limbs_from_be(bytes: &[u8], len: usize) -> Vec<u32> {
    let mut limbs = vec![0u32; len];
    for (i, &byte) in bytes.iter().rev().enumerate() {
        if let Some(limb) = limbs.get_mut(i / 4) {
            *limb |= u32::from(byte) << (8 * (i % 4));
        }
    }
    limbs
}

/// Little-endian limbs → exactly `size` big-endian octets (higher octets dropped: the value
/// is below the modulus, which fits in `size` octets).
pub(super) fn limbs_to_be(limbs: &[u32], size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        if let Some(limb) = limbs.get(i / 4) {
            *byte = (limb >> (8 * (i % 4))) as u8;
        }
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A 2048-bit odd modulus: 2^2047 + 2^1000 + 12345 (not an RSA modulus; fine for
    /// arithmetic checks).
    pub(in crate::pki::signature) fn modulus() -> Vec<u8> {
        let mut n = vec![0u8; 256];
        n[0] = 0x80;
        n[256 - 1 - 125] = 0x01; // 2^1000
        n[254] = 0x30;
        n[255] = 0x39;
        n
    }

    #[test]
    fn neg_inverse_is_the_montgomery_constant() {
        for n0 in [1u32, 3, 0x3039, 0xffff_ffff, 0x8000_0001] {
            assert_eq!(n0.wrapping_mul(neg_inverse(n0)), u32::MAX);
        }
    }

    #[test]
    fn r_squared_matches_repeated_doubling() {
        let n_be = modulus();
        let n = limbs_from_be(&n_be, 64);
        let mut slow = vec![0u32; 64];
        slow[0] = 1;
        for _ in 0..(2 * 2048) {
            double_mod(&mut slow, &n);
        }
        assert_eq!(r_squared(&n, neg_inverse(n[0]), 2048), slow);
    }
}

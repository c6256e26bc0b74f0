//! ECDSA verification on NIST P-256 and P-384 (FIPS 186-5 §6.4.2, SEC 1 §4.1.4), in variable
//! time: every input of a verification (key, digest, signature) is public.
//!
//! Field and scalar arithmetic are Montgomery multiplications over 32-bit limbs
//! ([`super::montgomery`]); points are in Jacobian coordinates with the `a = −3` doubling; the
//! two scalar multiplications share one double-and-add pass (Shamir's trick). The final check
//! compares `x(R)` with `r` without an inversion: `X = r·Z²` or `X = (r + n)·Z²` (mod p).

use super::montgomery::{less_than, limbs_from_be, mont_mul, neg_inverse, r_squared, sub_in_place};
use std::sync::OnceLock;

/// Most limbs of any supported field (P-384: 12 × 32 bits).
const MAX_LIMBS: usize = 12;
type Limbs = [u32; MAX_LIMBS];

/// One of the two supported curves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NistCurve {
    P256,
    P384,
}

/// Arithmetic modulo an odd prime, on `len` limbs, values in Montgomery form.
#[derive(Debug)]
struct Modulus {
    m: Limbs,
    len: usize,
    inv: u32,
    /// R² mod m.
    r2: Limbs,
    /// Mont(1) = R mod m.
    one: Limbs,
}

impl Modulus {
    fn new(be: &[u8]) -> Self {
        let len = be.len() / 4;
        let mut m = [0u32; MAX_LIMBS];
        m[..len].copy_from_slice(&limbs_from_be(be, len));
        let inv = neg_inverse(m[0]);
        let mut r2 = [0u32; MAX_LIMBS];
        r2[..len].copy_from_slice(&r_squared(&m[..len], inv, be.len() * 8));
        let mut modulus = Modulus {
            m,
            len,
            inv,
            r2,
            one: [0; MAX_LIMBS],
        };
        let mut one = [0u32; MAX_LIMBS];
        one[0] = 1;
        modulus.one = modulus.to_mont(&one);
        modulus
    }

    fn mul(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let len = self.len;
        let mut out = [0u32; MAX_LIMBS];
        let mut scratch = [0u32; 2 * MAX_LIMBS];
        mont_mul(
            &self.m[..len],
            self.inv,
            &a[..len],
            &b[..len],
            &mut out[..len],
            &mut scratch[..2 * len],
        );
        out
    }

    fn sqr(&self, a: &Limbs) -> Limbs {
        self.mul(a, a)
    }

    fn to_mont(&self, a: &Limbs) -> Limbs {
        self.mul(a, &self.r2)
    }

    fn add(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let len = self.len;
        let (mut out, carry) = add_limbs(a, b, len);
        if carry || !less_than(&out[..len], &self.m[..len]) {
            sub_in_place(&mut out[..len], &self.m[..len]);
        }
        out
    }

    fn sub(&self, a: &Limbs, b: &Limbs) -> Limbs {
        let len = self.len;
        let mut out = *a;
        if less_than(&a[..len], &b[..len]) {
            // a + m − b: add m first (the carry out cancels the borrow below).
            out = add_limbs(a, &self.m, len).0;
        }
        sub_in_place(&mut out[..len], &b[..len]);
        out
    }

    /// `a^e` for a Montgomery-form `a` and a plain exponent (limbs); Montgomery form out.
    fn pow(&self, a: &Limbs, e: &Limbs) -> Limbs {
        let mut acc = self.one;
        for bit in (0..self.len * 32).rev() {
            acc = self.sqr(&acc);
            if (e[bit / 32] >> (bit % 32)) & 1 == 1 {
                acc = self.mul(&acc, a);
            }
        }
        acc
    }

    fn is_zero(&self, a: &Limbs) -> bool {
        a[..self.len].iter().all(|&l| l == 0)
    }

    /// A plain big-endian value of exactly `4·len` octets, when it is below the modulus.
    fn read_be(&self, be: &[u8]) -> Option<Limbs> {
        if be.len() != self.len * 4 {
            return None;
        }
        let mut out = [0u32; MAX_LIMBS];
        out[..self.len].copy_from_slice(&limbs_from_be(be, self.len));
        less_than(&out[..self.len], &self.m[..self.len]).then_some(out)
    }
}

/// `a + b` over the low `len` limbs, and whether a carry left the top one.
fn add_limbs(a: &Limbs, b: &Limbs, len: usize) -> (Limbs, bool) {
    let mut out = [0u32; MAX_LIMBS];
    let mut carry = 0u64;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b).take(len) {
        let sum = u64::from(x) + u64::from(y) + carry;
        *o = sum as u32;
        carry = sum >> 32;
    }
    (out, carry != 0)
}

/// A point in Jacobian coordinates (Montgomery form); `z = 0` is the point at infinity.
#[derive(Clone, Copy, Debug)]
struct Point {
    x: Limbs,
    y: Limbs,
    z: Limbs,
}

/// The constants of one curve `y² = x³ − 3x + b` over GF(p) with a base point of prime order n.
#[derive(Debug)]
pub(crate) struct Curve {
    p: Modulus,
    n: Modulus,
    b: Limbs,
    g: Point,
    /// n − 2, the exponent of the inverse mod n.
    n_minus_2: Limbs,
    /// Field size in octets.
    bytes: usize,
}

const P256_P: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P256_B: &str = "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b";
const P256_GX: &str = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
const P256_GY: &str = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
const P384_P: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";
const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
const P384_B: &str = "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef";
const P384_GX: &str = "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7";
const P384_GY: &str = "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| text.get(2 * i..2 * i + 2))
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect()
}

impl Curve {
    /// The curve's constants, computed once per process.
    pub(crate) fn get(which: NistCurve) -> &'static Curve {
        static P256: OnceLock<Curve> = OnceLock::new();
        static P384: OnceLock<Curve> = OnceLock::new();
        match which {
            NistCurve::P256 => {
                P256.get_or_init(|| Curve::new([P256_P, P256_N, P256_B, P256_GX, P256_GY]))
            }
            NistCurve::P384 => {
                P384.get_or_init(|| Curve::new([P384_P, P384_N, P384_B, P384_GX, P384_GY]))
            }
        }
    }

    fn new([p, n, b, gx, gy]: [&str; 5]) -> Curve {
        let (p, n) = (Modulus::new(&hex(p)), Modulus::new(&hex(n)));
        let plain = |text: &str| p.read_be(&hex(text)).unwrap_or([0; MAX_LIMBS]);
        let g = Point {
            x: p.to_mont(&plain(gx)),
            y: p.to_mont(&plain(gy)),
            z: p.one,
        };
        let b = p.to_mont(&plain(b));
        let mut n_minus_2 = n.m;
        let mut two = [0u32; MAX_LIMBS];
        two[0] = 2;
        sub_in_place(&mut n_minus_2[..n.len], &two[..n.len]);
        let bytes = p.len * 4;
        Curve {
            p,
            n,
            b,
            g,
            n_minus_2,
            bytes,
        }
    }

    /// Field size in octets (the width of each coordinate and of r and s).
    pub(crate) fn width(&self) -> usize {
        self.bytes
    }

    /// An uncompressed SEC1 point `04 ‖ x ‖ y` on the curve (not the point at infinity, which
    /// has no such encoding), as an affine pair in Montgomery form.
    pub(crate) fn public_key(&self, sec1: &[u8]) -> Option<EcPoint> {
        let (&tag, coords) = sec1.split_first()?;
        if tag != 0x04 || coords.len() != 2 * self.bytes {
            return None;
        }
        let (x, y) = coords.split_at(self.bytes);
        let x = self.p.to_mont(&self.p.read_be(x)?);
        let y = self.p.to_mont(&self.p.read_be(y)?);
        let f = &self.p;
        // y² = x³ − 3x + b
        let x3 = f.mul(&f.sqr(&x), &x);
        let three_x = f.add(&f.add(&x, &x), &x);
        let rhs = f.add(&f.sub(&x3, &three_x), &self.b);
        (f.sqr(&y) == rhs).then_some(EcPoint { x, y })
    }

    /// Verify `(r, s)` (big-endian, each exactly [`Curve::width`] octets) over `digest` with
    /// the public key `q`.
    pub(crate) fn verify(&self, q: &EcPoint, digest: &[u8], r: &[u8], s: &[u8]) -> bool {
        let n = &self.n;
        let (Some(r), Some(s)) = (n.read_be(r), n.read_be(s)) else {
            return false;
        };
        if n.is_zero(&r) || n.is_zero(&s) || digest.len() * 2 < self.bytes {
            return false;
        }
        let e = self.digest_scalar(digest);
        // w = s⁻¹ (Montgomery form); u1 = e·w, u2 = r·w as plain values.
        let w = n.pow(&n.to_mont(&s), &self.n_minus_2);
        let u1 = n.mul(&e, &w);
        let u2 = n.mul(&r, &w);
        let q = Point {
            x: q.x,
            y: q.y,
            z: self.p.one,
        };
        let sum = self.shamir(&u1, &u2, &q);
        if self.p.is_zero(&sum.z) {
            return false;
        }
        self.x_matches(&sum, &r)
    }

    /// The leftmost field-size bits of the digest as an integer, reduced mod n.
    fn digest_scalar(&self, digest: &[u8]) -> Limbs {
        let take = digest.len().min(self.bytes);
        let mut padded = vec![0u8; self.bytes];
        padded[self.bytes - take..].copy_from_slice(&digest[..take]);
        let mut e = [0u32; MAX_LIMBS];
        let len = self.n.len;
        e[..len].copy_from_slice(&limbs_from_be(&padded, len));
        // e < 2^(8·bytes) < 2n: at most one subtraction.
        if !less_than(&e[..len], &self.n.m[..len]) {
            sub_in_place(&mut e[..len], &self.n.m[..len]);
        }
        e
    }

    /// `X / Z²` (mod p) equals `r` or `r + n` (the x-coordinate reduced mod n is r).
    fn x_matches(&self, point: &Point, r: &Limbs) -> bool {
        let f = &self.p;
        let zz = f.sqr(&point.z);
        if f.mul(&f.to_mont(r), &zz) == point.x {
            return true;
        }
        // r + n < p can happen (n < p for both curves): try x = r + n.
        let len = f.len;
        let (r_plus_n, carry) = add_limbs(r, &self.n.m, len);
        !carry
            && less_than(&r_plus_n[..len], &f.m[..len])
            && f.mul(&f.to_mont(&r_plus_n), &zz) == point.x
    }

    /// `u1·G + u2·Q` in one double-and-add pass.
    fn shamir(&self, u1: &Limbs, u2: &Limbs, q: &Point) -> Point {
        let both = self.add(&self.g, q);
        let mut acc = Point {
            x: self.p.one,
            y: self.p.one,
            z: [0; MAX_LIMBS],
        };
        for bit in (0..self.n.len * 32).rev() {
            acc = self.double(&acc);
            let pick = |k: &Limbs| (k[bit / 32] >> (bit % 32)) & 1 == 1;
            match (pick(u1), pick(u2)) {
                (true, true) => acc = self.add(&acc, &both),
                (true, false) => acc = self.add(&acc, &self.g),
                (false, true) => acc = self.add(&acc, q),
                (false, false) => {}
            }
        }
        acc
    }

    /// 2P ("dbl-2001-b", a = −3).
    fn double(&self, pt: &Point) -> Point {
        let f = &self.p;
        if f.is_zero(&pt.z) || f.is_zero(&pt.y) {
            return Point {
                z: [0; MAX_LIMBS],
                ..*pt
            };
        }
        let delta = f.sqr(&pt.z);
        let gamma = f.sqr(&pt.y);
        let beta = f.mul(&pt.x, &gamma);
        let t = f.mul(&f.sub(&pt.x, &delta), &f.add(&pt.x, &delta));
        let alpha = f.add(&f.add(&t, &t), &t);
        let beta2 = f.add(&beta, &beta);
        let beta4 = f.add(&beta2, &beta2);
        let beta8 = f.add(&beta4, &beta4);
        let x3 = f.sub(&f.sqr(&alpha), &beta8);
        let yz = f.add(&pt.y, &pt.z);
        let z3 = f.sub(&f.sub(&f.sqr(&yz), &gamma), &delta);
        let gamma2 = f.sqr(&gamma);
        let g2 = f.add(&gamma2, &gamma2);
        let g4 = f.add(&g2, &g2);
        let g8 = f.add(&g4, &g4);
        let y3 = f.sub(&f.mul(&alpha, &f.sub(&beta4, &x3)), &g8);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q ("add-1998-cmo-2"), with the doubling and inverse cases.
    fn add(&self, a: &Point, b: &Point) -> Point {
        let f = &self.p;
        if f.is_zero(&a.z) {
            return *b;
        }
        if f.is_zero(&b.z) {
            return *a;
        }
        let z1z1 = f.sqr(&a.z);
        let z2z2 = f.sqr(&b.z);
        let u1 = f.mul(&a.x, &z2z2);
        let u2 = f.mul(&b.x, &z1z1);
        let s1 = f.mul(&f.mul(&a.y, &b.z), &z2z2);
        let s2 = f.mul(&f.mul(&b.y, &a.z), &z1z1);
        let h = f.sub(&u2, &u1);
        let r = f.sub(&s2, &s1);
        if f.is_zero(&h) {
            return if f.is_zero(&r) {
                self.double(a)
            } else {
                Point {
                    z: [0; MAX_LIMBS],
                    ..*a
                }
            };
        }
        let hh = f.sqr(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&u1, &hh);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &hhh), &f.add(&v, &v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.mul(&s1, &hhh));
        let z3 = f.mul(&f.mul(&a.z, &b.z), &h);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }
}

/// A validated public key: an affine point on the curve, Montgomery form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EcPoint {
    x: Limbs,
    y: Limbs,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generators_are_on_their_curves_and_have_order_n() {
        for which in [NistCurve::P256, NistCurve::P384] {
            let c = Curve::get(which);
            // n·G = ∞, (n − 1)·G = −G: one Shamir pass with u2 = 0.
            let zero = [0u32; MAX_LIMBS];
            let at_n = c.shamir(&c.n.m, &zero, &c.g);
            assert!(c.p.is_zero(&at_n.z), "{which:?}: n·G is not infinity");
            let mut n_minus_1 = c.n.m;
            n_minus_1[0] -= 1;
            let minus_g = c.shamir(&n_minus_1, &zero, &c.g);
            let sum = c.add(&minus_g, &c.g);
            assert!(c.p.is_zero(&sum.z));
            // G satisfies the curve equation (through the public-key check).
            let f = &c.p;
            let one = [1u32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
            let plain = |v: &Limbs| f.mul(v, &one);
            let mut sec1 = vec![4u8];
            for coord in [plain(&c.g.x), plain(&c.g.y)] {
                for limb in coord[..f.len].iter().rev() {
                    sec1.extend(limb.to_be_bytes());
                }
            }
            assert!(c.public_key(&sec1).is_some());
            sec1[5] ^= 1;
            assert!(c.public_key(&sec1).is_none());
        }
    }
}

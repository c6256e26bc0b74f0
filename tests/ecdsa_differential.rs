//! Differential tests of the verifier's own ECDSA (P-256, P-384; `pki::signature::ec_curve`)
//! against the RustCrypto `p256` / `p384` crates: seeded keys, messages signed by the crates
//! (RFC 6979) under every hash the verifier accepts, in DER and in raw encoding, checked by both
//! implementations; the high-S twin of each signature (both accept it); then mutated
//! signatures, messages and keys, where both must agree (reject).

use myna_verify::pki::signature::{verify_signature, EcdsaEncoding, Hash, SignatureAlgorithm};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

const KEYS_PER_CURVE: u64 = 12;
const MESSAGES_PER_KEY: usize = 6;

/// P-256 and P-384 group orders (big-endian), for the high-S twins.
const N256: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const N384: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// `a − b` for equal-length big-endian magnitudes with `a ≥ b`.
fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = d.rem_euclid(256) as u8;
    }
    out
}

/// DER SubjectPublicKeyInfo of an uncompressed point on the curve named by `curve_oid`.
fn spki(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
    let tlv = |tag: u8, body: &[u8]| {
        let mut v = vec![tag];
        if body.len() < 128 {
            v.push(body.len() as u8);
        } else {
            v.extend([0x81, body.len() as u8]);
        }
        v.extend_from_slice(body);
        v
    };
    let ec_public_key = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let alg = tlv(
        0x30,
        &[tlv(0x06, &ec_public_key), tlv(0x06, curve_oid)].concat(),
    );
    let bits = tlv(0x03, &[&[0u8][..], point].concat());
    tlv(0x30, &[alg, bits].concat())
}

/// One signed case: the key, the message, the hash, and both encodings of (r, s).
struct Case {
    spki: Vec<u8>,
    message: Vec<u8>,
    hash: Hash,
    raw: Vec<u8>,
    der: Vec<u8>,
    /// The crate's own verdict for a (possibly mutated) case.
    theirs: bool,
}

fn ours(c: &Case, encoding: EcdsaEncoding, sig: &[u8]) -> bool {
    let alg = SignatureAlgorithm::Ecdsa {
        hash: c.hash,
        encoding,
    };
    verify_signature(&c.spki, alg, &c.message, sig).is_ok()
}

/// DER `SEQUENCE { r, s }` from fixed-width halves.
fn der_of(raw: &[u8]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let v = &v[v.iter().position(|&b| b != 0).unwrap_or(v.len() - 1)..];
        let mut body = if v[0] & 0x80 != 0 { vec![0] } else { vec![] };
        body.extend_from_slice(v);
        let mut out = vec![0x02, body.len() as u8];
        out.extend(body);
        out
    };
    let (r, s) = raw.split_at(raw.len() / 2);
    let body = [int(r), int(s)].concat();
    let mut out = vec![0x30];
    if body.len() < 128 {
        out.push(body.len() as u8);
    } else {
        out.extend([0x81, body.len() as u8]);
    }
    out.extend(body);
    out
}

macro_rules! cases_for {
    ($krate:ident, $width:expr, $curve_oid:expr, $order:expr, $seed:expr) => {{
        let mut out = Vec::new();
        let mut rng = ChaCha20Rng::seed_from_u64($seed);
        for _ in 0..KEYS_PER_CURVE {
            let mut secret = [0u8; $width];
            let key = loop {
                rng.fill_bytes(&mut secret);
                if let Ok(k) = $krate::ecdsa::SigningKey::from_slice(&secret) {
                    break k;
                }
            };
            let vk = key.verifying_key();
            let point = vk.to_sec1_point(false);
            let spki = spki($curve_oid, point.as_bytes());
            for m in 0..MESSAGES_PER_KEY {
                let mut message = vec![0u8; 1 + (rng.next_u32() % 200) as usize];
                rng.fill_bytes(&mut message);
                let hash = [Hash::Sha256, Hash::Sha384, Hash::Sha512][m % 3];
                let digest = hash.digest(&message);
                let sig: $krate::ecdsa::Signature = key.sign_prehash(&digest).unwrap();
                let raw = sig.to_bytes().to_vec();
                let theirs = vk.verify_prehash(&digest, &sig).is_ok();
                // The high-S twin: (r, n − s).
                let (r, s) = raw.split_at($width);
                let high: Vec<u8> = [r.to_vec(), sub_be(&hex($order), s)].concat();
                let high_sig = $krate::ecdsa::Signature::from_slice(&high).unwrap();
                let theirs_high = vk.verify_prehash(&digest, &high_sig).is_ok();
                for (raw, theirs) in [(raw.clone(), theirs), (high, theirs_high)] {
                    out.push(Case {
                        spki: spki.clone(),
                        message: message.clone(),
                        hash,
                        der: der_of(&raw),
                        raw,
                        theirs,
                    });
                }
            }
        }
        out
    }};
}

fn all_cases() -> Vec<(Case, Hash)> {
    let p256_oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let p384_oid = [0x2b, 0x81, 0x04, 0x00, 0x22];
    let mut out = Vec::new();
    for c in cases_for!(p256, 32, &p256_oid, N256, 256) {
        out.push((c, Hash::Sha256));
    }
    for c in cases_for!(p384, 48, &p384_oid, N384, 384) {
        out.push((c, Hash::Sha384));
    }
    out
}

#[test]
fn signatures_made_by_the_curve_crates_verify_in_both_encodings() {
    let cases = all_cases();
    assert_eq!(
        cases.len() as u64,
        2 * 2 * KEYS_PER_CURVE * MESSAGES_PER_KEY as u64
    );
    for (c, curve_hash) in &cases {
        assert!(c.theirs, "the crate refused its own signature");
        assert!(
            ours(c, EcdsaEncoding::Der, &c.der),
            "DER refused ({:?})",
            c.hash
        );
        // Raw signatures bind the hash to the curve (JOSE): only ES256/P-256, ES384/P-384.
        let raw_ok = ours(c, EcdsaEncoding::Raw, &c.raw);
        assert_eq!(raw_ok, c.hash == *curve_hash, "raw with {:?}", c.hash);
    }
}

#[test]
fn mutations_are_refused_by_both() {
    let mut rng = ChaCha20Rng::seed_from_u64(99);
    let mut checked = 0;
    for (c, _) in all_cases() {
        // One flipped bit in the signature, in the message, or in the key point.
        let mut sig = c.der.clone();
        let i = 2 + (rng.next_u32() as usize) % (sig.len() - 2);
        sig[i] ^= 1 << (rng.next_u32() % 8);
        assert!(!ours(&c, EcdsaEncoding::Der, &sig) || sig == c.der);
        let mut msg = c.message.clone();
        let j = (rng.next_u32() as usize) % msg.len();
        msg[j] ^= 0x01;
        let changed = Case {
            message: msg,
            spki: c.spki.clone(),
            hash: c.hash,
            raw: c.raw.clone(),
            der: c.der.clone(),
            theirs: false,
        };
        assert!(!ours(&changed, EcdsaEncoding::Der, &c.der));
        let mut key = c.spki.clone();
        let k = key.len() - 1 - (rng.next_u32() as usize) % 20;
        key[k] ^= 0x04;
        let other_key = Case {
            spki: key,
            ..changed
        };
        let alg = SignatureAlgorithm::Ecdsa {
            hash: c.hash,
            encoding: EcdsaEncoding::Der,
        };
        assert!(verify_signature(&other_key.spki, alg, &c.message, &c.der).is_err());
        checked += 1;
    }
    assert!(checked > 100);
}

#[test]
fn out_of_range_scalars_are_refused() {
    let (c, _) = all_cases().into_iter().next().unwrap();
    let n = hex(N256);
    let (r, s) = c.raw.split_at(32);
    for (r, s) in [
        (vec![0u8; 32], s.to_vec()),
        (r.to_vec(), vec![0u8; 32]),
        (n.clone(), s.to_vec()),
        (r.to_vec(), n.clone()),
        (vec![0xff; 32], s.to_vec()),
    ] {
        let raw = [r, s].concat();
        assert!(!ours(&c, EcdsaEncoding::Raw, &raw));
    }
}

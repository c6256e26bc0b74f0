//! Differential tests of the verifier's own public-key RSA against the `rsa` crate: keys of
//! several sizes and exponents (checked-in ones and seeded fresh ones of odd bit lengths),
//! hundreds of (key, message) pairs signed by the `rsa` crate with PKCS#1 v1.5 and PSS, each
//! verified by both implementations; then mutated signatures and messages, which both must
//! reject.

use myna_verify::pki::signature::{verify_signature, Hash, SignatureAlgorithm};
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, PrivateKey, Pss, PublicKey};

/// Checked-in TEST keys (PKCS#8 PEM): 2048 (e = 65537 and e = 3) and 3072 bits.
const PEMS: [&str; 6] = [
    include_str!("data/signature/rsa2048.key.pem"),
    include_str!("data/signature/rsa2048b.key.pem"),
    include_str!("data/signature/rsa2048e3.key.pem"),
    include_str!("data/signature/rsa3072.key.pem"),
    include_str!("data/jpki/keys/test_auth_ee.key.pem"),
    include_str!("data/jpki/keys/test_auth_root.key.pem"),
];

/// Messages signed per key.
const MESSAGES_PER_KEY: usize = 26;

fn keys() -> Vec<PrivateKey> {
    let mut keys: Vec<PrivateKey> = PEMS
        .iter()
        .map(|pem| PrivateKey::from_pkcs8_pem(pem).expect("TEST key"))
        .collect();
    // Odd sizes: 2049 bits makes the PSS encoded message one octet shorter than the modulus.
    for (seed, bits) in [(7u64, 2049usize), (8, 2056)] {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        keys.push(PrivateKey::new(&mut rng, bits).expect("key generation"));
    }
    keys
}

/// The algorithms cycled through, with the `rsa` crate's scheme for each.
#[derive(Clone, Copy, Debug)]
enum Alg {
    Pkcs1(Hash),
    Pss(Hash, usize),
}

const ALGS: [Alg; 8] = [
    Alg::Pkcs1(Hash::Sha256),
    Alg::Pkcs1(Hash::Sha384),
    Alg::Pkcs1(Hash::Sha512),
    Alg::Pss(Hash::Sha256, 32),
    Alg::Pss(Hash::Sha256, 0),
    Alg::Pss(Hash::Sha384, 48),
    Alg::Pss(Hash::Sha512, 64),
    Alg::Pss(Hash::Sha256, 20),
];

impl Alg {
    fn ours(self) -> SignatureAlgorithm {
        match self {
            Alg::Pkcs1(hash) => SignatureAlgorithm::RsaPkcs1(hash),
            Alg::Pss(hash, salt_len) => SignatureAlgorithm::RsaPss { hash, salt_len },
        }
    }

    fn hash(self) -> Hash {
        match self {
            Alg::Pkcs1(hash) | Alg::Pss(hash, _) => hash,
        }
    }
}

fn pkcs1_scheme(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        Hash::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        Hash::Sha1 => unreachable!("not used here"),
    }
}

fn sign(key: &PrivateKey, alg: Alg, message: &[u8], rng: &mut ChaCha20Rng) -> Vec<u8> {
    let digest = alg.hash().digest(message);
    let signed = match alg {
        Alg::Pkcs1(hash) => key.sign(pkcs1_scheme(hash), &digest),
        Alg::Pss(Hash::Sha256, salt) => {
            key.sign_with_rng(rng, Pss::<sha2::Sha256>::new_with_salt(salt), &digest)
        }
        Alg::Pss(Hash::Sha384, salt) => {
            key.sign_with_rng(rng, Pss::<sha2::Sha384>::new_with_salt(salt), &digest)
        }
        Alg::Pss(Hash::Sha512, salt) => {
            key.sign_with_rng(rng, Pss::<sha2::Sha512>::new_with_salt(salt), &digest)
        }
        Alg::Pss(Hash::Sha1, _) => unreachable!("not used here"),
    };
    signed.expect("rsa crate signs")
}

/// The `rsa` crate's verdict.
fn theirs(key: &PublicKey, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
    let digest = alg.hash().digest(message);
    match alg {
        Alg::Pkcs1(hash) => key.verify(pkcs1_scheme(hash), &digest, signature),
        Alg::Pss(Hash::Sha256, salt) => {
            key.verify(Pss::<sha2::Sha256>::new_with_salt(salt), &digest, signature)
        }
        Alg::Pss(Hash::Sha384, salt) => {
            key.verify(Pss::<sha2::Sha384>::new_with_salt(salt), &digest, signature)
        }
        Alg::Pss(Hash::Sha512, salt) => {
            key.verify(Pss::<sha2::Sha512>::new_with_salt(salt), &digest, signature)
        }
        Alg::Pss(Hash::Sha1, _) => unreachable!("not used here"),
    }
    .is_ok()
}

fn ours(spki: &[u8], alg: Alg, message: &[u8], signature: &[u8]) -> bool {
    verify_signature(spki, alg.ours(), message, signature).is_ok()
}

fn flip_random_bit(bytes: &[u8], rng: &mut ChaCha20Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let bit = (rng.next_u32() as usize) % (out.len() * 8);
    out[bit / 8] ^= 1 << (bit % 8);
    out
}

#[test]
fn both_implementations_agree_on_random_pairs() {
    let mut rng = ChaCha20Rng::seed_from_u64(0x6d79_6e61);
    let keys = keys();
    let mut pairs = 0;
    let mut signature_rejections = 0;
    for (k, key) in keys.iter().enumerate() {
        let public = key.to_public_key();
        let spki = public
            .to_public_key_der()
            .expect("SPKI")
            .as_bytes()
            .to_vec();
        for i in 0..MESSAGES_PER_KEY {
            let alg = ALGS[(k + i) % ALGS.len()];
            let mut message = vec![0u8; (rng.next_u32() % 300) as usize];
            rng.fill_bytes(&mut message);
            let signature = sign(key, alg, &message, &mut rng);
            assert_eq!(signature.len(), public.size());
            assert!(theirs(&public, alg, &message, &signature), "{alg:?}");
            assert!(ours(&spki, alg, &message, &signature), "key {k} {alg:?}");
            pairs += 1;

            let bad_sig = flip_random_bit(&signature, &mut rng);
            let verdict = ours(&spki, alg, &message, &bad_sig);
            assert_eq!(verdict, theirs(&public, alg, &message, &bad_sig));
            assert!(
                !verdict,
                "key {k} {alg:?}: a flipped signature bit verified"
            );
            signature_rejections += 1;

            if !message.is_empty() {
                let bad_msg = flip_random_bit(&message, &mut rng);
                assert!(!ours(&spki, alg, &bad_msg, &signature));
                assert!(!theirs(&public, alg, &bad_msg, &signature));
            }
            // A random value below the modulus is (overwhelmingly) not a signature.
            let mut random = vec![0u8; signature.len()];
            rng.fill_bytes(&mut random);
            random[0] = 0;
            assert!(!ours(&spki, alg, &message, &random));
            assert!(!theirs(&public, alg, &message, &random));
        }
    }
    assert!(pairs >= 200, "only {pairs} pairs");
    assert_eq!(signature_rejections, pairs);
}

#[test]
fn odd_sized_keys_have_their_sizes() {
    let keys = keys();
    let bits: Vec<usize> = keys.iter().map(|k| k.n().bit_width() as usize).collect();
    assert!(bits.contains(&2049), "{bits:?}");
    assert!(bits.contains(&3072), "{bits:?}");
}

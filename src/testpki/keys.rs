//! TEST RSA keys: the fixed, checked-in ones (fast, reproducible) and fresh ones generated from a
//! seed (deterministic through ChaCha20). Signing follows the card: PKCS#1 v1.5 over a DigestInfo.

use super::der;
use crate::wire::pem;
use crate::Error;
use rand_chacha::rand_core::SeedableRng;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, PrivateKey};
use sha2::{Digest, Sha256};

/// OID of rsaEncryption.
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
/// OID of SHA-256 (for DigestInfo).
const SHA256: &str = "2.16.840.1.101.3.4.2.1";

/// An RSA key pair of the TEST hierarchy. Never use it for anything real.
#[derive(Clone, Debug)]
pub struct TestKey {
    private: PrivateKey,
    spki: Vec<u8>,
}

impl TestKey {
    /// Wrap an RSA private key.
    pub fn from_private(private: PrivateKey) -> Self {
        let spki = spki_der(&private);
        TestKey { private, spki }
    }

    /// Read a PKCS#8 `PRIVATE KEY` PEM.
    pub fn from_pkcs8_pem(text: &str) -> Result<Self, Error> {
        let block = pem::parse_all(text)?
            .into_iter()
            .find(|b| b.label == "PRIVATE KEY")
            .ok_or(Error::PemMalformed)?;
        let private = PrivateKey::from_pkcs8_der(&block.der).map_err(|_| Error::KeyInvalid)?;
        Ok(Self::from_private(private))
    }

    /// A fresh RSA key of `bits` bits, deterministic in `seed`. Slow (seconds for 2048 bits in a
    /// debug build); tests use the fixed keys instead.
    pub fn generate(seed: u64, bits: usize) -> Result<Self, Error> {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let private = PrivateKey::new(&mut rng, bits).map_err(|_| Error::KeyInvalid)?;
        Ok(Self::from_private(private))
    }

    /// The private key as PKCS#8 PEM.
    pub fn to_pkcs8_pem(&self) -> Result<String, Error> {
        let pem = self
            .private
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| Error::KeyInvalid)?;
        Ok(pem.to_string())
    }

    /// DER SubjectPublicKeyInfo of the public key.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// The public key as a `PUBLIC KEY` PEM.
    pub fn public_key_pem(&self) -> String {
        pem_armour("PUBLIC KEY", &self.spki)
    }

    /// Key identifier: SHA-256 of the subjectPublicKey bits, truncated to 20 bytes.
    pub fn key_id(&self) -> Vec<u8> {
        let digest = Sha256::digest(rsa_public_key_der(&self.private));
        digest.iter().take(20).copied().collect()
    }

    /// Sign a DER DigestInfo with PKCS#1 v1.5 padding, as the card's COMPUTE DIGITAL SIGNATURE
    /// does (the caller chose and applied the hash).
    pub fn sign_digest_info(&self, digest_info: &[u8]) -> Result<Vec<u8>, Error> {
        self.private
            .sign(Pkcs1v15Sign::new_unprefixed(), digest_info)
            .map_err(|_| Error::KeyInvalid)
    }

    /// SHA-256 `message`, wrap it in a DigestInfo and sign it (sha256WithRSAEncryption).
    pub fn sign_sha256(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        self.sign_digest_info(&sha256_digest_info(message))
    }
}

/// `DigestInfo { sha256, SHA-256(message) }`.
pub fn sha256_digest_info(message: &[u8]) -> Vec<u8> {
    let digest = Sha256::digest(message);
    der::sequence(&[
        der::sequence(&[der::oid(SHA256), der::null()]),
        der::octet_string(&digest),
    ])
}

/// `RSAPublicKey { modulus, publicExponent }`.
fn rsa_public_key_der(key: &PrivateKey) -> Vec<u8> {
    der::sequence(&[
        der::integer_unsigned(&key.n().to_be_bytes()),
        der::integer_unsigned(&key.e().to_be_bytes()),
    ])
}

/// SubjectPublicKeyInfo of an RSA key.
fn spki_der(key: &PrivateKey) -> Vec<u8> {
    let algorithm = der::sequence(&[der::oid(RSA_ENCRYPTION), der::null()]);
    der::sequence(&[algorithm, der::bit_string(&rsa_public_key_der(key), 0)])
}

/// PEM armour with 64-column lines.
pub fn pem_armour(label: &str, der: &[u8]) -> String {
    let body = crate::wire::base64::encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The checked-in TEST keys, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixedKey {
    AuthRoot,
    SignRoot,
    AuthEe,
    SignEe,
    /// A key no TEST root certifies: for "wrong issuer key" cases.
    Other,
}

impl FixedKey {
    /// The PKCS#8 PEM text.
    fn pem(self) -> &'static str {
        match self {
            FixedKey::AuthRoot => include_str!("../../tests/data/jpki/keys/test_auth_root.key.pem"),
            FixedKey::SignRoot => include_str!("../../tests/data/jpki/keys/test_sign_root.key.pem"),
            FixedKey::AuthEe => include_str!("../../tests/data/jpki/keys/test_auth_ee.key.pem"),
            FixedKey::SignEe => include_str!("../../tests/data/jpki/keys/test_sign_ee.key.pem"),
            FixedKey::Other => include_str!("../../tests/data/jpki/keys/test_other.key.pem"),
        }
    }

    /// Load the key.
    pub fn load(self) -> Result<TestKey, Error> {
        TestKey::from_pkcs8_pem(self.pem())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_keys_load_and_differ() {
        let a = FixedKey::AuthRoot.load().unwrap();
        let b = FixedKey::SignRoot.load().unwrap();
        assert_ne!(a.spki_der(), b.spki_der());
        assert_eq!(a.key_id().len(), 20);
        let pem = a.to_pkcs8_pem().unwrap();
        assert_eq!(
            TestKey::from_pkcs8_pem(&pem).unwrap().spki_der(),
            a.spki_der()
        );
        // PKCS#1 v1.5 is deterministic: same input, same signature, 256 bytes for RSA-2048.
        let s1 = a.sign_sha256(b"hello").unwrap();
        assert_eq!(s1.len(), 256);
        assert_eq!(s1, a.sign_sha256(b"hello").unwrap());
        assert_ne!(s1, a.sign_sha256(b"hellp").unwrap());
    }

    #[test]
    fn generation_is_deterministic_in_the_seed() {
        let k1 = TestKey::generate(7, 1024).unwrap();
        let k2 = TestKey::generate(7, 1024).unwrap();
        let k3 = TestKey::generate(8, 1024).unwrap();
        assert_eq!(k1.spki_der(), k2.spki_der());
        assert_ne!(k1.spki_der(), k3.spki_der());
    }
}

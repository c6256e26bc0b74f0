//! Challenges: fresh nonces for one sign-in, either remembered by the relying party (a
//! [`NonceStore`]) or sealed so that a stateless edge worker can check them.
//!
//! Randomness and time are inputs here; [`random_nonce_bytes`] reads the OS generator on native
//! targets, and the wasm bindings take bytes from `crypto.getRandomValues`.

use super::origin::Origin;
use crate::pki::UnixTime;
use crate::wire::base64;
use crate::Error;
use sha2::{Digest, Sha256};

/// Longest challenge lifetime accepted (one day).
pub const MAX_TTL_SECONDS: u32 = 86_400;
/// Clock skew tolerated when a sealed challenge claims to be issued in the future.
pub const SEALED_SKEW_SECONDS: i64 = 60;
const SEALED_VERSION: u8 = 1;
const SEALED_LEN: usize = 1 + 8 + 4 + 32 + 32;
const SEAL_LABEL: &[u8] = b"myna-verify sealed challenge v1";

/// A nonce and when it stops being acceptable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// 32 random bytes, standard base64 (44 characters) — the string the card signs over.
    pub nonce: String,
    /// Last second at which the nonce is accepted.
    pub expires_at: UnixTime,
}

fn check_ttl(ttl_seconds: u32) -> Result<(), Error> {
    if ttl_seconds == 0 || ttl_seconds > MAX_TTL_SECONDS {
        return Err(Error::InvalidOptions("ttlSeconds must be 1..=86400"));
    }
    Ok(())
}

/// A challenge from 32 caller-supplied random bytes.
pub fn issue_challenge(
    random: &[u8; 32],
    now: UnixTime,
    ttl_seconds: u32,
) -> Result<Challenge, Error> {
    check_ttl(ttl_seconds)?;
    Ok(Challenge {
        nonce: base64::encode(random),
        expires_at: UnixTime(now.0 + i64::from(ttl_seconds)),
    })
}

/// 32 bytes from the operating system's generator (native targets only).
#[cfg(not(target_arch = "wasm32"))]
pub fn random_nonce_bytes() -> Result<[u8; 32], Error> {
    let mut out = [0u8; 32];
    getrandom::fill(&mut out)
        .map_err(|_| Error::InvalidOptions("the OS random generator failed"))?;
    Ok(out)
}

/// HMAC-SHA-256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn check_secret(secret: &[u8]) -> Result<(), Error> {
    if secret.len() < 32 {
        return Err(Error::InvalidOptions(
            "the sealing secret must be at least 32 bytes",
        ));
    }
    Ok(())
}

fn seal_mac(secret: &[u8], origin: &Origin, body: &[u8]) -> [u8; 32] {
    hmac_sha256(
        secret,
        &[SEAL_LABEL, &[0], origin.as_str().as_bytes(), &[0], body],
    )
}

/// A stateless challenge: the nonce itself carries issue time, lifetime and randomness, sealed
/// with HMAC-SHA-256 under `secret` and bound to `origin`. The nonce is base64url (no padding).
pub fn issue_sealed_challenge(
    secret: &[u8],
    origin: &Origin,
    random: &[u8; 32],
    now: UnixTime,
    ttl_seconds: u32,
) -> Result<Challenge, Error> {
    check_secret(secret)?;
    check_ttl(ttl_seconds)?;
    let mut body = Vec::with_capacity(SEALED_LEN);
    body.push(SEALED_VERSION);
    body.extend_from_slice(&now.0.to_be_bytes());
    body.extend_from_slice(&ttl_seconds.to_be_bytes());
    body.extend_from_slice(random);
    let mac = seal_mac(secret, origin, &body);
    body.extend_from_slice(&mac);
    Ok(Challenge {
        nonce: base64::encode_url(&body),
        expires_at: UnixTime(now.0 + i64::from(ttl_seconds)),
    })
}

/// Check a sealed challenge: authentic under `secret`, for `origin`, and fresh at `now`.
/// Returns when it expires. A forged or foreign nonce is `CHALLENGE_INVALID`; an old one
/// `NONCE_EXPIRED`. Single use still needs a [`NonceStore`] (until expiry).
pub fn open_sealed_challenge(
    secret: &[u8],
    origin: &Origin,
    nonce: &str,
    now: UnixTime,
) -> Result<UnixTime, Error> {
    check_secret(secret)?;
    if nonce.len() > 200 {
        return Err(Error::ChallengeInvalid);
    }
    let raw = base64::decode_url(nonce).map_err(|_| Error::ChallengeInvalid)?;
    if raw.len() != SEALED_LEN || raw[0] != SEALED_VERSION {
        return Err(Error::ChallengeInvalid);
    }
    let (body, mac) = raw.split_at(SEALED_LEN - 32);
    if !constant_time_eq(&seal_mac(secret, origin, body), mac) {
        return Err(Error::ChallengeInvalid);
    }
    let mut t = [0u8; 8];
    t.copy_from_slice(&body[1..9]);
    let mut l = [0u8; 4];
    l.copy_from_slice(&body[9..13]);
    let issued = i64::from_be_bytes(t);
    let expires = issued.saturating_add(i64::from(u32::from_be_bytes(l)));
    if issued > now.0.saturating_add(SEALED_SKEW_SECONDS) {
        return Err(Error::ChallengeInvalid);
    }
    if now.0 > expires {
        return Err(Error::NonceExpired);
    }
    Ok(UnixTime(expires))
}

/// Single use of nonces. `consume` returns `true` exactly once per issued, unexpired nonce.
/// Real deployments back this by Workers KV / a Durable Object, Redis (`SET nonce 1 EX ttl NX` at
/// issue, `DEL` returning 1 at consume) or SQL (`DELETE ... WHERE nonce = ? AND expires_at >= ?`
/// and check the row count).
pub trait NonceStore {
    /// Remember `nonce` until `expires_at`.
    fn remember(&mut self, nonce: &str, expires_at: UnixTime) -> Result<(), Error>;
    /// Use `nonce` up: `Ok` once, then `NONCE_REPLAYED`; `NONCE_NOT_FOUND` if never issued,
    /// `NONCE_EXPIRED` if past its time.
    fn consume(&mut self, nonce: &str, now: UnixTime) -> Result<(), Error>;
}

/// An in-memory [`NonceStore`] for one process (tests, single-instance servers). Bounded: at
/// most `capacity` live nonces; expired ones are dropped as new ones arrive.
pub struct MemoryNonceStore {
    capacity: usize,
    live: std::collections::HashMap<String, (UnixTime, bool)>,
}

impl MemoryNonceStore {
    /// A store holding at most `capacity` nonces.
    pub fn new(capacity: usize) -> Self {
        MemoryNonceStore {
            capacity,
            live: std::collections::HashMap::new(),
        }
    }
}

impl NonceStore for MemoryNonceStore {
    fn remember(&mut self, nonce: &str, expires_at: UnixTime) -> Result<(), Error> {
        if self.live.len() >= self.capacity {
            let now_ish = expires_at.0 - i64::from(MAX_TTL_SECONDS);
            self.live.retain(|_, (exp, _)| exp.0 >= now_ish);
        }
        if self.live.len() >= self.capacity {
            return Err(Error::BudgetExceeded("nonce store capacity"));
        }
        self.live.insert(nonce.to_string(), (expires_at, false));
        Ok(())
    }

    fn consume(&mut self, nonce: &str, now: UnixTime) -> Result<(), Error> {
        match self.live.get_mut(nonce) {
            None => Err(Error::NonceNotFound),
            Some((_, true)) => Err(Error::NonceReplayed),
            Some((exp, _)) if now > *exp => Err(Error::NonceExpired),
            Some((_, used)) => {
                *used = true;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin::parse("https://bank.example.jp", false).unwrap()
    }

    #[test]
    fn hmac_matches_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        let hex = crate::wire::digits::hex_lower(&mac);
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn plain_challenge_is_44_char_base64_of_the_random_bytes() {
        let c = issue_challenge(&[7; 32], UnixTime(1000), 300).unwrap();
        assert_eq!(c.nonce.len(), 44);
        assert_eq!(base64::decode(&c.nonce).unwrap(), vec![7; 32]);
        assert_eq!(c.expires_at, UnixTime(1300));
        assert!(issue_challenge(&[7; 32], UnixTime(0), 0).is_err());
        assert!(issue_challenge(&[7; 32], UnixTime(0), 86_401).is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn os_randomness_differs_between_calls() {
        assert_ne!(random_nonce_bytes().unwrap(), random_nonce_bytes().unwrap());
    }

    #[test]
    fn sealed_challenge_round_trips_and_refuses_tampering() {
        let secret = [9u8; 32];
        let c = issue_sealed_challenge(&secret, &origin(), &[1; 32], UnixTime(1000), 300).unwrap();
        assert_eq!(
            open_sealed_challenge(&secret, &origin(), &c.nonce, UnixTime(1100)).unwrap(),
            UnixTime(1300)
        );
        assert_eq!(
            open_sealed_challenge(&secret, &origin(), &c.nonce, UnixTime(1300)).unwrap(),
            UnixTime(1300)
        );
        let code = |r: Result<UnixTime, Error>| r.unwrap_err().code();
        assert_eq!(
            code(open_sealed_challenge(
                &secret,
                &origin(),
                &c.nonce,
                UnixTime(1301)
            )),
            "NONCE_EXPIRED"
        );
        assert_eq!(
            code(open_sealed_challenge(
                &secret,
                &origin(),
                &c.nonce,
                UnixTime(900)
            )),
            "CHALLENGE_INVALID"
        );
        let other = Origin::parse("https://evil.example", false).unwrap();
        assert_eq!(
            code(open_sealed_challenge(
                &secret,
                &other,
                &c.nonce,
                UnixTime(1100)
            )),
            "CHALLENGE_INVALID"
        );
        assert_eq!(
            code(open_sealed_challenge(
                &[8; 32],
                &origin(),
                &c.nonce,
                UnixTime(1100)
            )),
            "CHALLENGE_INVALID"
        );
        let mut raw = base64::decode_url(&c.nonce).unwrap();
        raw[12] ^= 1; // stretch the lifetime
        let forged = base64::encode_url(&raw);
        assert_eq!(
            code(open_sealed_challenge(
                &secret,
                &origin(),
                &forged,
                UnixTime(1100)
            )),
            "CHALLENGE_INVALID"
        );
        assert_eq!(
            code(open_sealed_challenge(
                &secret,
                &origin(),
                "abc",
                UnixTime(1100)
            )),
            "CHALLENGE_INVALID"
        );
        assert_eq!(
            issue_sealed_challenge(&[1; 31], &origin(), &[1; 32], UnixTime(0), 60)
                .unwrap_err()
                .code(),
            "INVALID_OPTIONS"
        );
    }

    #[test]
    fn memory_store_allows_one_use() {
        let mut s = MemoryNonceStore::new(2);
        s.remember("a", UnixTime(100)).unwrap();
        assert_eq!(
            s.consume("b", UnixTime(50)).unwrap_err().code(),
            "NONCE_NOT_FOUND"
        );
        s.consume("a", UnixTime(50)).unwrap();
        assert_eq!(
            s.consume("a", UnixTime(50)).unwrap_err().code(),
            "NONCE_REPLAYED"
        );
        s.remember("c", UnixTime(100)).unwrap();
        assert_eq!(
            s.consume("c", UnixTime(101)).unwrap_err().code(),
            "NONCE_EXPIRED"
        );
        assert_eq!(
            s.remember("d", UnixTime(100)).unwrap_err().code(),
            "BUDGET_EXCEEDED"
        );
    }
}

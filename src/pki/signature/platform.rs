//! RSA PKCS#1 v1.5 signatures checked by the platform's WebCrypto instead of the crate's own
//! RSA, for the runtimes where that is faster (browsers, workerd: see BENCHMARKS.md). The JS
//! layer drives it around one verification call, with no `await` in between each step:
//!
//! 1. **Plan**: the call runs once with every RSA PKCS#1 v1.5 (SHA-2) signature check recorded
//!    as a [`Request`] and taken as valid, and with no side effect (the token's nonce is not
//!    used up). Its outcome is never returned: the wasm layer refuses to build a result while
//!    planning.
//! 2. The JS layer asks WebCrypto about each request (key, hash, message, signature).
//! 3. **Answers**: the call runs for real with those answers installed. A check whose exact
//!    request (SHA-256 of key, hash, message and signature) was answered takes the answer;
//!    any other check (a path the plan did not take, a key WebCrypto refused) runs in the
//!    crate's own RSA. The answers are cleared after the call.
//!
//! Only the modular exponentiation and the PKCS#1 v1.5 comparison move: the key is parsed and
//! checked here (size, exponent), the signature's length and range are checked here, and what
//! is verified against which key is decided by the same code as without WebCrypto. Every
//! other algorithm stays in the wasm. Off unless the wasm layer turns it on (native callers
//! never see it).

// Driven from the wasm bindings (src/wasm/platform_rsa.rs) and this file's tests only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use super::Hash;
use crate::pki::signature::rsa_public::RsaPublicKey;
use crate::Error;
use sha2::{Digest, Sha256};
use std::cell::RefCell;

/// Most requests one plan records; checks beyond them run in the wasm.
pub(crate) const MAX_REQUESTS: usize = 8;

/// One signature check for WebCrypto (`RSASSA-PKCS1-v1_5` with `hash`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// SHA-256 of the length-prefixed key, hash name, message and signature.
    pub id: [u8; 32],
    /// The complete DER SubjectPublicKeyInfo.
    pub spki: Vec<u8>,
    pub hash: Hash,
    pub message: Vec<u8>,
    pub signature: Vec<u8>,
}

enum Mode {
    Off,
    Plan(Vec<Request>),
    Answers(Vec<([u8; 32], bool)>),
}

thread_local! {
    static MODE: RefCell<Mode> = const { RefCell::new(Mode::Off) };
}

/// Start a planning run (drops any answers).
pub(crate) fn begin_plan() {
    MODE.with(|m| *m.borrow_mut() = Mode::Plan(Vec::new()));
}

/// End the planning run: the requests it recorded, in order.
pub(crate) fn end_plan() -> Vec<Request> {
    MODE.with(
        |m| match std::mem::replace(&mut *m.borrow_mut(), Mode::Off) {
            Mode::Plan(requests) => requests,
            _ => Vec::new(),
        },
    )
}

/// Whether a planning run is in progress (its outcome must not be returned).
pub(crate) fn planning() -> bool {
    MODE.with(|m| matches!(*m.borrow(), Mode::Plan(_)))
}

/// Install answers (request id, valid) for the next call; at most [`MAX_REQUESTS`] are kept.
pub(crate) fn set_answers(mut answers: Vec<([u8; 32], bool)>) {
    answers.truncate(MAX_REQUESTS);
    MODE.with(|m| *m.borrow_mut() = Mode::Answers(answers));
}

/// Back to the crate's own RSA for everything.
pub(crate) fn clear() {
    MODE.with(|m| *m.borrow_mut() = Mode::Off);
}

/// The request id: SHA-256 over each part prefixed with its length (8 octets, big-endian).
fn request_id(spki: &[u8], hash: Hash, message: &[u8], signature: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in [spki, hash.webcrypto_name().as_bytes(), message, signature] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize().into()
}

/// The outcome of an RSA PKCS#1 v1.5 check when a plan or the answers decide it, else `None`
/// (the caller verifies in the wasm). Called with the parsed key of `spki`, after the hash
/// policy check.
pub(super) fn consult(
    spki: &[u8],
    key: &RsaPublicKey,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Option<Result<(), Error>> {
    if MODE.with(|m| matches!(*m.borrow(), Mode::Off)) {
        return None;
    }
    consult_active(spki, key, hash, message, signature)
}

/// [`consult`] while planning or answered; kept apart so that a verification with the platform's
/// RSA off (every call under Node) does not compile it in wasm.
#[inline(never)]
fn consult_active(
    spki: &[u8],
    key: &RsaPublicKey,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Option<Result<(), Error>> {
    MODE.with(|m| {
        let mut mode = m.borrow_mut();
        if hash == Hash::Sha1 || !key.signature_in_range(signature) {
            return None;
        }
        let id = request_id(spki, hash, message, signature);
        match &mut *mode {
            Mode::Off => None,
            Mode::Plan(requests) if requests.len() < MAX_REQUESTS => {
                if !requests.iter().any(|r| r.id == id) {
                    requests.push(Request {
                        id,
                        spki: spki.to_vec(),
                        hash,
                        message: message.to_vec(),
                        signature: signature.to_vec(),
                    });
                }
                Some(Ok(()))
            }
            Mode::Plan(_) => None,
            Mode::Answers(answers) => answers.iter().find(|(a, _)| *a == id).map(|&(_, valid)| {
                if valid {
                    Ok(())
                } else {
                    Err(Error::SignatureInvalid)
                }
            }),
        }
    })
}

#[cfg(all(test, feature = "testpki"))]
mod tests {
    use super::*;
    use crate::pki::signature::{verify_signature, SignatureAlgorithm};
    use crate::testpki::FixedKey;

    /// The TEST auth end-entity's key (SPKI), a message and its RS256 signature.
    fn signed() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let key = FixedKey::AuthEe.load().unwrap();
        let message = b"platform RSA".to_vec();
        let signature = key.sign_sha256(&message).unwrap();
        (key.spki_der().to_vec(), message, signature)
    }

    const RS256: SignatureAlgorithm = SignatureAlgorithm::RsaPkcs1(Hash::Sha256);

    #[test]
    fn a_plan_records_each_check_once_and_takes_it_as_valid() {
        let (spki, message, signature) = signed();
        let mut forged = signature.clone();
        forged[10] ^= 1;
        begin_plan();
        assert!(planning());
        assert_eq!(verify_signature(&spki, RS256, &message, &forged), Ok(()));
        assert_eq!(verify_signature(&spki, RS256, &message, &forged), Ok(()));
        assert_eq!(verify_signature(&spki, RS256, &message, &signature), Ok(()));
        let requests = end_plan();
        assert!(!planning());
        assert_eq!(requests.len(), 2, "two distinct checks");
        assert_eq!(requests[0].signature, forged);
        assert_eq!(
            requests[1].id,
            request_id(&spki, Hash::Sha256, &message, &signature)
        );
        assert_eq!(
            (requests[1].spki.as_slice(), requests[1].hash),
            (spki.as_slice(), Hash::Sha256)
        );
        // Off again: the forged signature is checked by the crate's RSA.
        assert_eq!(
            verify_signature(&spki, RS256, &message, &forged),
            Err(Error::SignatureInvalid)
        );
    }

    #[test]
    fn answers_decide_only_their_exact_request() {
        let (spki, message, signature) = signed();
        let mut forged = signature.clone();
        forged[10] ^= 1;
        // The answers are believed: a "valid" answer about the forged signature passes it…
        set_answers(vec![(
            request_id(&spki, Hash::Sha256, &message, &forged),
            true,
        )]);
        assert_eq!(verify_signature(&spki, RS256, &message, &forged), Ok(()));
        // …but says nothing about another message, which the crate's RSA checks.
        assert_eq!(
            verify_signature(&spki, RS256, b"other", &forged),
            Err(Error::SignatureInvalid)
        );
        // An "invalid" answer fails a good signature.
        set_answers(vec![(
            request_id(&spki, Hash::Sha256, &message, &signature),
            false,
        )]);
        assert_eq!(
            verify_signature(&spki, RS256, &message, &signature),
            Err(Error::SignatureInvalid)
        );
        clear();
        assert_eq!(verify_signature(&spki, RS256, &message, &signature), Ok(()));
    }

    #[test]
    fn out_of_range_signatures_and_other_hashes_stay_in_the_wasm() {
        let (spki, message, signature) = signed();
        begin_plan();
        assert_eq!(
            verify_signature(&spki, RS256, &message, &signature[1..]),
            Err(Error::SignatureInvalid)
        );
        assert_eq!(
            verify_signature(&spki, RS256, &message, &[0xff; 256]),
            Err(Error::SignatureInvalid)
        );
        let pss = SignatureAlgorithm::RsaPss {
            hash: Hash::Sha256,
            salt_len: 32,
        };
        assert_eq!(
            verify_signature(&spki, pss, &message, &signature),
            Err(Error::SignatureInvalid)
        );
        assert_eq!(end_plan(), Vec::new());
    }

    #[test]
    fn a_plan_records_at_most_max_requests() {
        let (spki, _, signature) = signed();
        begin_plan();
        for i in 0..MAX_REQUESTS + 2 {
            let message = [i as u8];
            let outcome = verify_signature(&spki, RS256, &message, &signature);
            // Beyond the cap the check runs in the wasm (and this signature is not over `message`).
            let expected = if i < MAX_REQUESTS {
                Ok(())
            } else {
                Err(Error::SignatureInvalid)
            };
            assert_eq!(outcome, expected, "check {i}");
        }
        assert_eq!(end_plan().len(), MAX_REQUESTS);
    }
}

//! Web eID token JSON through `verify_token` (TEST trust, caller-checked nonce, fixed time).
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::assertion::{verify_token, NonceCheck, TokenContext, TokenPolicy};
use myna_verify::jpki::{Purpose, TrustSelection};
use myna_verify::pki::UnixTime;

/// The nonce of the OpenSSL-made seed tokens (tests/data/token).
const NONCE: &str = "T3BlblNTTCBtYWRlIHRoaXMgbm9uY2UgZm9yIHRlc3Q=";
const ORIGIN: &str = "https://bank.example.jp";
/// 2026-06-01T00:00:00Z, inside the TEST end-entities' validity.
const NOW: i64 = 1_780_272_000;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let policy = TokenPolicy {
        trust: TrustSelection::Test,
        accepted_kinds: vec![Purpose::Auth, Purpose::Sign],
        ..TokenPolicy::default()
    };
    let ctx = TokenContext {
        origin: ORIGIN,
        nonce: NONCE,
        time: UnixTime(NOW),
        nonce_check: NonceCheck::Caller,
    };
    // Errors are only for caller misuse; the context above is valid.
    assert!(verify_token(json, ctx, &policy).is_ok());
});

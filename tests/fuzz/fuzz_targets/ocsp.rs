//! The OCSP response checks about the TEST auth end-entity, at the response's own thisUpdate
//! (so fresh seeds reach the signature and status checks); inputs of odd length are checked
//! against a request nonce. That the root issued the end-entity is asserted once, outside the
//! loop, and `verify_ocsp_response_issued` (built only under `cfg(fuzzing)`) skips it, so every
//! execution spends its time on the response. `verify_ocsp_response` itself runs on the first
//! input of each process.
#![no_main]

#[path = "common.rs"]
mod common;

use common::{first, AUTH_ROOT};
use libfuzzer_sys::fuzz_target;
use myna_verify::pki::revocation::{verify_ocsp_response, verify_ocsp_response_issued, Freshness};
use myna_verify::pki::UnixTime;
use myna_verify::wire::ocsp::{parse_response, SingleResponses};
use std::sync::OnceLock;

const AUTH_EE: &str = include_str!("../../data/jpki/testpki/test_auth_ee.pem");
/// 2026-11-02T00:00:00Z.
const FALLBACK: i64 = 1_793_577_600;

fn response_time(data: &[u8]) -> UnixTime {
    let this_update = parse_response(data)
        .ok()
        .and_then(|b| SingleResponses::new(b.responses).next())
        .and_then(Result::ok)
        .map(|s| s.this_update);
    UnixTime(this_update.map_or(FALLBACK, |t| t.saturating_add(60)))
}

/// (end-entity, root), after one full `verify_ocsp_response` on `data` that must agree with
/// the hoisted form.
fn certs(data: &[u8], time: UnixTime) -> &'static (Vec<u8>, Vec<u8>) {
    static C: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    C.get_or_init(|| {
        let (ee, root) = (first(AUTH_EE), first(AUTH_ROOT));
        let fresh = Freshness::default();
        let full = verify_ocsp_response(data, &ee, &root, None, time, &fresh);
        let hoisted = verify_ocsp_response_issued([&ee, &root], data, None, time);
        assert_eq!(
            full, hoisted,
            "the hoisted issuer check changed the outcome"
        );
        (ee, root)
    })
}

fuzz_target!(|data: &[u8]| {
    let time = response_time(data);
    let (ee, root) = certs(data, time);
    let nonce = (data.len() % 2 == 1).then_some(&[7u8; 16][..]);
    let _ = verify_ocsp_response_issued([ee, root], data, nonce, time);
});

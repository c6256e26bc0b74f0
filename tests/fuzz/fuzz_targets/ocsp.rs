//! `verify_ocsp_response` about the TEST auth end-entity, at the response's own thisUpdate
//! (so fresh seeds reach the signature and status checks), with and without a nonce.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::pki::revocation::{verify_ocsp_response, Freshness};
use myna_verify::pki::UnixTime;
use myna_verify::wire::ocsp::{parse_response, SingleResponses};
use myna_verify::wire::pem;
use std::sync::OnceLock;

const AUTH_ROOT: &str = include_str!("../../data/jpki/testpki/test_auth_root.pem");
const AUTH_EE: &str = include_str!("../../data/jpki/testpki/test_auth_ee.pem");
/// 2026-11-02T00:00:00Z.
const FALLBACK: i64 = 1_793_577_600;

fn first(text: &str) -> Vec<u8> {
    pem::certificates(text)
        .ok()
        .and_then(|c| c.into_iter().next())
        .unwrap_or_default()
}

fn certs() -> &'static (Vec<u8>, Vec<u8>) {
    static C: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    C.get_or_init(|| (first(AUTH_EE), first(AUTH_ROOT)))
}

fn response_time(data: &[u8]) -> UnixTime {
    let this_update = parse_response(data)
        .ok()
        .and_then(|b| SingleResponses::new(b.responses).next())
        .and_then(Result::ok)
        .map(|s| s.this_update);
    UnixTime(this_update.map_or(FALLBACK, |t| t.saturating_add(60)))
}

fuzz_target!(|data: &[u8]| {
    let (ee, root) = certs();
    let time = response_time(data);
    let fresh = Freshness::default();
    let _ = verify_ocsp_response(data, ee, root, None, time, &fresh);
    let _ = verify_ocsp_response(data, ee, root, Some(&[7; 16]), time, &fresh);
});

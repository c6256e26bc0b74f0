//! A certificate through RFC 5280 path validation (TEST roots + the path fixtures' root and
//! intermediate) and through the JPKI verifier with TEST trust.
#![no_main]

#[path = "common.rs"]
mod common;

use common::first;
use libfuzzer_sys::fuzz_target;
use myna_verify::jpki::{test_roots, verify_certificate, TrustSelection, VerifyOptions};
use myna_verify::pki::{verify_path, TrustAnchor, UnixTime, ValidationOptions};
use std::sync::OnceLock;

const NOW: i64 = 1_780_272_000;
const PATH_ROOT: &str = include_str!("../../data/path/root.pem");
const PATH_INT: &str = include_str!("../../data/path/int.pem");

struct Fixture {
    anchors: Vec<TrustAnchor>,
    intermediates: Vec<Vec<u8>>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut anchors: Vec<TrustAnchor> = test_roots()
            .map(|r| r.iter().map(|r| r.anchor()).collect())
            .unwrap_or_default();
        anchors.push(TrustAnchor {
            der: first(PATH_ROOT),
            name: "path root".into(),
        });
        Fixture {
            anchors,
            intermediates: vec![first(PATH_INT)],
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let ints: Vec<&[u8]> = f.intermediates.iter().map(Vec::as_slice).collect();
    let _ = verify_path(
        data,
        &ints,
        &f.anchors,
        &ValidationOptions::at(UnixTime(NOW)),
    );
    let opts = VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(UnixTime(NOW))
    };
    let _ = verify_certificate(data, &[], &opts);
});

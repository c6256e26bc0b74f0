//! The shortcuts taken for speed agree with the full parsers (a differential target):
//! - a CRL indexed from a digest of the range `crl_tbs_plan` names (the WebCrypto path of the
//!   JS `CrlIndex.build`) gives exactly what `CrlIndex::build` gives: the same index, or an
//!   error (not necessarily the same one: the signature is checked against the digest);
//! - `wire::certificate::subject_public_key_info` (the token signature's key, read without the
//!   full X.509 parse) finds exactly the full parse's SubjectPublicKeyInfo whenever the full
//!   parse accepts the certificate.
#![no_main]

#[path = "common.rs"]
mod common;

use common::auth_root as root;
use libfuzzer_sys::fuzz_target;
use myna_verify::pki::cert;
use myna_verify::pki::revocation::{crl_tbs_plan, CrlIndex};
use myna_verify::wire::certificate::subject_public_key_info;

fuzz_target!(|data: &[u8]| {
    let full = CrlIndex::build(data, root());
    // Without a plan the JS layer falls back to CrlIndex::build: nothing to compare then.
    if let Some(plan) = crl_tbs_plan(&data[..data.len().min(512)]) {
        if let Some(tbs) = data.get(plan.range.clone()) {
            let digest = plan.hash.digest(tbs);
            let by_digest = CrlIndex::build_with_tbs_digest(data, root(), &digest);
            match (&full, &by_digest) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "the two builds disagree"),
                (Err(_), Err(_)) => {}
                _ => panic!("one build accepted what the other refused: {full:?} / {by_digest:?}"),
            }
        }
    }
    if let Ok(parsed) = cert::parse(data) {
        // Both read with the same strict rules, so they must find the same SPKI.
        assert_eq!(subject_public_key_info(data), Some(parsed.public_key().raw));
    }
});

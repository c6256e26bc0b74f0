//! `CrlIndex::build` against the TEST auth root, then lookups on what was indexed.
#![no_main]

#[path = "common.rs"]
mod common;

use common::auth_root as root;
use libfuzzer_sys::fuzz_target;
use myna_verify::pki::revocation::CrlIndex;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = CrlIndex::build(data, root()) {
        let _ = index.lookup(&[0x01, 0x23, 0x45, 0x67]);
        let _ = index.lookup(&[]);
        let _ = index.memory_bytes();
        assert!(index.len() <= myna_verify::pki::revocation::MAX_CRL_ENTRIES);
    }
});

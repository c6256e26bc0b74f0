//! `CrlIndex::build` against the TEST auth root, then lookups on what was indexed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::pki::revocation::CrlIndex;
use myna_verify::wire::pem;
use std::sync::OnceLock;

const AUTH_ROOT: &str = include_str!("../../data/jpki/testpki/test_auth_root.pem");

fn root() -> &'static [u8] {
    static R: OnceLock<Vec<u8>> = OnceLock::new();
    R.get_or_init(|| {
        pem::certificates(AUTH_ROOT)
            .ok()
            .and_then(|c| c.into_iter().next())
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = CrlIndex::build(data, root()) {
        let _ = index.lookup(&[0x01, 0x23, 0x45, 0x67]);
        let _ = index.lookup(&[]);
        let _ = index.memory_bytes();
        assert!(index.len() <= myna_verify::pki::revocation::MAX_CRL_ENTRIES);
    }
});

//! Fixtures shared by the fuzz targets (included with `#[path]`; not a target itself).
#![allow(dead_code)]

use myna_verify::wire::pem;
use std::sync::OnceLock;

/// The TEST auth root (PEM).
pub const AUTH_ROOT: &str = include_str!("../../data/jpki/testpki/test_auth_root.pem");

/// The first certificate of a PEM text, as DER (empty when there is none).
pub fn first(text: &str) -> Vec<u8> {
    pem::certificates(text)
        .ok()
        .and_then(|c| c.into_iter().next())
        .unwrap_or_default()
}

/// The TEST auth root, as DER, decoded once.
pub fn auth_root() -> &'static [u8] {
    static R: OnceLock<Vec<u8>> = OnceLock::new();
    R.get_or_init(|| first(AUTH_ROOT))
}

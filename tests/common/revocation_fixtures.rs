//! Fixture readers shared by the revocation test crates (`#[path]`-included; a file below
//! `tests/common/` is not a test crate of its own).

use myna_verify::pki::UnixTime;
use myna_verify::wire::ocsp::{parse_response, SingleResponses};
use myna_verify::wire::pem;

/// A file of `tests/data/revocation/`.
pub fn data(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/revocation/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The first certificate of a PEM file below `tests/data/`.
pub fn pem_cert(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap();
    pem::certificates(&text).unwrap().remove(0)
}

/// The TEST auth root.
pub fn auth_root() -> Vec<u8> {
    pem_cert("jpki/testpki/test_auth_root.pem")
}

/// The TEST sign root.
pub fn sign_root() -> Vec<u8> {
    pem_cert("jpki/testpki/test_sign_root.pem")
}

/// The TEST auth end-entity.
pub fn auth_ee() -> Vec<u8> {
    pem_cert("jpki/testpki/test_auth_ee.pem")
}

/// thisUpdate of an OCSP response's (first) single response, plus a minute.
pub fn ocsp_time(response: &[u8]) -> UnixTime {
    let basic = parse_response(response).unwrap();
    let single = SingleResponses::new(basic.responses)
        .next()
        .unwrap()
        .unwrap();
    UnixTime(single.this_update + 60)
}

//! PEM: every block, the certificates, and the DER-or-PEM sniffing entry point.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::wire::pem;

fuzz_target!(|data: &[u8]| {
    let _ = pem::der_or_pem_certificate(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pem::parse_all(text);
        let _ = pem::certificates(text);
    }
});

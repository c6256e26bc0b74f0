//! `inspect_certificate` on DER or PEM input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::jpki::inspect_certificate;

fuzz_target!(|data: &[u8]| {
    let _ = inspect_certificate(data);
});

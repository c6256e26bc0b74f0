//! `verify_cms` with JPKI TEST trust, attached and with the fixtures' detached content.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::assertion::cms::{verify_cms, CmsOptions};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::jpki::{TrustSelection, VerifyOptions};
use myna_verify::pki::UnixTime;

const CONTENT: &[u8] = include_bytes!("../../data/cms/content.bin");
/// 2026-12-01T00:00:00Z.
const NOW: i64 = 1_796_083_200;

fuzz_target!(|data: &[u8]| {
    let opts = CmsOptions::new(SignerTrust::Jpki(VerifyOptions {
        trust: TrustSelection::Test,
        ..VerifyOptions::at(UnixTime(NOW))
    }));
    let _ = verify_cms(data, None, &opts);
    let _ = verify_cms(data, Some(CONTENT), &opts);
});

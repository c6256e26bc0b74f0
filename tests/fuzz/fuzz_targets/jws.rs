//! `verify_jws` with the fixtures' key set, and with x5c under JPKI TEST trust.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::assertion::jws::{verify_jws, JwsKey, JwsOptions};
use myna_verify::assertion::signer::SignerTrust;
use myna_verify::jpki::{TrustSelection, VerifyOptions};
use myna_verify::pki::UnixTime;
use std::sync::OnceLock;

const KEYSET: &str = include_str!("../../data/jws/keyset.json");
/// The fixtures' iat plus ten minutes.
const NOW: i64 = 1_796_083_200 + 600;

fn keys() -> &'static [JwsKey] {
    static K: OnceLock<Vec<JwsKey>> = OnceLock::new();
    K.get_or_init(|| JwsKey::from_jwks(KEYSET).unwrap_or_default())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let time = UnixTime(NOW);
    let keyset = JwsOptions {
        keys: keys().to_vec(),
        ..JwsOptions::at(time)
    };
    let _ = verify_jws(text, &keyset);
    let x5c = JwsOptions {
        x5c_trust: Some(SignerTrust::Jpki(VerifyOptions {
            trust: TrustSelection::Test,
            ..VerifyOptions::at(time)
        })),
        ..JwsOptions::at(time)
    };
    let _ = verify_jws(text, &x5c);
});

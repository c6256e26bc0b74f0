//! The text decoders under tokens and JWS: base64 (standard, url), strict JSON, JWK / JWKS,
//! compact JWS splitting, and token parsing. Decoded base64 must re-encode to the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::assertion::jws::JwsKey;
use myna_verify::assertion::parse_token;
use myna_verify::wire::{base64, json, jwk, jws};

fuzz_target!(|data: &[u8]| {
    let _ = json::parse_strict(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(bytes) = base64::decode(text) {
        assert_eq!(base64::decode(&base64::encode(&bytes)).ok(), Some(bytes));
    }
    if let Ok(bytes) = base64::decode_url(text) {
        assert_eq!(
            base64::decode_url(&base64::encode_url(&bytes)).ok(),
            Some(bytes)
        );
    }
    let _ = jwk::parse_jwk(text);
    let _ = JwsKey::from_jwk(text);
    let _ = JwsKey::from_jwks(text);
    let _ = jws::parse_compact(text);
    let _ = parse_token(text);
});

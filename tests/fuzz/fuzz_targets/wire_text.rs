//! The text decoders under tokens and JWS: base64 (standard, url), strict JSON, JWK / JWKS,
//! compact JWS splitting, and token parsing. Decoded base64 must re-encode to the input. Every
//! JSON number accepted is finite as `f64` (the parser's exact range check agrees with Rust's
//! float parser), and one that compares equal to an integer has that integer as its `f64`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_verify::assertion::jws::JwsKey;
use myna_verify::assertion::parse_token;
use myna_verify::wire::json::{Number, Value};
use myna_verify::wire::{base64, json, jwk, jws};

/// Every number in `value`.
fn numbers<'a>(value: &'a Value, out: &mut Vec<&'a Number>) {
    match value {
        Value::Number(n) => out.push(n),
        Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
        Value::Object(map) => map.iter().for_each(|(_, v)| numbers(v, out)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = json::parse_strict(data) {
        let mut found = Vec::new();
        numbers(&value, &mut found);
        for n in found {
            let f = n.as_f64();
            assert!(f.is_finite(), "{n:?} accepted but rounds to {f}");
            let truncated = f.trunc();
            if truncated.abs() < 1e30 {
                let i = truncated as i128;
                if n.cmp_integer(i).is_eq() {
                    assert_eq!(f, i as f64, "{n:?} equals {i}");
                }
            }
        }
    }
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

//! `verifyJws`: a compact JWS ([`crate::assertion::jws::verify_jws`]) from JavaScript.

use super::{failure, input, js_error, json, options, read_trust, to_js};
use crate::assertion::jws::{verify_jws as core_verify_jws, JwsKey, JwsOptions, JwsVerified};
use crate::assertion::signer::SignerTrust;
use crate::jpki::VerifyOptions;
use crate::pki::UnixTime;
use crate::wire::jws::{parse_compact, MAX_JWS_COMPACT};
use crate::Error;
use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;

/// Largest JWK Set text read, in UTF-16 units (the core caps its bytes).
const MAX_JWKS_TEXT: usize = crate::assertion::jws::MAX_JWKS_TEXT;

/// `verifyJws({ jws, time, trust?, keys?, algorithms?, clockSkewSeconds?, requireExp? })` →
/// `{ ok: true, algorithm, header, payload, payloadJson, keySource, kid, certificate }`
/// (`payload` a `Uint8Array`, `payloadJson` the parsed payload or `null`) or
/// `{ ok: false, error }`.
///
/// Keys: `keys` is a JWK Set text (`{"keys": [...]}`, chosen by `kid`) or one DER
/// SubjectPublicKeyInfo (`Uint8Array`, used for whatever `kid` the header names; a header
/// without `kid` finds no key). `trust` (`'jpki'`, `'jpki-test'`) validates an `x5c` chain as
/// JPKI; `null` ignores `x5c`. Default: `'jpki'` when `keys` is absent, else `null`.
///
/// Throws only for misuse (`INVALID_OPTIONS`: wrong types, bad time or options); a key set that
/// does not parse is reported (`KEY_INVALID`), as is everything about the JWS itself.
#[wasm_bindgen(js_name = verifyJws)]
pub fn verify_jws(args: JsValue) -> Result<JsValue, JsValue> {
    match run(&args) {
        Ok(v) => Ok(v),
        Err(e @ Error::InvalidOptions(_)) => Err(js_error::thrown(&e)),
        Err(e) => Ok(failure(&e)),
    }
}

fn run(args: &JsValue) -> Result<JsValue, Error> {
    let time = options::time(args)?;
    let keys_js = input::field(args, "keys")?;
    let trust_js = input::field(args, "trust")?;
    let mut opts = JwsOptions::at(time);
    opts.x5c_trust = x5c_trust(&trust_js, input::is_absent(&keys_js), time)?;
    if let Some(algs) = options::string_list(
        args,
        "algorithms",
        "algorithms must be an array of JOSE alg names",
    )? {
        opts.allowed_algorithms = algs;
    }
    if let Some(skew) = options::whole_number(
        args,
        "clockSkewSeconds",
        "clockSkewSeconds must be a whole number of seconds",
    )? {
        opts.clock_skew = u64::from(skew);
    }
    opts.require_exp = options::flag(args, "requireExp", "requireExp must be a boolean")?;
    let compact = options::required_text(
        args,
        "jws",
        "jws must be a compact JWS string",
        MAX_JWS_COMPACT,
    )?;
    opts.keys = read_keys(&keys_js, &compact)?;
    let verified = core_verify_jws(&compact, &opts)?;
    result(&verified)
}

/// `trust` absent: JPKI (J-LIS) when no keys are given, else none; `null`: none.
fn x5c_trust(
    value: &JsValue,
    keys_absent: bool,
    time: UnixTime,
) -> Result<Option<SignerTrust>, Error> {
    if value.is_null() || (value.is_undefined() && !keys_absent) {
        return Ok(None);
    }
    let jpki = VerifyOptions {
        trust: read_trust(value)?,
        ..VerifyOptions::at(time)
    };
    Ok(Some(SignerTrust::Jpki(jpki)))
}

/// The key set: absent, a JWK Set text, or one SPKI given the header's `kid`.
fn read_keys(value: &JsValue, compact: &str) -> Result<Vec<JwsKey>, Error> {
    const WHAT: &str = "keys must be a JWK Set (object or JSON text) or an SPKI Uint8Array";
    if input::is_absent(value) {
        return Ok(Vec::new());
    }
    if value.is_string() {
        let text = input::text(value, WHAT, MAX_JWKS_TEXT)?;
        return JwsKey::from_jwks(&text);
    }
    let spki = input::bytes(value, WHAT, input::MAX_SPKI)?;
    // The header is read only for its kid; the core parses the whole JWS again.
    let kid = parse_compact(compact)?
        .params
        .kid
        .ok_or(Error::KeyNotFound)?;
    Ok(vec![JwsKey::from_spki(&kid, &spki)?])
}

/// `{ ok: true, ...verified, payload }`; the header and payload as `JSON.parse` would give them
/// ([`json`]).
fn result(verified: &JwsVerified) -> Result<JsValue, Error> {
    let out = Object::new();
    js_error::set(&out, "ok", &JsValue::TRUE);
    js_error::set(&out, "algorithm", &JsValue::from_str(&verified.algorithm));
    js_error::set(&out, "header", &json::object(&verified.header));
    let payload_json = verified
        .payload_json
        .as_ref()
        .map_or(JsValue::NULL, json::to_js);
    js_error::set(&out, "payloadJson", &payload_json);
    js_error::set(&out, "keySource", &JsValue::from_str(verified.key_source));
    let kid = verified
        .kid
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    js_error::set(&out, "kid", &kid);
    let certificate = match &verified.certificate {
        Some(c) => to_js(c)?,
        None => JsValue::NULL,
    };
    js_error::set(&out, "certificate", &certificate);
    let payload = Uint8Array::from(verified.payload.as_slice());
    js_error::set(&out, "payload", &payload);
    Ok(out.into())
}

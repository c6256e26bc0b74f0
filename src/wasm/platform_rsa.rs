//! The two calls through which the JS layer has the platform's WebCrypto check RSA PKCS#1 v1.5
//! signatures ([`crate::pki::signature::platform`]), for `verifyToken` and `verifyCertificate`:
//!
//! - `rsaPlan(call, args)` runs the call as a plan and returns its requests as JSON text
//!   `[{ id, spki, hash, message, signature }]` (bytes in base64, `hash` a WebCrypto name);
//!   the call's own outcome is dropped here, never returned;
//! - `rsaAnswered(call, args, answers)` runs the call for real with the answers, JSON text
//!   `[{ id, valid }]` (`id` as in the request). The answers are believed for exactly their
//!   requests and forgotten when the call returns.
//!
//! Both are internal to the package's JS layer. Every other export that checks a signature
//! starts by switching the platform's RSA off, so neither state outlives its call.

use super::js_error;
use super::token::verify_token_with_platform_rsa;
use super::verify_certificate_with_platform_rsa;
use crate::pki::signature::platform::{self, Request, MAX_REQUESTS};
use crate::wire::{base64, json};
use crate::Error;
use wasm_bindgen::prelude::*;

/// Longest answers text accepted (8 answers are about 600 bytes).
const MAX_ANSWERS_TEXT: usize = 4096;

/// A verifying export's body, run with the platform-RSA state as it is.
type Binding = fn(JsValue) -> Result<JsValue, JsValue>;

/// The binding of `call` (`"verifyToken"` or `"verifyCertificate"`).
fn binding(call: &str) -> Result<Binding, JsValue> {
    match call {
        "verifyToken" => Ok(verify_token_with_platform_rsa),
        "verifyCertificate" => Ok(verify_certificate_with_platform_rsa),
        _ => Err(js_error::thrown(&Error::InvalidOptions(
            "call must be verifyToken or verifyCertificate",
        ))),
    }
}

/// `rsaPlan(call, args)` → the JSON text of the plan's requests.
#[wasm_bindgen(js_name = rsaPlan)]
pub fn rsa_plan(call: &str, args: JsValue) -> Result<String, JsValue> {
    let run = binding(call)?;
    platform::begin_plan();
    // A plan's outcome (result or thrown error) is not the call's: it is never returned.
    let _ = run(args);
    Ok(requests_json(&platform::end_plan()))
}

/// `rsaAnswered(call, args, answers)` → what `call` returns, with the answers believed.
#[wasm_bindgen(js_name = rsaAnswered)]
pub fn rsa_answered(call: &str, args: JsValue, answers: &str) -> Result<JsValue, JsValue> {
    let run = binding(call)?;
    let answers = read_answers(answers).map_err(|e| js_error::thrown(&e))?;
    platform::set_answers(answers);
    let out = run(args);
    platform::clear();
    out
}

fn requests_json(requests: &[Request]) -> String {
    let items: Vec<String> = requests
        .iter()
        .map(|r| {
            json::string_object(&[
                ("id", &base64::encode(&r.id)),
                ("spki", &base64::encode(&r.spki)),
                ("hash", r.hash.webcrypto_name()),
                ("message", &base64::encode(&r.message)),
                ("signature", &base64::encode(&r.signature)),
            ])
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// `[{ "id": base64 of 32 bytes, "valid": bool }]`, at most [`MAX_REQUESTS`] entries.
fn read_answers(text: &str) -> Result<Vec<([u8; 32], bool)>, Error> {
    const WHAT: &str = "answers must be a JSON array of { id, valid }";
    if text.len() > MAX_ANSWERS_TEXT {
        return Err(Error::InvalidOptions(WHAT));
    }
    let value = json::parse_strict(text.as_bytes()).map_err(|_| Error::InvalidOptions(WHAT))?;
    let items = value.as_array().ok_or(Error::InvalidOptions(WHAT))?;
    if items.len() > MAX_REQUESTS {
        return Err(Error::InvalidOptions(WHAT));
    }
    items
        .iter()
        .map(|item| {
            let id = item
                .get("id")
                .and_then(|v| v.as_str())
                .ok_or(Error::InvalidOptions(WHAT))?;
            let id: [u8; 32] = base64::decode(id)
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .ok_or(Error::InvalidOptions(WHAT))?;
            let valid = item
                .get("valid")
                .and_then(|v| v.as_bool())
                .ok_or(Error::InvalidOptions(WHAT))?;
            Ok((id, valid))
        })
        .collect()
}

//! Thin wasm-bindgen bindings: convert types, never decide.
//!
//! Misuse (wrong argument types, bad options, unknown algorithm, malformed key) is thrown as a JS
//! `Error` carrying `code` and `messageJa`. A certificate that does not verify is *reported* by
//! `verifyCertificate` as `{ ok: false, error }`, never thrown; a signature that does not verify
//! makes `verifySignature` return `false`. No panic crosses this boundary: every input is type-
//! and size-checked in [`input`] before it reaches the core.
//!
//! Two verifier modules are built from these bindings: the *core* (feature `verify` alone) and
//! the *full* module (feature `crl-ocsp-cms` too), which adds `CrlIndex`, `buildOcspRequest`,
//! `verifyCms` and CRL/OCSP evidence in `verifyToken`. The core refuses such evidence as misuse
//! (the JS layer sends those calls to the full module), so a call answers alike in both.

/// The heap of every wasm module: talc instead of the standard library's dlmalloc. Measured
/// at commit 7c66475 against dlmalloc, interleaved: the core module 2.4 KiB and the full one
/// 2.9 KiB smaller (gzip), the first verification of a cold process 0.4–1.4 ms faster (a
/// smaller `malloc` to compile, and to tier up while the verification runs), token
/// verification and the 1M-entry CRL index as fast. Freed memory is reused
/// (`tests/js/signature.test.mjs` checks it).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "card")]
mod card;
mod challenge;
#[cfg(feature = "crl-ocsp-cms")]
mod cms;
#[cfg(feature = "crl-ocsp-cms")]
mod crl_index;
mod input;
mod js_error;
mod json;
mod jws;
#[cfg(feature = "crl-ocsp-cms")]
mod ocsp_request;
mod options;
mod revocation;
mod token;

use crate::jpki::{self, CustomAnchor, Purpose, TrustSelection, VerifyOptions};
use crate::pki::signature::{self, SignatureAlgorithm};
use crate::Error;
use js_sys::Object;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `verifySignature({ spki, algorithm, message, signature })` → `true` / `false`.
///
/// `algorithm` is a JOSE name (RS256…PS512, ES256, ES384: raw r‖s) or a dotted X.509 OID (ECDSA
/// signatures then DER). Throws for an unknown algorithm or a malformed key.
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature(args: JsValue) -> Result<bool, JsValue> {
    let outcome = read_signature_args(&args)
        .and_then(|a| signature::verify_signature(&a.spki, a.algorithm, &a.message, &a.signature));
    match outcome {
        Ok(()) => Ok(true),
        Err(Error::SignatureInvalid) => Ok(false),
        Err(e) => Err(js_error::thrown(&e)),
    }
}

/// The decoded arguments of [`verify_signature`].
struct SignatureArgs {
    spki: Vec<u8>,
    algorithm: SignatureAlgorithm,
    message: Vec<u8>,
    signature: Vec<u8>,
}

fn read_signature_args(args: &JsValue) -> Result<SignatureArgs, Error> {
    // Every type and size check first; only then is the algorithm name interpreted.
    let name = input::algorithm_name(&input::field(args, "algorithm")?)?;
    let spki = input::field(args, "spki")?;
    let message = input::field(args, "message")?;
    let signature = input::field(args, "signature")?;
    let spki = input::bytes(&spki, "spki must be a Uint8Array", input::MAX_SPKI)?;
    let message = input::bytes(&message, "message must be a Uint8Array", input::MAX_MESSAGE)?;
    let signature = input::bytes(
        &signature,
        "signature must be a Uint8Array",
        input::MAX_SIGNATURE,
    )?;
    Ok(SignatureArgs {
        spki,
        algorithm: parse_algorithm(&name)?,
        message,
        signature,
    })
}

/// A dotted OID (starts with a digit) goes to `from_x509`, anything else to `from_jose`.
fn parse_algorithm(name: &str) -> Result<SignatureAlgorithm, Error> {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        SignatureAlgorithm::from_x509(name, None)
    } else {
        SignatureAlgorithm::from_jose(name)
    }
}

/// `inspectCertificate(derOrPem)` → a plain object describing the certificate (no trust
/// decision). Throws on input that is not a certificate.
#[wasm_bindgen(js_name = inspectCertificate)]
pub fn inspect_certificate(cert: JsValue) -> Result<JsValue, JsValue> {
    input::certificate(&cert)
        .and_then(|der| jpki::inspect_certificate(&der))
        .and_then(|info| to_js(&info))
        .map_err(|e| js_error::thrown(&e))
}

/// `verifyCertificate({ certificate, intermediates?, time, trust? })` →
/// `{ ok: true, ...verified }` or `{ ok: false, error: { code, message, messageJa } }`.
///
/// Throws only for misuse ([`Error::InvalidOptions`]: wrong types, bad time, unknown trust
/// store); every other failure, including undecodable certificate data, is reported.
#[wasm_bindgen(js_name = verifyCertificate)]
pub fn verify_certificate(args: JsValue) -> Result<JsValue, JsValue> {
    match run_verify_certificate(&args) {
        Ok(verified) => Ok(verified),
        Err(e @ Error::InvalidOptions(_)) => Err(js_error::thrown(&e)),
        Err(e) => Ok(failure(&e)),
    }
}

fn run_verify_certificate(args: &JsValue) -> Result<JsValue, Error> {
    // Options first, so that misuse is thrown even when the certificate is also bad.
    let opts = read_verify_options(args)?;
    let certificate = input::field(args, "certificate")?;
    if input::is_absent(&certificate) {
        return Err(Error::InvalidOptions("certificate is required"));
    }
    let intermediates_js = input::field(args, "intermediates")?;
    let ee = input::certificate(&certificate)?;
    let intermediates = input::intermediates(&intermediates_js)?;
    let refs: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let verified = jpki::verify_certificate(&ee, &refs, &opts)?;
    success(&verified)
}

/// The misuse message for a `trust` option that is none of its forms.
const TRUST_WHAT: &str = "trust must be 'jpki', 'jpki-test' or { anchors, purpose? }";

/// `trust`: which roots to trust. Absent or `'jpki'`: the J-LIS roots; `'jpki-test'`: the TEST
/// hierarchy; `{ anchors, purpose? }`: only these root certificates (PEM text, or an array of PEM
/// strings / DER bytes), trusted for `purpose` (`'jpki-auth'` or `'jpki-sign'`; both when absent).
fn read_trust(value: &JsValue) -> Result<TrustSelection, Error> {
    if input::is_absent(value) {
        return Ok(TrustSelection::Jlis);
    }
    if let Some(text) = value.as_string() {
        return match text.as_str() {
            "jpki" => Ok(TrustSelection::Jlis),
            "jpki-test" => Ok(TrustSelection::Test),
            _ => Err(Error::InvalidOptions(TRUST_WHAT)),
        };
    }
    caller_anchors(value)
}

/// `trust: { anchors, purpose? }`. Kept out of [`read_trust`] so that a call naming a
/// built-in store never compiles it.
#[inline(never)]
fn caller_anchors(value: &JsValue) -> Result<TrustSelection, Error> {
    if !value.is_object() {
        return Err(Error::InvalidOptions(TRUST_WHAT));
    }
    let anchors = input::intermediates(&input::field(value, "anchors")?)?;
    if anchors.is_empty() {
        return Err(Error::InvalidOptions(
            "trust.anchors must hold at least one certificate",
        ));
    }
    let purposes =
        match input::option_text(&input::field(value, "purpose")?, TRUST_WHAT)?.as_deref() {
            None => vec![Purpose::Auth, Purpose::Sign],
            Some("jpki-auth") => vec![Purpose::Auth],
            Some("jpki-sign") => vec![Purpose::Sign],
            Some(_) => {
                return Err(Error::InvalidOptions(
                    "trust.purpose must be 'jpki-auth' or 'jpki-sign'",
                ))
            }
        };
    let custom = anchors
        .iter()
        .enumerate()
        .flat_map(|(i, der)| {
            purposes.iter().map(move |&purpose| CustomAnchor {
                der: der.clone(),
                purpose,
                name: format!("caller anchor {i}"),
            })
        })
        .collect();
    Ok(TrustSelection::Custom(custom))
}

fn read_verify_options(args: &JsValue) -> Result<VerifyOptions, Error> {
    let time_js = input::field(args, "time")?;
    if input::is_absent(&time_js) {
        return Err(Error::InvalidOptions(
            "time is required (the JS layer passes Date.now())",
        ));
    }
    let mut opts = VerifyOptions::at(input::time(&time_js)?);
    opts.trust = read_trust(&input::field(args, "trust")?)?;
    Ok(opts)
}

/// `{ ok: true, ...verified }`, parsed from one JSON text like every result.
fn success<T: Serialize>(verified: &T) -> Result<JsValue, Error> {
    #[derive(Serialize)]
    struct Success<'a, T: Serialize> {
        ok: bool,
        #[serde(flatten)]
        verified: &'a T,
    }
    to_js(&Success { ok: true, verified })
}

/// `{ ok: false, error: { code, message, messageJa } }`.
fn failure(err: &Error) -> JsValue {
    let out = Object::new();
    js_error::set(&out, "ok", &JsValue::FALSE);
    js_error::set(&out, "error", &js_error::reported(err));
    out.into()
}

/// Serialise a result as the plain JS value `JSON.parse` builds from its JSON text: objects,
/// arrays, strings, numbers, booleans and `null` (no Map, no BigInt). One string crosses the
/// boundary, instead of a call into JS per field and per name. Results hold no integer beyond
/// 2^53, so no number is rounded.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    const WHAT: &str = "result could not be converted to JavaScript";
    let text = serde_json::to_string(value).map_err(|_| Error::InvalidOptions(WHAT))?;
    js_sys::JSON::parse(&text).map_err(|_| Error::InvalidOptions(WHAT))
}

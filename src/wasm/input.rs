//! Reading JavaScript arguments: type checks and size caps before anything is copied into wasm.
//!
//! A wrong type or a missing field is caller misuse ([`Error::InvalidOptions`]); an oversized
//! value is [`Error::InputTooLarge`]. Nothing here panics on any input.

use crate::pki::UnixTime;
use crate::wire::{limits, pem};
use crate::Error;
use js_sys::{Array, Date, JsString, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Largest SubjectPublicKeyInfo accepted (an RSA-16384 key is about 2 KB).
pub const MAX_SPKI: usize = 16 * 1024;
/// Largest signature accepted (RSA-16384 is 2048 bytes).
pub const MAX_SIGNATURE: usize = 4 * 1024;
/// Largest signed message accepted.
pub const MAX_MESSAGE: usize = 16 * 1024 * 1024;
/// Longest algorithm name or OID string accepted.
const MAX_ALGORITHM_NAME: usize = 64;
/// Longest option string (trust store name, time) accepted.
const MAX_OPTION_TEXT: usize = 64;
/// Milliseconds either side of 1970 that a JS `Date` can hold.
const MAX_JS_TIME_MS: f64 = 8.64e15;

/// `obj[key]`, or an error when `obj` is not an object.
pub fn field(obj: &JsValue, key: &'static str) -> Result<JsValue, Error> {
    if !obj.is_object() {
        return Err(Error::InvalidOptions("expected an options object"));
    }
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| Error::InvalidOptions(key))
}

/// `true` for `undefined` and `null`.
pub fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A `Uint8Array` of at most `limit` bytes, copied out.
pub fn bytes(value: &JsValue, what: &'static str, limit: usize) -> Result<Vec<u8>, Error> {
    let array = value
        .dyn_ref::<Uint8Array>()
        .ok_or(Error::InvalidOptions(what))?;
    limits::check(what, array.length() as usize, limit)?;
    Ok(array.to_vec())
}

/// A JS string of at most `limit` UTF-16 units, copied out.
pub fn text(value: &JsValue, what: &'static str, limit: usize) -> Result<String, Error> {
    let js = value
        .dyn_ref::<JsString>()
        .ok_or(Error::InvalidOptions(what))?;
    limits::check(what, js.length() as usize, limit)?;
    value.as_string().ok_or(Error::InvalidOptions(what))
}

/// A signature algorithm name: a JOSE `alg` or a dotted X.509 OID.
pub fn algorithm_name(value: &JsValue) -> Result<String, Error> {
    text(value, "algorithm must be a string", MAX_ALGORITHM_NAME)
}

/// A short option string, or `None` when absent.
pub fn option_text(value: &JsValue, what: &'static str) -> Result<Option<String>, Error> {
    if is_absent(value) {
        return Ok(None);
    }
    text(value, what, MAX_OPTION_TEXT).map(Some)
}

/// One certificate given as DER bytes, PEM bytes or PEM text; returns DER.
pub fn certificate(value: &JsValue) -> Result<Vec<u8>, Error> {
    const WHAT: &str = "certificate must be a PEM string or a Uint8Array";
    let der = if value.is_string() {
        let pem_text = text(value, "certificate PEM text", limits::MAX_PEM_TEXT)?;
        pem::der_or_pem_certificate(pem_text.as_bytes())?
    } else if value.is_instance_of::<Uint8Array>() {
        let raw = bytes(value, "certificate", limits::MAX_PEM_TEXT)?;
        pem::der_or_pem_certificate(&raw)?
    } else {
        return Err(Error::InvalidOptions(WHAT));
    };
    limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
    Ok(der)
}

/// Intermediates: absent, one PEM text (any number of blocks), or an array whose items are DER
/// bytes, PEM bytes or PEM text (each PEM text may hold several blocks). Returns DER.
pub fn intermediates(value: &JsValue) -> Result<Vec<Vec<u8>>, Error> {
    const WHAT: &str =
        "intermediates must be a PEM string or an array of PEM strings / Uint8Arrays";
    if is_absent(value) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    if value.is_string() {
        push_pem_bundle(&mut out, value)?;
        return Ok(out);
    }
    let array = value
        .dyn_ref::<Array>()
        .ok_or(Error::InvalidOptions(WHAT))?;
    let count = array.length() as usize;
    limits::check("intermediates count", count, limits::MAX_INTERMEDIATES)?;
    for item in array.iter().take(limits::MAX_INTERMEDIATES) {
        if item.is_string() {
            push_pem_bundle(&mut out, &item)?;
        } else if item.is_instance_of::<Uint8Array>() {
            out.push(certificate(&item)?);
        } else {
            return Err(Error::InvalidOptions(WHAT));
        }
        limits::check("intermediates count", out.len(), limits::MAX_INTERMEDIATES)?;
    }
    Ok(out)
}

/// Every CERTIFICATE block of a PEM text, appended to `out` (at least one is required).
fn push_pem_bundle(out: &mut Vec<Vec<u8>>, value: &JsValue) -> Result<(), Error> {
    let pem_text = text(value, "intermediates PEM text", limits::MAX_PEM_TEXT)?;
    let ders = pem::certificates(&pem_text)?;
    if ders.is_empty() {
        return Err(Error::PemMalformed);
    }
    for der in ders {
        limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
        out.push(der);
    }
    limits::check("intermediates count", out.len(), limits::MAX_INTERMEDIATES)
}

/// The validation time: epoch milliseconds (number), a `Date`, or an RFC 3339 string. Required:
/// the JS layer fills in `Date.now()`; the core never reads a clock.
pub fn time(value: &JsValue) -> Result<UnixTime, Error> {
    const WHAT: &str = "time must be epoch milliseconds, a Date or an RFC 3339 string";
    if let Some(date) = value.dyn_ref::<Date>() {
        return millis_to_time(date.get_time());
    }
    if let Some(ms) = value.as_f64() {
        return millis_to_time(ms);
    }
    if value.is_string() {
        return time_text(value, WHAT);
    }
    Err(Error::InvalidOptions(WHAT))
}

/// An RFC 3339 time option (apart: the JS layer passes numbers, so this rarely runs).
#[inline(never)]
fn time_text(value: &JsValue, what: &'static str) -> Result<UnixTime, Error> {
    UnixTime::parse_rfc3339(&text(value, what, MAX_OPTION_TEXT)?)
}

/// Whole seconds (rounded down) of a finite JS time value.
fn millis_to_time(ms: f64) -> Result<UnixTime, Error> {
    if !ms.is_finite() || ms.abs() > MAX_JS_TIME_MS {
        return Err(Error::InvalidOptions("time is not a valid date"));
    }
    // |ms / 1000| ≤ 8.64e12 fits i64 exactly; `as` saturates and never panics.
    Ok(UnixTime((ms / 1000.0).floor() as i64))
}

//! Option readers shared by the assertion bindings (tokens, challenges, CMS, JWS): each checks
//! the JS type and size of one option before anything is interpreted. A wrong type is
//! [`Error::InvalidOptions`]; nothing here panics on any input.

use super::input;
use crate::pki::UnixTime;
use crate::wire::limits;
use crate::Error;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Shortest sealing secret, in bytes.
pub const MIN_SECRET: usize = 32;
/// Longest sealing secret accepted, in bytes.
pub const MAX_SECRET: usize = 4096;
/// Most strings read from a list option (`acceptedKinds`, `requiredAttributes`, `algorithms`).
const MAX_LIST: usize = 16;
/// Longest item of a list option.
const MAX_LIST_ITEM: usize = 64;

/// The required validation time `args.time` (the JS layer fills in `Date.now()`).
pub fn time(args: &JsValue) -> Result<UnixTime, Error> {
    let value = input::field(args, "time")?;
    if input::is_absent(&value) {
        return Err(Error::InvalidOptions(
            "time is required (the JS layer passes Date.now())",
        ));
    }
    input::time(&value)
}

/// A required string of at most `limit` UTF-16 units.
pub fn required_text(
    args: &JsValue,
    key: &'static str,
    what: &'static str,
    limit: usize,
) -> Result<String, Error> {
    let value = input::field(args, key)?;
    if input::is_absent(&value) {
        return Err(Error::InvalidOptions(what));
    }
    input::text(&value, what, limit)
}

/// An optional boolean (absent → `false`).
pub fn flag(args: &JsValue, key: &'static str, what: &'static str) -> Result<bool, Error> {
    let value = input::field(args, key)?;
    if input::is_absent(&value) {
        return Ok(false);
    }
    value.as_bool().ok_or(Error::InvalidOptions(what))
}

/// An optional whole number in `0..=u32::MAX`.
pub fn whole_number(
    args: &JsValue,
    key: &'static str,
    what: &'static str,
) -> Result<Option<u32>, Error> {
    let value = input::field(args, key)?;
    if input::is_absent(&value) {
        return Ok(None);
    }
    let n = value.as_f64().ok_or(Error::InvalidOptions(what))?;
    if !n.is_finite() || n.fract() != 0.0 || n < 0.0 || n > f64::from(u32::MAX) {
        return Err(Error::InvalidOptions(what));
    }
    // Checked above: a whole number within u32, so the conversion is exact.
    Ok(Some(n as u32))
}

/// An optional array of short strings (absent → `None`).
pub fn string_list(
    args: &JsValue,
    key: &'static str,
    what: &'static str,
) -> Result<Option<Vec<String>>, Error> {
    let value = input::field(args, key)?;
    if input::is_absent(&value) {
        return Ok(None);
    }
    let array = value
        .dyn_ref::<Array>()
        .ok_or(Error::InvalidOptions(what))?;
    limits::check(what, array.length() as usize, MAX_LIST)?;
    array
        .iter()
        .take(MAX_LIST)
        .map(|item| input::text(&item, what, MAX_LIST_ITEM))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A sealing secret: a `Uint8Array` or a string (its UTF-8), 32..=4096 bytes.
#[inline(never)]
pub fn secret(value: &JsValue) -> Result<Vec<u8>, Error> {
    const WHAT: &str = "secret must be a Uint8Array or a string of at least 32 bytes";
    let bytes = if value.is_string() {
        input::text(value, WHAT, MAX_SECRET)?.into_bytes()
    } else if value.is_instance_of::<Uint8Array>() {
        input::bytes(value, WHAT, MAX_SECRET)?
    } else {
        return Err(Error::InvalidOptions(WHAT));
    };
    limits::check("secret", bytes.len(), MAX_SECRET)?;
    if bytes.len() < MIN_SECRET {
        return Err(Error::InvalidOptions(WHAT));
    }
    Ok(bytes)
}

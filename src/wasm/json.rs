//! Parsed JSON ([`crate::wire::json::Value`]) as the JavaScript value `JSON.parse` would build
//! from the same text.
//!
//! - An object member is an own data property, whatever its name: `"__proto__"` does not set
//!   the prototype (a signed payload must not be able to give its object inherited fields).
//! - A number is the nearest double, as `JSON.parse` rounds it: an integer beyond 2^53 is
//!   rounded, not refused, and a fraction is read by the host's `parseFloat`, which reads a
//!   JSON number's text as `JSON.parse` does.

use crate::wire::json::{Map, Number, Value};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

/// `value` as `JSON.parse` would give it.
pub(super) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(number(n)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(list) => list.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => object(map),
    }
}

/// `map` as a plain object, its members own data properties in document order.
pub(super) fn object(map: &Map) -> JsValue {
    let entries: Array = map
        .iter()
        .map(|(name, v)| Array::of2(&JsValue::from_str(name), &to_js(v)))
        .collect();
    // `Object.fromEntries` defines each member (CreateDataProperty), as `JSON.parse` does;
    // given an array of pairs it cannot throw.
    Object::from_entries(&entries).map_or(JsValue::NULL, JsValue::from)
}

fn number(n: &Number) -> f64 {
    match (n.as_u64(), n.as_i64(), n.decimal_text()) {
        (Some(u), _, _) => u as f64,
        (None, Some(i), _) => i as f64,
        (None, None, Some(text)) => js_sys::parse_float(text),
        (None, None, None) => f64::NAN,
    }
}

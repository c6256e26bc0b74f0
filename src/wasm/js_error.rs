//! Errors as JavaScript sees them: `{ code, message, messageJa }`.

use crate::Error;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// The `name` of every error object the bindings throw.
const ERROR_NAME: &str = "MynaVerifyError";

/// A thrown error: a JS `Error` whose `message` is English, with `code` and `messageJa` added.
///
/// Not inlined (nor is [`reported`]): error paths stay out of the bindings' bodies, which V8
/// compiles in full on their first call.
#[cold]
#[inline(never)]
pub fn thrown(err: &Error) -> JsValue {
    let js = js_sys::Error::new(&err.message());
    js.set_name(ERROR_NAME);
    set_fields(&js, err);
    js.into()
}

/// A reported (not thrown) error: a plain `{ code, message, messageJa }` object.
#[inline(never)]
pub fn reported(err: &Error) -> JsValue {
    let obj = Object::new();
    set(&obj, "code", &JsValue::from_str(err.code()));
    set(&obj, "message", &JsValue::from_str(&err.message()));
    set(&obj, "messageJa", &JsValue::from_str(&err.message_ja()));
    obj.into()
}

fn set_fields(target: &JsValue, err: &Error) {
    set(target, "code", &JsValue::from_str(err.code()));
    set(target, "messageJa", &JsValue::from_str(&err.message_ja()));
}

/// `target[key] = value`. Setting a property on an object we just created cannot fail; if it
/// ever did, the field would be missing rather than the call panicking.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

//! The card module's bindings (feature `card`, wasm32 only; never in the verifier module):
//! WebUSB [`UsbBulk`](crate::card::transport::UsbBulk) glue, the RC-S380 driver over it, a host
//! transmit callback (Web Smart Card API in Isolated Web Apps, native shells), the virtual card
//! and a simulated RC-S380 device (feature `simulator`), and the three ceremonies on a
//! `CardReader`. Bytes move here; every protocol and PIN decision is made in `crate::card`.

mod ccid;
mod ceremony;
mod host;
mod reader;
#[cfg(feature = "simulator")]
mod sim;
mod webusb;

use crate::wasm::js_error;
use crate::Error;
use wasm_bindgen::prelude::*;

/// A thrown card error: `code`, `message`, `messageJa`, plus `triesLeft` for the PIN errors
/// (`PIN_INCORRECT` n, `PIN_LAST_TRY` 1, `PIN_BLOCKED` 0).
pub fn thrown(err: &Error) -> JsValue {
    let js = js_error::thrown(err);
    let tries = match err {
        Error::PinIncorrect { tries_left, .. } => Some(*tries_left),
        Error::PinLastTry(_) => Some(1),
        Error::PinBlocked(_) => Some(0),
        _ => None,
    };
    if let Some(n) = tries {
        js_error::set(&js, "triesLeft", &JsValue::from(n));
    }
    js
}

/// `readerError(code)` → the error object for a condition the JS reader picker detects itself:
/// `READER_NOT_AVAILABLE`, `READER_NOT_SELECTED`, `READER_HELD_BY_OS`,
/// `READER_NEEDS_ISOLATED_WEB_APP`, `READER_BUSY`, `CARD_NOT_PRESENT` (Web Smart Card API
/// failures), or `READER_UNSUPPORTED` for a CCID reader outside an Isolated Web App. Any other code gives `INVALID_OPTIONS`.
#[wasm_bindgen(js_name = readerError)]
pub fn reader_error(code: &str) -> JsValue {
    let err = match code {
        "READER_NOT_AVAILABLE" => Error::ReaderNotAvailable,
        "READER_NOT_SELECTED" => Error::ReaderNotSelected,
        "READER_HELD_BY_OS" => Error::ReaderHeldByOs,
        "READER_NEEDS_ISOLATED_WEB_APP" => Error::ReaderNeedsIsolatedWebApp,
        "READER_BUSY" => Error::ReaderBusy,
        "CARD_NOT_PRESENT" => Error::CardNotPresent,
        "READER_UNSUPPORTED" => Error::ReaderUnsupported(
            "ordinary web pages may not claim a CCID (USB class 0x0B) reader; only Isolated Web Apps can",
        ),
        _ => Error::InvalidOptions("unknown reader error code"),
    };
    thrown(&err)
}

//! A host-provided transmit: a JS async callback `(apdu: Uint8Array) => Promise<Uint8Array>`.
//! Covers the Web Smart Card API (`navigator.smartCard`, Isolated Web Apps only: the JS layer
//! wraps `connection.transmit`) and native shells that own PC/SC or NFC themselves.

use crate::card::transport::host::{HostFuture, HostTransmit, MAX_RESPONSE};
use crate::Error;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The JS callback.
pub struct JsTransmit {
    callback: Function,
}

impl JsTransmit {
    /// Wrap `callback`; it must be a function.
    pub fn new(callback: JsValue) -> Result<JsTransmit, Error> {
        let callback = callback.dyn_into::<Function>().map_err(|_| {
            Error::InvalidOptions("transmit must be a function (apdu) => Promise<Uint8Array>")
        })?;
        Ok(JsTransmit { callback })
    }
}

/// A host error that carries one of our codes keeps it (e.g. `READER_BUSY` from the JS glue).
fn host_error(err: &JsValue) -> Error {
    let code = Reflect::get(err, &JsValue::from_str("code"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match code.as_str() {
        "READER_BUSY" => Error::ReaderBusy,
        "CARD_NOT_PRESENT" => Error::CardNotPresent,
        "READER_HELD_BY_OS" => Error::ReaderHeldByOs,
        _ => Error::CardNoResponse("the host transmit callback failed"),
    }
}

/// Await what the callback returned (a promise or a value) and copy out the response bytes.
async fn response_of(returned: JsValue) -> Result<Vec<u8>, Error> {
    let settled = if returned.has_type::<Promise>() {
        JsFuture::from(returned.unchecked_into::<Promise>())
            .await
            .map_err(|e| host_error(&e))?
    } else {
        returned
    };
    let bytes = settled.dyn_into::<Uint8Array>().map_err(|_| {
        Error::ReaderProtocol("the host transmit callback must resolve to a Uint8Array")
    })?;
    if bytes.length() as usize > MAX_RESPONSE {
        return Err(Error::InputTooLarge {
            what: "card response",
            limit: MAX_RESPONSE,
        });
    }
    Ok(bytes.to_vec())
}

impl HostTransmit for JsTransmit {
    fn transmit(&mut self, command: Vec<u8>) -> HostFuture {
        let apdu = Uint8Array::from(command.as_slice());
        let returned = self.callback.call1(&JsValue::UNDEFINED, &apdu);
        Box::pin(async move {
            let returned = returned.map_err(|e| host_error(&e))?;
            response_of(returned).await
        })
    }
}

//! The simulator, for tests and the demo: a virtual My Number Card (`VirtualCard` JS handle,
//! usable directly as a reader) and the device side of a simulated RC-S380 (`SimUsbDevice`),
//! which `js/testing/fake-usb.js` puts behind a fake `navigator.usb` so that the real WebUSB
//! code path runs against it.

use crate::card::executor::block_on;
use crate::card::pin::PinKind;
use crate::card::transport::{rcs380, Transport, UsbBulk};
use crate::sim::card::VirtualCard as SimCard;
use crate::sim::rcs380::SimRcs380;
use crate::sim::responder::ApduResponder;
use crate::wasm::js_error;
use crate::Error;
use js_sys::{Object, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Polls allowed for one simulated transfer (every simulator future is ready at once).
const SIM_POLLS: usize = 4;
/// The simulated RC-S380's bulk packet size (full-speed USB).
pub const RCS380_PACKET_SIZE: usize = 64;

/// One bulk OUT transfer to `endpoint` of a simulated device whose OUT endpoint is `own`.
/// Throws for a wrong endpoint, or for a simulator that does not finish at once.
pub(super) fn bulk_out(
    device: &mut impl UsbBulk,
    own: u8,
    endpoint: u8,
    data: &[u8],
) -> Result<(), JsValue> {
    if endpoint != own {
        return Err(js_error::thrown(&Error::ReaderProtocol(
            "no such OUT endpoint",
        )));
    }
    block_on(device.send(data), SIM_POLLS)
        .unwrap_or(Err(Error::ReaderProtocol("simulator stalled")))
        .map_err(|e| js_error::thrown(&e))
}

/// One bulk IN transfer from `endpoint` of at most `length` bytes, of a simulated device whose
/// IN endpoint is `own`. Throws for a wrong endpoint or when the device has nothing queued.
pub(super) fn bulk_in(
    device: &mut impl UsbBulk,
    own: u8,
    endpoint: u8,
    length: u32,
) -> Result<Uint8Array, JsValue> {
    if endpoint != own {
        return Err(js_error::thrown(&Error::ReaderProtocol(
            "no such IN endpoint",
        )));
    }
    let len = usize::try_from(length).unwrap_or(usize::MAX);
    block_on(device.receive(len), SIM_POLLS)
        .unwrap_or(Err(Error::ReaderProtocol("simulator stalled")))
        .map(|bytes| Uint8Array::from(bytes.as_slice()))
        .map_err(|e| js_error::thrown(&e))
}

/// A simulated device's counters as a JS object (each saturated at `u32::MAX`).
pub(super) fn counters(pairs: &[(&str, usize)]) -> JsValue {
    let out = Object::new();
    for &(key, value) in pairs {
        js_error::set(
            &out,
            key,
            &JsValue::from(u32::try_from(value).unwrap_or(u32::MAX)),
        );
    }
    out.into()
}

/// A simulated device's USB ids and endpoints (`pairs`) plus `productName`, for the fake
/// `USBDevice`.
pub(super) fn device_descriptor(pairs: &[(&str, u32)], product_name: &str) -> JsValue {
    let out = Object::new();
    for &(key, value) in pairs {
        js_error::set(&out, key, &JsValue::from(value));
    }
    js_error::set(&out, "productName", &JsValue::from_str(product_name));
    out.into()
}

/// One virtual card, shared by the JS handle and whatever reader holds it.
#[derive(Clone)]
pub struct SharedCard(Rc<RefCell<SimCard>>);

impl ApduResponder for SharedCard {
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        match self.0.try_borrow_mut() {
            Ok(mut card) => card.respond(apdu),
            Err(_) => Vec::new(),
        }
    }
}

impl Transport for SharedCard {
    /// The virtual card straight as a transport (no reader); silence means it was removed.
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        let response = self.respond(command);
        if response.is_empty() {
            return Err(Error::CardNotPresent);
        }
        Ok(response)
    }
}

fn pin_kind(name: &str) -> Result<PinKind, Error> {
    match name {
        "auth-pin" => Ok(PinKind::Auth),
        "sign-password" => Ok(PinKind::Sign),
        "card-info-pin" => Ok(PinKind::CardInfo),
        _ => Err(Error::InvalidOptions(
            "pin kind must be 'auth-pin', 'sign-password' or 'card-info-pin'",
        )),
    }
}

/// A virtual My Number Card with TEST certificates (trust store `jpki-test`): auth PIN `1234`,
/// signature password `ABC123`, card-info PIN `1234`, My Number `123456789018`.
#[wasm_bindgen(js_name = VirtualCard)]
pub struct VirtualCardHandle {
    card: SharedCard,
}

#[wasm_bindgen(js_class = VirtualCard)]
impl VirtualCardHandle {
    /// A fresh card (PIN counters full).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<VirtualCardHandle, JsValue> {
        let card = SimCard::new().map_err(|e| js_error::thrown(&e))?;
        Ok(VirtualCardHandle {
            card: SharedCard(Rc::new(RefCell::new(card))),
        })
    }

    /// APDUs the card has answered so far.
    #[wasm_bindgen(getter, js_name = apduCount)]
    pub fn apdu_count(&self) -> u32 {
        self.card
            .0
            .try_borrow()
            .map(|c| u32::try_from(c.apdu_count()).unwrap_or(u32::MAX))
            .unwrap_or(0)
    }

    /// Tries left for `kind` (`auth-pin`, `sign-password`, `card-info-pin`).
    #[wasm_bindgen(js_name = triesLeft)]
    pub fn tries_left(&self, kind: &str) -> Result<u8, JsValue> {
        let kind = pin_kind(kind).map_err(|e| js_error::thrown(&e))?;
        Ok(self
            .card
            .0
            .try_borrow()
            .map(|c| c.tries_left(kind))
            .unwrap_or(0))
    }

    /// Set the tries left for `kind` (0 blocks it).
    #[wasm_bindgen(js_name = setTriesLeft)]
    pub fn set_tries_left(&self, kind: &str, tries: u8) -> Result<(), JsValue> {
        let kind = pin_kind(kind).map_err(|e| js_error::thrown(&e))?;
        if let Ok(mut c) = self.card.0.try_borrow_mut() {
            c.set_tries_left(kind, tries);
        }
        Ok(())
    }

    /// Accept extended-length APDUs (`true`) or answer them `67 00` (`false`, the default).
    #[wasm_bindgen(js_name = setExtendedLength)]
    pub fn set_extended_length(&self, on: bool) {
        if let Ok(mut c) = self.card.0.try_borrow_mut() {
            c.set_extended_length(on);
        }
    }

    /// One APDU straight to the card (fake Web Smart Card API, tests); the response APDU, empty
    /// when the card was taken away.
    pub fn transmit(&self, apdu: &[u8]) -> Vec<u8> {
        self.card.clone().respond(apdu)
    }

    /// Take the card away (`true`) or put it back (`false`).
    #[wasm_bindgen(js_name = setRemoved)]
    pub fn set_removed(&self, removed: bool) {
        if let Ok(mut c) = self.card.0.try_borrow_mut() {
            c.set_removed(removed);
        }
    }
}

impl VirtualCardHandle {
    /// The shared card (for readers built on it).
    pub fn shared(&self) -> SharedCard {
        self.card.clone()
    }
}

/// The device side of a simulated USB card reader holding a virtual card.
#[wasm_bindgen]
pub struct SimUsbDevice {
    reader: SimRcs380<SharedCard>,
}

#[wasm_bindgen]
impl SimUsbDevice {
    /// A simulated Sony RC-S380 with `card` in its field.
    pub fn rcs380(card: &VirtualCardHandle) -> SimUsbDevice {
        SimUsbDevice {
            reader: SimRcs380::new(card.shared(), RCS380_PACKET_SIZE, 8),
        }
    }

    /// USB ids and endpoints, for the fake `USBDevice`:
    /// `{ vendorId, productId, interfaceClass, interfaceNumber, endpointIn, endpointOut, packetSize }`.
    pub fn descriptor(&self) -> JsValue {
        device_descriptor(
            &[
                ("vendorId", u32::from(rcs380::VENDOR_ID)),
                ("productId", u32::from(rcs380::PRODUCT_IDS[0])),
                ("interfaceClass", 0xFF),
                ("interfaceNumber", u32::from(rcs380::INTERFACE)),
                ("endpointIn", u32::from(rcs380::ENDPOINT_IN)),
                ("endpointOut", u32::from(rcs380::ENDPOINT_OUT)),
                ("packetSize", RCS380_PACKET_SIZE as u32),
            ],
            "RC-S380/S (simulated)",
        )
    }

    /// One bulk OUT transfer to `endpoint`. Throws for a wrong endpoint.
    #[wasm_bindgen(js_name = transferOut)]
    pub fn transfer_out(&mut self, endpoint: u8, data: &[u8]) -> Result<(), JsValue> {
        bulk_out(&mut self.reader, rcs380::ENDPOINT_OUT, endpoint, data)
    }

    /// One bulk IN transfer from `endpoint` of at most `length` bytes. Throws when the device
    /// has nothing queued (a real one would wait).
    #[wasm_bindgen(js_name = transferIn)]
    pub fn transfer_in(&mut self, endpoint: u8, length: u32) -> Result<Uint8Array, JsValue> {
        bulk_in(&mut self.reader, rcs380::ENDPOINT_IN, endpoint, length)
    }

    /// What the device saw: `{ sends, receives, zeroLengthPackets, missingZeroLengthPackets,
    /// rfExchanges }`.
    pub fn stats(&self) -> JsValue {
        let s = &self.reader.stats;
        counters(&[
            ("sends", s.sends),
            ("receives", s.receives),
            ("zeroLengthPackets", s.zero_length_packets),
            ("missingZeroLengthPackets", s.missing_zero_length_packets),
            ("rfExchanges", s.rf_exchanges),
        ])
    }

    /// Take the card out of the field (`true`) or put it back (`false`).
    #[wasm_bindgen(js_name = setCardPresent)]
    pub fn set_card_present(&mut self, present: bool) {
        if present {
            self.reader.insert_card();
        } else {
            self.reader.remove_card();
        }
    }
}

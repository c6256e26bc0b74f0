//! WebUSB glue: open a `USBDevice`, find its bulk endpoints in the active configuration, claim
//! the interface and move bytes ([`UsbBulk`]). Only bytes move here; framing (Port-100, CCID)
//! and the zero-length-packet rule are the drivers' job.

use crate::card::transport::UsbBulk;
use crate::Error;
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    UsbAlternateInterface, UsbDevice, UsbDirection, UsbEndpoint, UsbEndpointType,
    UsbInTransferResult, UsbOutTransferResult, UsbTransferStatus,
};

/// USB interface class of CCID smart-card readers (protected in ordinary pages).
pub const CLASS_SMART_CARD: u8 = 0x0B;
/// USB interface class "vendor specific" (RC-S380).
pub const CLASS_VENDOR: u8 = 0xFF;
/// At most this many interfaces and endpoints are looked at (a reader has a handful).
pub const MAX_DESCRIPTORS: u32 = 32;
/// Largest single bulk IN transfer asked for.
pub const MAX_TRANSFER: usize = 65_600;

/// The interface and bulk endpoints found for a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// `bInterfaceNumber`.
    pub interface: u8,
    /// Bulk OUT endpoint number.
    pub bulk_out: u8,
    /// Bulk IN endpoint number.
    pub bulk_in: u8,
    /// `wMaxPacketSize` of the bulk OUT endpoint.
    pub packet_size: usize,
}

/// [`UsbBulk`] over a claimed `USBDevice`.
pub struct WebUsbBulk {
    device: UsbDevice,
    endpoints: Endpoints,
}

/// The `name` of a thrown DOMException (`SecurityError`, `NetworkError`, …), or "".
fn exception_name(err: &JsValue) -> String {
    Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Await a promise-returning WebUSB call.
pub async fn settle(promise: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(promise.unchecked_into::<js_sys::Promise>()).await
}

/// The first interface of `class` in the active configuration.
fn find_alternate(device: &UsbDevice, class: u8) -> Result<(u8, UsbAlternateInterface), Error> {
    let config = device.configuration().ok_or(Error::ReaderUnsupported(
        "the device has no active configuration",
    ))?;
    let interfaces: Array = config.interfaces().unchecked_into();
    let count = interfaces.length().min(MAX_DESCRIPTORS);
    for i in 0..count {
        let iface: web_sys::UsbInterface = interfaces.get(i).unchecked_into();
        let alternate = iface.alternate();
        if alternate.interface_class() == class {
            return Ok((iface.interface_number(), alternate));
        }
    }
    Err(Error::ReaderUnsupported(
        "no interface of the expected USB class",
    ))
}

/// The bulk IN and OUT endpoints of `alternate`.
fn bulk_endpoints(interface: u8, alternate: &UsbAlternateInterface) -> Result<Endpoints, Error> {
    let endpoints: Array = alternate.endpoints().unchecked_into();
    let (mut bulk_in, mut bulk_out) = (None, None);
    for i in 0..endpoints.length().min(MAX_DESCRIPTORS) {
        let ep: UsbEndpoint = endpoints.get(i).unchecked_into();
        if ep.type_() != UsbEndpointType::Bulk {
            continue;
        }
        match ep.direction() {
            UsbDirection::In => bulk_in = bulk_in.or(Some(ep.endpoint_number())),
            UsbDirection::Out => {
                bulk_out = bulk_out.or(Some((ep.endpoint_number(), ep.packet_size())))
            }
            _ => {}
        }
    }
    match (bulk_in, bulk_out) {
        (Some(bulk_in), Some((bulk_out, size))) if size > 0 => Ok(Endpoints {
            interface,
            bulk_out,
            bulk_in,
            packet_size: usize::try_from(size).unwrap_or(64),
        }),
        _ => Err(Error::ReaderUnsupported(
            "the interface has no bulk IN/OUT endpoint pair",
        )),
    }
}

/// What a failed `claimInterface` means. A SecurityError on the smart-card class is the
/// browser's protected-class rule (ordinary pages); a CCID-described vendor interface too.
fn claim_error(err: &JsValue, class: u8) -> Error {
    match exception_name(err).as_str() {
        "SecurityError" if class == CLASS_SMART_CARD => Error::ReaderNeedsIsolatedWebApp,
        "SecurityError" => Error::ReaderUnsupported("the browser refused access to this interface"),
        _ => Error::ReaderHeldByOs,
    }
}

/// Open `device` (if needed) and select configuration 1 when none is active.
pub async fn ready(device: &UsbDevice) -> Result<(), Error> {
    if !device.opened() {
        settle(device.open().into())
            .await
            .map_err(|_| Error::ReaderHeldByOs)?;
    }
    if device.configuration().is_none() {
        settle(device.select_configuration(1).into())
            .await
            .map_err(|_| Error::ReaderUnsupported("configuration 1 could not be selected"))?;
    }
    Ok(())
}

impl WebUsbBulk {
    /// Open `device` (if needed), select configuration 1 when none is active, find the first
    /// interface of `class` with a bulk endpoint pair and claim it.
    pub async fn open(device: UsbDevice, class: u8) -> Result<WebUsbBulk, Error> {
        ready(&device).await?;
        let (interface, alternate) = find_alternate(&device, class)?;
        WebUsbBulk::claim(device, interface, &alternate, class).await
    }

    /// Claim interface `interface` (alternate `alternate`, of USB class `class`) of an opened,
    /// configured `device` and use its bulk endpoint pair.
    pub async fn claim(
        device: UsbDevice,
        interface: u8,
        alternate: &UsbAlternateInterface,
        class: u8,
    ) -> Result<WebUsbBulk, Error> {
        let endpoints = bulk_endpoints(interface, alternate)?;
        settle(device.claim_interface(interface).into())
            .await
            .map_err(|e| claim_error(&e, class))?;
        Ok(WebUsbBulk { device, endpoints })
    }

    /// The endpoints in use.
    pub fn endpoints(&self) -> Endpoints {
        self.endpoints
    }

    /// Release the interface and close the device (errors ignored: the device may be gone).
    pub async fn close(&self) {
        let _ = settle(
            self.device
                .release_interface(self.endpoints.interface)
                .into(),
        )
        .await;
        let _ = settle(self.device.close().into()).await;
    }
}

/// The transfer failed: the reader was unplugged or stopped answering.
fn transfer_failed() -> Error {
    Error::ReaderProtocol("USB transfer failed (reader unplugged?)")
}

impl UsbBulk for WebUsbBulk {
    async fn send(&mut self, data: &[u8]) -> Result<(), Error> {
        let bytes = Uint8Array::from(data);
        let promise = self
            .device
            .transfer_out_with_u8_array(self.endpoints.bulk_out, &bytes)
            .map_err(|_| transfer_failed())?;
        let result: UsbOutTransferResult = settle(promise.into())
            .await
            .map_err(|_| transfer_failed())?
            .unchecked_into();
        if result.status() != UsbTransferStatus::Ok {
            return Err(Error::ReaderProtocol("USB bulk OUT transfer stalled"));
        }
        Ok(())
    }

    async fn receive(&mut self, max_len: usize) -> Result<Vec<u8>, Error> {
        let len = u32::try_from(max_len.min(MAX_TRANSFER)).unwrap_or(u32::MAX);
        let promise = self.device.transfer_in(self.endpoints.bulk_in, len);
        let result: UsbInTransferResult = settle(promise.into())
            .await
            .map_err(|_| transfer_failed())?
            .unchecked_into();
        if result.status() != UsbTransferStatus::Ok {
            return Err(Error::ReaderProtocol("USB bulk IN transfer stalled"));
        }
        let Some(view) = result.data() else {
            return Ok(Vec::new());
        };
        let bytes = Uint8Array::new_with_byte_offset_and_length(
            &view.buffer(),
            view.byte_offset() as u32,
            view.byte_length() as u32,
        );
        if bytes.length() as usize > max_len {
            return Err(Error::ReaderProtocol("USB transfer longer than asked for"));
        }
        Ok(bytes.to_vec())
    }
}

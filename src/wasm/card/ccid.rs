//! CCID readers over WebUSB (Isolated Web Apps only: ordinary pages may not claim USB class
//! 0x0B). The configuration descriptor is read with a standard GET_DESCRIPTOR control transfer,
//! the CCID interface (class 0x0B, or a vendor-class interface carrying a CCID class
//! descriptor) and its 54-byte class descriptor are picked out of it, the interface is claimed
//! and [`Ccid`] powers the card. With feature `simulator`, `SimCcidDevice` is the device side
//! of a simulated CCID reader for `js/testing/fake-usb.js` (`SimCcidDevice`).

use super::webusb::{self, WebUsbBulk, CLASS_SMART_CARD, CLASS_VENDOR, MAX_DESCRIPTORS};
use crate::card::transport::ccid::{Ccid, ClassDescriptor, CLASS_DESCRIPTOR_LEN};
use crate::Error;
use js_sys::{Array, DataView, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{UsbAlternateInterface, UsbDevice};

/// Longest configuration descriptor read (a reader's is around a hundred bytes).
pub const MAX_CONFIG_DESCRIPTOR: usize = 4096;
/// Length of the configuration descriptor's own header (carries wTotalLength).
const CONFIG_HEADER_LEN: usize = 9;
/// bDescriptorType of a configuration descriptor.
const DESCRIPTOR_CONFIGURATION: u8 = 0x02;
/// bDescriptorType of an interface descriptor.
const DESCRIPTOR_INTERFACE: u8 = 0x04;
/// bDescriptorType of the CCID class descriptor.
const DESCRIPTOR_CCID: u8 = 0x21;
/// Standard request GET_DESCRIPTOR.
const GET_DESCRIPTOR: u8 = 0x06;
/// wValue of GET_DESCRIPTOR for configuration descriptor index 0.
const CONFIGURATION_0: u16 = 0x0200;

/// A CCID interface found in a configuration descriptor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CcidInterface {
    /// bInterfaceNumber.
    pub number: u8,
    /// bInterfaceClass (0x0B, or 0xFF for a vendor interface that speaks CCID).
    pub class: u8,
    /// Its class descriptor.
    pub descriptor: ClassDescriptor,
}

/// The interface a descriptor walk is inside: number, alternate setting, class.
type Current = Option<(u8, u8, u8)>;

/// Find the CCID interface in configuration descriptor `config`: the first class-0x0B interface
/// with a CCID class descriptor, else the first vendor-class one with such a descriptor.
/// Alternate settings other than 0 are skipped (WebUSB claims alternate 0).
pub fn find_ccid_interface(config: &[u8]) -> Result<CcidInterface, Error> {
    match config {
        [len, DESCRIPTOR_CONFIGURATION, ..] if usize::from(*len) >= CONFIG_HEADER_LEN => {}
        _ => return Err(Error::ReaderProtocol("USB configuration descriptor")),
    }
    let (mut pos, mut current): (usize, Current) = (0, None);
    let (mut smart_card, mut vendor) = (None, None);
    // Every descriptor is at least 2 bytes, so this many steps cover the whole buffer.
    for _ in 0..config.len() {
        let Some(&len) = config.get(pos) else { break };
        let end = pos.saturating_add(usize::from(len));
        let desc = match config.get(pos..end) {
            Some(d) if d.len() >= 2 => d,
            _ => return Err(Error::ReaderProtocol("USB descriptor length")),
        };
        match (desc.get(1).copied(), desc) {
            (Some(DESCRIPTOR_INTERFACE), [_, _, number, alt, _, class, ..]) => {
                current = Some((*number, *alt, *class));
            }
            (Some(DESCRIPTOR_CCID), _) if desc.len() == CLASS_DESCRIPTOR_LEN => {
                if let Some((number, 0, class)) = current {
                    let found = || -> Result<CcidInterface, Error> {
                        Ok(CcidInterface {
                            number,
                            class,
                            descriptor: ClassDescriptor::parse(desc)?,
                        })
                    };
                    if class == CLASS_SMART_CARD && smart_card.is_none() {
                        smart_card = Some(found()?);
                    } else if class == CLASS_VENDOR && vendor.is_none() {
                        vendor = Some(found()?);
                    }
                }
            }
            _ => {}
        }
        pos = end;
    }
    smart_card.or(vendor).ok_or(Error::ReaderUnsupported(
        "no CCID interface (class 0x0B or a vendor interface with a CCID class descriptor)",
    ))
}

/// `device.controlTransferIn({standard, device, GET_DESCRIPTOR, wValue 0x0200}, length)`;
/// the bytes returned. Called through `Reflect` (the web-sys binding needs extra features).
async fn get_configuration_descriptor(device: &UsbDevice, length: u16) -> Result<Vec<u8>, Error> {
    let unreadable = || Error::ReaderUnsupported("the configuration descriptor could not be read");
    let setup = Object::new();
    for (key, value) in [
        ("requestType", JsValue::from_str("standard")),
        ("recipient", JsValue::from_str("device")),
        ("request", JsValue::from(GET_DESCRIPTOR)),
        ("value", JsValue::from(CONFIGURATION_0)),
        ("index", JsValue::from(0u16)),
    ] {
        crate::wasm::js_error::set(&setup, key, &value);
    }
    let method: Function = Reflect::get(device, &JsValue::from_str("controlTransferIn"))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(unreadable)?;
    let promise = method
        .call2(device, &setup, &JsValue::from(length))
        .map_err(|_| unreadable())?;
    let result = webusb::settle(promise).await.map_err(|_| unreadable())?;
    let status = Reflect::get(&result, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_string());
    if status.as_deref() != Some("ok") {
        return Err(unreadable());
    }
    let view: DataView = Reflect::get(&result, &JsValue::from_str("data"))
        .ok()
        .and_then(|d| d.dyn_into().ok())
        .ok_or_else(unreadable)?;
    let bytes = Uint8Array::new_with_byte_offset_and_length(
        &view.buffer(),
        u32::try_from(view.byte_offset()).map_err(|_| unreadable())?,
        u32::try_from(view.byte_length()).map_err(|_| unreadable())?,
    );
    if bytes.length() as usize > usize::from(length) {
        return Err(Error::ReaderProtocol("descriptor longer than asked for"));
    }
    Ok(bytes.to_vec())
}

/// The whole configuration descriptor: its header first (wTotalLength), then all of it.
async fn read_configuration(device: &UsbDevice) -> Result<Vec<u8>, Error> {
    let header = get_configuration_descriptor(device, CONFIG_HEADER_LEN as u16).await?;
    let total = match header.as_slice() {
        [_, DESCRIPTOR_CONFIGURATION, lo, hi, ..] => usize::from(u16::from_le_bytes([*lo, *hi])),
        _ => return Err(Error::ReaderProtocol("USB configuration descriptor")),
    };
    let total = u16::try_from(total.clamp(CONFIG_HEADER_LEN, MAX_CONFIG_DESCRIPTOR))
        .unwrap_or(CONFIG_HEADER_LEN as u16);
    get_configuration_descriptor(device, total).await
}

/// The WebUSB alternate of interface `number` in the active configuration.
fn alternate_of(device: &UsbDevice, number: u8) -> Result<UsbAlternateInterface, Error> {
    let config = device.configuration().ok_or(Error::ReaderUnsupported(
        "the device has no active configuration",
    ))?;
    let interfaces: Array = config.interfaces().unchecked_into();
    for i in 0..interfaces.length().min(MAX_DESCRIPTORS) {
        let iface: web_sys::UsbInterface = interfaces.get(i).unchecked_into();
        if iface.interface_number() == number {
            return Ok(iface.alternate());
        }
    }
    Err(Error::ReaderUnsupported(
        "the CCID interface is not in the active configuration",
    ))
}

/// An opened CCID reader; `powered` is false when no card answered the power-on yet.
pub struct OpenedCcid {
    /// The driver over the claimed interface.
    pub reader: Ccid<WebUsbBulk>,
    /// The card answered IccPowerOn.
    pub powered: bool,
}

/// Open `device` as a CCID reader: find the interface and class descriptor, claim it
/// (`READER_NEEDS_ISOLATED_WEB_APP` when the browser refuses the smart-card class), power the
/// card (no card yet is fine: the first operation powers it).
pub async fn open_ccid(device: JsValue) -> Result<OpenedCcid, Error> {
    if !device.is_object() {
        return Err(Error::InvalidOptions("device must be a USBDevice"));
    }
    let device: UsbDevice = device.unchecked_into();
    webusb::ready(&device).await?;
    let config = read_configuration(&device).await?;
    let found = find_ccid_interface(&config)?;
    let alternate = alternate_of(&device, found.number)?;
    let bulk = WebUsbBulk::claim(device, found.number, &alternate, found.class).await?;
    let mut reader = Ccid::new(bulk, found.descriptor)?;
    let powered = match reader.power_on().await {
        Ok(_) => true,
        Err(Error::CardNotPresent | Error::CardNoResponse(_)) => false,
        Err(e) => return Err(e),
    };
    Ok(OpenedCcid { reader, powered })
}

#[cfg(feature = "simulator")]
mod sim {
    //! The device side of a simulated CCID reader holding the virtual card.

    use super::super::sim::{
        bulk_in, bulk_out, counters, device_descriptor, SharedCard, VirtualCardHandle,
    };
    use crate::card::transport::ccid::Level;
    use crate::sim::ccid::{descriptor, SimCcid};
    use crate::wasm::js_error;
    use crate::Error;
    use js_sys::Uint8Array;
    use wasm_bindgen::prelude::*;

    /// Simulated ids (pid.codes test vendor) and endpoints.
    const VENDOR_ID: u16 = 0x1209;
    const PRODUCT_ID: u16 = 0xCC1D;
    const INTERFACE: u8 = 0;
    const ENDPOINT_OUT: u8 = 1;
    const ENDPOINT_IN: u8 = 2;
    const ENDPOINT_INTERRUPT: u8 = 3;
    const PACKET_SIZE: u16 = 64;

    /// A simulated CCID reader (one slot) with a virtual card in it.
    #[wasm_bindgen]
    pub struct SimCcidDevice {
        reader: SimCcid<SharedCard>,
        interface_class: u8,
    }

    fn level_of(name: &str) -> Result<Level, Error> {
        match name {
            "tpdu" => Ok(Level::Tpdu),
            "short" => Ok(Level::ShortApdu),
            "extended" => Ok(Level::ExtendedApdu),
            _ => Err(Error::InvalidOptions(
                "level must be 'tpdu', 'short' or 'extended'",
            )),
        }
    }

    fn thrown(err: &Error) -> JsValue {
        js_error::thrown(err)
    }

    #[wasm_bindgen]
    impl SimCcidDevice {
        /// A reader at `level` (`tpdu` | `short` | `extended`) whose messages carry at most
        /// `maxMessageLength` bytes, a T=1 card of IFSC `ifsc`, on an interface of USB class
        /// `interfaceClass` (0x0B, or 0xFF for a vendor interface that speaks CCID).
        #[wasm_bindgen(constructor)]
        pub fn new(
            card: &VirtualCardHandle,
            level: &str,
            max_message_length: u32,
            ifsc: u8,
            interface_class: u8,
        ) -> Result<SimCcidDevice, JsValue> {
            let level = level_of(level).map_err(|e| thrown(&e))?;
            let desc = descriptor(level, max_message_length, false);
            let reader = SimCcid::new(card.shared(), desc, ifsc).map_err(|e| thrown(&e))?;
            Ok(SimCcidDevice {
                reader,
                interface_class,
            })
        }

        /// USB ids and endpoints, for the fake `USBDevice`.
        pub fn descriptor(&self) -> JsValue {
            device_descriptor(
                &[
                    ("vendorId", u32::from(VENDOR_ID)),
                    ("productId", u32::from(PRODUCT_ID)),
                    ("interfaceClass", u32::from(self.interface_class)),
                    ("interfaceNumber", u32::from(INTERFACE)),
                    ("endpointIn", u32::from(ENDPOINT_IN)),
                    ("endpointOut", u32::from(ENDPOINT_OUT)),
                    ("endpointInterrupt", u32::from(ENDPOINT_INTERRUPT)),
                    ("packetSize", u32::from(PACKET_SIZE)),
                ],
                "CCID reader (simulated)",
            )
        }

        /// The configuration descriptor: configuration, interface, CCID class descriptor,
        /// bulk OUT, bulk IN and interrupt IN endpoints.
        #[wasm_bindgen(js_name = configurationDescriptor)]
        pub fn configuration_descriptor(&self) -> Vec<u8> {
            let class = self.reader.class_descriptor();
            let [p_lo, p_hi] = PACKET_SIZE.to_le_bytes();
            let mut body = vec![9, 0x04, INTERFACE, 0, 3, self.interface_class, 0, 0, 0];
            body.extend_from_slice(&class);
            body.extend_from_slice(&[7, 0x05, ENDPOINT_OUT, 0x02, p_lo, p_hi, 0]);
            body.extend_from_slice(&[7, 0x05, 0x80 | ENDPOINT_IN, 0x02, p_lo, p_hi, 0]);
            body.extend_from_slice(&[7, 0x05, 0x80 | ENDPOINT_INTERRUPT, 0x03, 8, 0, 16]);
            let total = u16::try_from(body.len().saturating_add(9)).unwrap_or(u16::MAX);
            let [t_lo, t_hi] = total.to_le_bytes();
            let mut out = vec![9, 0x02, t_lo, t_hi, 1, 1, 0, 0x80, 50];
            out.extend_from_slice(&body);
            out
        }

        /// One bulk OUT transfer. Throws for a wrong endpoint.
        #[wasm_bindgen(js_name = transferOut)]
        pub fn transfer_out(&mut self, endpoint: u8, data: &[u8]) -> Result<(), JsValue> {
            bulk_out(&mut self.reader, ENDPOINT_OUT, endpoint, data)
        }

        /// One bulk IN transfer of at most `length` bytes. Throws when nothing is queued.
        #[wasm_bindgen(js_name = transferIn)]
        pub fn transfer_in(&mut self, endpoint: u8, length: u32) -> Result<Uint8Array, JsValue> {
            bulk_in(&mut self.reader, ENDPOINT_IN, endpoint, length)
        }

        /// What the reader saw: `{ sends, receives, xfrBlocks, oversize, largestInfFromHost,
        /// ifsRequests, wtxSent }`.
        pub fn stats(&self) -> JsValue {
            let s = &self.reader.stats;
            counters(&[
                ("sends", s.sends),
                ("receives", s.receives),
                ("xfrBlocks", s.xfr_blocks),
                ("oversize", s.oversize),
                ("largestInfFromHost", s.largest_inf_from_host),
                ("ifsRequests", s.ifs_requests),
                ("wtxSent", s.wtx_sent),
            ])
        }

        /// Take the card out (`false`) or put it back (`true`, unpowered).
        #[wasm_bindgen(js_name = setCardPresent)]
        pub fn set_card_present(&mut self, present: bool) {
            if present {
                self.reader.insert_card();
            } else {
                self.reader.remove_card();
            }
        }
    }
}

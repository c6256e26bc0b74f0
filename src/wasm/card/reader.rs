//! `CardReader`: one opened reader (RC-S380 over WebUSB, a host transmit callback, or the
//! virtual card) behind the card kit's [`Transport`], with an APDU counter and a busy slot so
//! that one operation runs at a time.

use super::ccid::open_ccid;
use super::host::JsTransmit;
#[cfg(feature = "simulator")]
use super::sim::{SharedCard, VirtualCardHandle};
use super::webusb::{WebUsbBulk, CLASS_VENDOR};
use crate::card::transport::ccid::Ccid;
use crate::card::transport::host::HostTransport;
use crate::card::transport::rcs380::{self, Rcs380};
use crate::card::transport::Transport;
use crate::Error;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Every kind of reader the card module drives.
pub enum AnyTransport {
    /// Sony RC-S380 (Port-100 + ISO 14443-4 Type B) over WebUSB.
    Rcs380 {
        reader: Box<Rcs380<WebUsbBulk>>,
        /// The last operation failed below the APDU level: activate the card again first.
        reactivate: bool,
    },
    /// A CCID reader over WebUSB (Isolated Web Apps).
    Ccid {
        reader: Box<Ccid<WebUsbBulk>>,
        /// The card must be powered (again) first: none answered yet, or the last operation
        /// failed (a T=1 session ends with any error).
        repower: bool,
    },
    /// A host callback (Web Smart Card API glue, native shells).
    Host(HostTransport<JsTransmit>),
    /// The virtual card, no reader.
    #[cfg(feature = "simulator")]
    Virtual(SharedCard),
}

impl AnyTransport {
    /// `rcs380`, `ccid`, `host` or `virtual`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnyTransport::Rcs380 { .. } => "rcs380",
            AnyTransport::Ccid { .. } => "ccid",
            AnyTransport::Host(_) => "host",
            #[cfg(feature = "simulator")]
            AnyTransport::Virtual(_) => "virtual",
        }
    }

    /// Bring the card back after a failed operation (RC-S380: field off, REQB, ATTRIB).
    pub async fn prepare(&mut self) -> Result<(), Error> {
        if let AnyTransport::Rcs380 { reader, reactivate } = self {
            if *reactivate {
                reader.field_off().await?;
                reader.activate().await?;
                *reactivate = false;
            }
        }
        if let AnyTransport::Ccid { reader, repower } = self {
            if *repower {
                reader.power_on().await?;
                *repower = false;
            }
        }
        Ok(())
    }

    /// Note how an operation ended: a reader/card-level failure needs a fresh activation.
    pub fn after(&mut self, failure: Option<&Error>) {
        if let AnyTransport::Rcs380 { reactivate, .. } = self {
            *reactivate = matches!(
                failure,
                Some(Error::ReaderProtocol(_) | Error::CardNoResponse(_) | Error::CardNotPresent)
            );
        }
        if let AnyTransport::Ccid { repower, .. } = self {
            *repower = failure.is_some();
        }
    }
}

/// Counts APDUs on the way through.
pub struct Counted<'a> {
    pub inner: &'a mut AnyTransport,
    pub apdus: &'a Cell<u32>,
}

impl Transport for Counted<'_> {
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error> {
        self.apdus.set(self.apdus.get().saturating_add(1));
        match self.inner {
            AnyTransport::Rcs380 { reader, .. } => reader.transmit(command).await,
            AnyTransport::Ccid { reader, .. } => reader.transmit(command).await,
            AnyTransport::Host(h) => h.transmit(command).await,
            #[cfg(feature = "simulator")]
            AnyTransport::Virtual(v) => v.transmit(command).await,
        }
    }
}

/// An opened card reader. Operations take it for their duration; a second one started meanwhile
/// fails with `READER_BUSY`.
#[wasm_bindgen]
pub struct CardReader {
    kind: &'static str,
    slot: Rc<RefCell<Option<AnyTransport>>>,
    apdus: Rc<Cell<u32>>,
    last_apdus: Rc<Cell<u32>>,
}

impl CardReader {
    fn from_transport(t: AnyTransport) -> CardReader {
        CardReader {
            kind: t.kind(),
            slot: Rc::new(RefCell::new(Some(t))),
            apdus: Rc::new(Cell::new(0)),
            last_apdus: Rc::new(Cell::new(0)),
        }
    }

    /// Take the transport for one operation (`READER_BUSY` while another holds it).
    pub fn take(&self) -> Result<Lease, Error> {
        let transport = self
            .slot
            .try_borrow_mut()
            .ok()
            .and_then(|mut s| s.take())
            .ok_or(Error::ReaderBusy)?;
        Ok(Lease {
            transport: Some(transport),
            slot: Rc::clone(&self.slot),
            apdus: Rc::clone(&self.apdus),
            last_apdus: Rc::clone(&self.last_apdus),
            start: self.apdus.get(),
        })
    }
}

/// The transport while an operation runs; puts it back when dropped.
pub struct Lease {
    transport: Option<AnyTransport>,
    slot: Rc<RefCell<Option<AnyTransport>>>,
    apdus: Rc<Cell<u32>>,
    last_apdus: Rc<Cell<u32>>,
    start: u32,
}

impl Lease {
    /// Run `op` over the counted transport, with re-activation before and bookkeeping after.
    pub async fn run<T, F>(mut self, op: F) -> Result<T, Error>
    where
        F: AsyncFnOnce(Counted<'_>) -> Result<T, Error>,
    {
        let Some(transport) = self.transport.as_mut() else {
            return Err(Error::ReaderBusy);
        };
        let prepared = transport.prepare().await;
        let result = match prepared {
            Ok(()) => {
                op(Counted {
                    inner: transport,
                    apdus: &self.apdus,
                })
                .await
            }
            Err(e) => Err(e),
        };
        transport.after(result.as_ref().err());
        result
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.last_apdus
            .set(self.apdus.get().saturating_sub(self.start));
        if let (Some(t), Ok(mut slot)) = (self.transport.take(), self.slot.try_borrow_mut()) {
            *slot = Some(t);
        }
    }
}

#[wasm_bindgen]
impl CardReader {
    /// Open a Sony RC-S380 (`USBDevice` 054C:06C1 or 054C:06C3, from `navigator.usb`):
    /// claim its vendor-class interface, set it up for Type B and activate the card.
    #[wasm_bindgen(js_name = openRcs380)]
    pub async fn open_rcs380(device: JsValue) -> Result<CardReader, JsValue> {
        open_rcs380(device).await.map_err(|e| super::thrown(&e))
    }

    /// Open a CCID smart-card reader (`USBDevice` with a class-0x0B interface, or a vendor
    /// interface carrying a CCID class descriptor): read its configuration descriptor, claim the
    /// interface and power the card. Ordinary pages get `READER_NEEDS_ISOLATED_WEB_APP`: only
    /// Isolated Web Apps may claim the smart-card class.
    #[wasm_bindgen(js_name = openCcid)]
    pub async fn open_ccid(device: JsValue) -> Result<CardReader, JsValue> {
        let opened = open_ccid(device).await.map_err(|e| super::thrown(&e))?;
        Ok(CardReader::from_transport(AnyTransport::Ccid {
            reader: Box::new(opened.reader),
            repower: !opened.powered,
        }))
    }

    /// A reader over a host callback `(apdu: Uint8Array) => Promise<Uint8Array>` (the Web Smart
    /// Card API's `transmit` in an Isolated Web App, or a native shell).
    #[wasm_bindgen(js_name = fromTransmit)]
    pub fn from_transmit(transmit: JsValue) -> Result<CardReader, JsValue> {
        let host = JsTransmit::new(transmit).map_err(|e| super::thrown(&e))?;
        Ok(CardReader::from_transport(AnyTransport::Host(
            HostTransport::new(host),
        )))
    }

    #[cfg(feature = "simulator")]
    /// The virtual card as a reader (demo and tests; TEST certificates only).
    #[wasm_bindgen(js_name = fromVirtualCard)]
    pub fn from_virtual_card(card: &VirtualCardHandle) -> CardReader {
        CardReader::from_transport(AnyTransport::Virtual(card.shared()))
    }

    /// `rcs380`, `ccid`, `host` or `virtual`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.to_string()
    }

    /// APDUs sent through this reader so far.
    #[wasm_bindgen(getter, js_name = apduCount)]
    pub fn apdu_count(&self) -> u32 {
        self.apdus.get()
    }

    /// APDUs sent by the last (or running) operation.
    #[wasm_bindgen(getter, js_name = lastApduCount)]
    pub fn last_apdu_count(&self) -> u32 {
        self.last_apdus.get()
    }

    /// True while an operation holds the reader.
    #[wasm_bindgen(getter)]
    pub fn busy(&self) -> bool {
        self.slot.try_borrow().map(|s| s.is_none()).unwrap_or(true)
    }
}

async fn open_rcs380(device: JsValue) -> Result<CardReader, Error> {
    if !device.is_object() {
        return Err(Error::InvalidOptions("device must be a USBDevice"));
    }
    let device: web_sys::UsbDevice = device.unchecked_into();
    if !rcs380::is_rcs380(device.vendor_id(), device.product_id()) {
        return Err(Error::ReaderUnsupported(
            "not a Sony RC-S380 (054C:06C1 / 054C:06C3)",
        ));
    }
    let bulk = WebUsbBulk::open(device, CLASS_VENDOR).await?;
    let packet_size = bulk.endpoints().packet_size;
    let mut reader = Rcs380::new(bulk, packet_size);
    reader.init().await?;
    // No card on the reader yet is fine: the first operation activates it.
    let reactivate = match reader.activate().await {
        Ok(_) => false,
        Err(Error::CardNotPresent) => true,
        Err(e) => return Err(e),
    };
    Ok(CardReader::from_transport(AnyTransport::Rcs380 {
        reader: Box::new(reader),
        reactivate,
    }))
}

//! Transports: how APDUs reach the card. Every reader path ends in [`Transport`]; USB readers are
//! built on [`UsbBulk`], so the same protocol code runs over WebUSB in a page and over the
//! simulated devices in native tests.

pub mod ccid;
pub mod host;
pub mod iso14443b;
pub mod isodep;
pub mod port100;
pub mod rcs380;

use crate::Error;

/// Send one command APDU, get the response APDU (data ‖ SW1 SW2).
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Exchange one APDU.
    async fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Error>;
}

/// A USB device's pair of bulk endpoints (what WebUSB `transferOut` / `transferIn` give).
#[allow(async_fn_in_trait)]
pub trait UsbBulk {
    /// Write `data` to the bulk OUT endpoint.
    async fn send(&mut self, data: &[u8]) -> Result<(), Error>;
    /// Read one transfer of at most `max_len` bytes from the bulk IN endpoint.
    async fn receive(&mut self, max_len: usize) -> Result<Vec<u8>, Error>;
}

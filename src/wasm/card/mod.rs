//! The card module's bindings (feature `card`, wasm32 only; never in the verifier module):
//! WebUSB [`UsbBulk`](crate::card::transport::UsbBulk) glue, the RC-S380 driver over it, a host
//! transmit callback (Web Smart Card API in Isolated Web Apps, native shells), the virtual card
//! and a simulated RC-S380 device (feature `simulator`), and the three ceremonies on a
//! `CardReader`. Bytes move here; every protocol and PIN decision is made in `crate::card`.

mod ceremony;
mod host;
mod reader;
#[cfg(feature = "simulator")]
mod sim;
mod webusb;

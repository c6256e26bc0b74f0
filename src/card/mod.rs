//! The card kit: talks to a My Number Card through whatever transport the platform allows.
//!
//! Layers, each sans-IO or async over the one below: [`apdu`] (ISO 7816-4 commands and status
//! words) → [`applets`] (JPKI AP, card-info AP) → ceremonies (authenticate / sign consent / read
//! card info, with the PIN guard) → [`transport`] (`Transport::transmit`: RC-S380 Port-100 +
//! ISO-DEP, CCID, Web Smart Card, host callback). Compiled with the cargo feature `card`; never
//! part of the verifier module.

pub mod apdu;
pub mod applets;
pub mod ceremony;
pub mod executor;
pub mod pin;
pub mod transport;

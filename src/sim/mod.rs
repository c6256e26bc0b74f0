//! Simulators (cargo feature `simulator`): a virtual My Number Card that answers APDUs with real
//! state, and the device side of the RC-S380 (Port-100) and CCID readers, so every protocol layer
//! is tested without hardware and the demo runs on the virtual card.

pub mod ccid;
pub mod rcs380;
pub mod responder;

pub mod card;
pub mod card_state;

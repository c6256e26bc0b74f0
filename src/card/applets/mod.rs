//! The card's applications: the JPKI AP (公的個人認証) and the card-info input support AP
//! (券面事項入力補助AP). Each is a session over a [`Transport`](super::transport::Transport)
//! that selects its application once, keeps track of what it has verified (the card's security
//! state is per application: selecting another one logs out) and reads files with the fewest
//! APDUs.

pub mod card_info;
pub mod jpki;
mod read;

pub use read::{read_der_ef, read_ef, ReadMode};

/// AID of the JPKI AP (公的個人認証).
pub const AID_JPKI: [u8; 10] = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
/// AID of the card-info input support AP (券面事項入力補助AP).
pub const AID_CARD_INFO: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// AID of the card-face AP (券面事項確認AP); selected by nothing here, answered by the simulator.
pub const AID_CARD_FACE: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];

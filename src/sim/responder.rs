//! What a simulated reader talks to: anything that answers a command APDU with a response APDU.
//! An empty answer means the card is gone (the reader reports no card); a slow card makes the
//! reader (or the card's protocol) ask for more time before the answer.

use super::card::VirtualCard;

/// A card (or a stand-in) behind a simulated reader.
pub trait ApduResponder {
    /// Answer one command APDU with its response (data ‖ SW1 SW2); empty when the card is gone.
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8>;

    /// True when the card is slow: simulated readers add a waiting-time extension.
    fn is_slow(&self) -> bool {
        false
    }
}

impl<F: FnMut(&[u8]) -> Vec<u8>> ApduResponder for F {
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        self(apdu)
    }
}

impl ApduResponder for VirtualCard {
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        VirtualCard::respond(self, apdu)
    }

    fn is_slow(&self) -> bool {
        VirtualCard::is_slow(self)
    }
}

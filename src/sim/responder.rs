//! What a simulated reader talks to: anything that answers a command APDU with a response APDU.

/// A card (or a stand-in) behind a simulated reader.
pub trait ApduResponder {
    /// Answer one command APDU with its response (data ‖ SW1 SW2).
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8>;
}

impl<F: FnMut(&[u8]) -> Vec<u8>> ApduResponder for F {
    fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        self(apdu)
    }
}

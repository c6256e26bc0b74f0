//! Size caps on every input, so that a hostile input cannot make us allocate or loop without bound.

/// Largest certificate accepted, in DER bytes. JPKI certificates are about 1.5 KB; public web
/// PKI certificates with many SANs reach tens of KB.
pub const MAX_CERT_DER: usize = 64 * 1024;
/// Most untrusted intermediates a caller may hand to one path validation.
pub const MAX_INTERMEDIATES: usize = 256;
/// Most trust anchors in one validation.
pub const MAX_ANCHORS: usize = 1024;
/// Largest PEM text accepted (a bundle of many certificates).
pub const MAX_PEM_TEXT: usize = 4 * 1024 * 1024;
/// Most PEM blocks read from one text.
pub const MAX_PEM_BLOCKS: usize = 2048;

/// `Err(InputTooLarge)` when `len` exceeds `limit`.
pub fn check(what: &'static str, len: usize, limit: usize) -> Result<(), crate::Error> {
    if len > limit {
        Err(crate::Error::InputTooLarge { what, limit })
    } else {
        Ok(())
    }
}

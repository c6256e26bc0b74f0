//! Path building and validation (RFC 5280 §6) from an end-entity to a trust anchor.

use super::options::ValidationOptions;
use crate::Error;

/// A trusted root, as a self-signed (or any) certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustAnchor {
    /// The certificate's DER.
    pub der: Vec<u8>,
    /// A label for results and errors.
    pub name: String,
}

/// A path that validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedPath {
    /// DER of each certificate, end-entity first, trust anchor last.
    pub chain: Vec<Vec<u8>>,
    /// Index into the `anchors` given to [`verify_path`].
    pub anchor: usize,
    /// Certificate policy OIDs of the end-entity (dotted).
    pub policies: Vec<String>,
}

/// Build and validate a path from `ee_der` through any of `intermediates` to one of `anchors`.
pub fn verify_path(
    _ee_der: &[u8],
    _intermediates: &[&[u8]],
    _anchors: &[TrustAnchor],
    _opts: &ValidationOptions,
) -> Result<ValidatedPath, Error> {
    Err(Error::CertNotTrusted)
}

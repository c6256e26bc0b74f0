//! Verify a JPKI end-entity certificate: path to the right J-LIS root, classification, attributes.
//! (Being filled in: see issue 2.)

use crate::pki::UnixTime;
use crate::Error;
use serde::Serialize;

/// Options of a JPKI certificate verification.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    /// Validation time.
    pub time: UnixTime,
}

/// A verified JPKI certificate. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JpkiVerified {
    /// `jpki-auth` or `jpki-sign`.
    pub kind: String,
}

/// Verify `ee_der` (with optional `intermediates`) as a JPKI certificate.
pub fn verify_certificate(
    _ee_der: &[u8],
    _intermediates: &[&[u8]],
    _opts: &VerifyOptions,
) -> Result<JpkiVerified, Error> {
    Err(Error::CertNotTrusted)
}

//! `inspectCertificate`: a plain description of one certificate, trusted or not.
//! (Being filled in: see issue 2.)

use crate::Error;
use serde::Serialize;

/// What a person or a page wants to see of a certificate. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    pub serial_number: String,
}

/// Describe `der` (a DER certificate). No trust decision is made.
pub fn inspect_certificate(_der: &[u8]) -> Result<CertificateInfo, Error> {
    Err(Error::DerMalformed("not implemented yet"))
}

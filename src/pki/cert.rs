//! Parsing one certificate with size caps.

use crate::wire::limits;
use crate::Error;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

/// Parse a DER certificate; trailing bytes are refused.
pub fn parse(der: &[u8]) -> Result<X509Certificate<'_>, Error> {
    limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
    match X509Certificate::from_der(der) {
        Ok((rest, cert)) if rest.is_empty() => Ok(cert),
        Ok(_) => Err(Error::DerMalformed("trailing data after certificate")),
        Err(_) => Err(Error::DerMalformed("certificate")),
    }
}

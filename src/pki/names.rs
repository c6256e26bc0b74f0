//! Matching the end-entity against a DNS name or IP address the caller expects.
//!
//! Only the subjectAltName extension is consulted: like webpki, there is no fallback to the
//! subject common name, so a certificate without subjectAltName never matches.

pub mod dns_name;
pub(crate) mod ip_text;

use crate::wire::x509::extension::{self, oids};
use crate::wire::x509::{Certificate, GeneralName};
use crate::Error;
use std::net::IpAddr;

/// A name the caller expects the end-entity to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedName {
    /// A host name (ASCII; internationalised names as A-labels). One trailing dot is allowed.
    Dns(String),
    /// An IPv4 or IPv6 address, matched only against iPAddress entries of the same family.
    Ip(IpAddr),
}

/// `Ok` when the end-entity's subjectAltName holds `name`.
///
/// Errors: `NAME_MISMATCH` when no entry matches (or there is no subjectAltName),
/// `EXTENSION_INVALID` when the subjectAltName is malformed, duplicated or empty, and
/// `INVALID_OPTIONS` when `name` is not a valid DNS host name.
pub fn verify_name(ee: &Certificate<'_>, name: &ExpectedName) -> Result<(), Error> {
    let Some((_, names)) = subject_alt_names(ee)? else {
        return Err(Error::NameMismatch);
    };
    let found = match name {
        ExpectedName::Dns(dns) => {
            let reference = dns_name::reference_name(dns).ok_or(Error::InvalidOptions(
                "expected name is not a valid DNS name",
            ))?;
            names.iter().any(|gn| dns_entry_matches(gn, reference))
        }
        ExpectedName::Ip(ip) => names.iter().any(|gn| ip_entry_matches(gn, ip)),
    };
    if found {
        Ok(())
    } else {
        Err(Error::NameMismatch)
    }
}

/// The subjectAltName entries and the extension's criticality; `None` when absent.
///
/// A malformed or duplicated extension, or one with no entries, is `EXTENSION_INVALID`.
pub(crate) fn subject_alt_names<'a>(
    cert: &Certificate<'a>,
) -> Result<Option<(bool, Vec<GeneralName<'a>>)>, Error> {
    let bad = |_| Error::ExtensionInvalid("subjectAltName");
    let Some(ext) = cert.unique_extension(oids::SUBJECT_ALT_NAME).map_err(bad)? else {
        return Ok(None);
    };
    let names = extension::alt_names(ext.value).map_err(bad)?;
    if names.is_empty() {
        return Err(Error::ExtensionInvalid("subjectAltName is empty"));
    }
    Ok(Some((ext.critical, names)))
}

/// A dNSName entry that covers the (already validated) reference host name.
fn dns_entry_matches(gn: &GeneralName<'_>, reference: &str) -> bool {
    matches!(gn, GeneralName::Dns(presented) if dns_name::presented_matches(presented, reference))
}

/// An iPAddress entry of exactly 4 or 16 bytes equal to the expected address.
fn ip_entry_matches(gn: &GeneralName<'_>, ip: &IpAddr) -> bool {
    let GeneralName::Ip(bytes) = gn else {
        return false;
    };
    match ip {
        IpAddr::V4(v4) => *bytes == v4.octets().as_slice(),
        IpAddr::V6(v6) => *bytes == v6.octets().as_slice(),
    }
}

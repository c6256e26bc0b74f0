//! `inspectCertificate`: a plain description of one certificate, trusted or not.

use super::attributes::{self, Identity};
use super::profile::{self, PolicySet};
use super::verify::CertificateSummary;
use crate::pki::cert;
use crate::wire::x509::key::{shape, KeyShape};
use crate::wire::x509::oid::dotted;
use crate::wire::x509::Certificate;
use crate::Error;
use serde::Serialize;

/// What a person or a page wants to see of a certificate. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    /// Serial number (DER INTEGER contents, upper-case hex: a leading `00` stays), issuer and
    /// subject (RFC 4514, last RDN first, UTF-8 intact), validity (RFC 3339) and SHA-256 (hex).
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// `jpki-auth`, `jpki-sign` or `null`: the profile classification (no trust implied; the
    /// test-environment sign policy counts as sign here).
    pub kind: Option<&'static str>,
    /// `RSA`, `EC`, or the dotted algorithm OID for anything else.
    pub key_type: String,
    /// Key size in bits (RSA modulus, EC field), when known.
    pub key_size: Option<u32>,
    /// EC curve (`P-256`, `P-384`, `P-521` or the dotted OID); `null` for RSA.
    pub curve: Option<String>,
    /// Certificate policy OIDs, dotted.
    pub policies: Vec<String>,
    /// keyUsage bit names (`digitalSignature`, `nonRepudiation`, ...), empty when absent.
    pub key_usage: Vec<&'static str>,
    /// The JPKI identity attributes, when the certificate carries them and they are well formed.
    pub identity: Option<Identity>,
    /// The error code when the certificate carries JPKI identity attributes that are missing
    /// some or malformed (`ATTRIBUTE_MISSING` / `ATTRIBUTE_MALFORMED`), else `null`.
    pub identity_error: Option<&'static str>,
    /// basicConstraints cA.
    pub is_ca: bool,
}

/// Names of the keyUsage bits, bit 0 first.
const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

/// Names of the bits set in `flags`.
fn key_usage_names(flags: u16) -> Vec<&'static str> {
    KEY_USAGE_NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| flags & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// The name of an EC curve OID.
fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".into(),
        "1.3.132.0.34" => "P-384".into(),
        "1.3.132.0.35" => "P-521".into(),
        other => other.into(),
    }
}

/// `(keyType, keySize, curve)` of the subject public key.
fn key_description(cert: &Certificate<'_>) -> (String, Option<u32>, Option<String>) {
    let spki = cert.public_key();
    let size = |n: usize| u32::try_from(n).ok().filter(|&n| n > 0);
    match shape(spki) {
        Ok(KeyShape::Rsa { modulus_bits }) => ("RSA".into(), size(modulus_bits), None),
        Ok(KeyShape::Ec { curve, bits }) => (
            "EC".into(),
            size(bits),
            curve.map(|oid| curve_name(&dotted(oid))),
        ),
        _ => (dotted(spki.algorithm.oid), None, None),
    }
}

/// The identity (or the error code) of a certificate that carries JPKI attributes.
fn identity_of(cert: &Certificate<'_>) -> (Option<Identity>, Option<&'static str>) {
    match attributes::has_identity(cert) {
        Ok(false) => (None, None),
        Ok(true) => match attributes::identity(cert) {
            Ok(identity) => (Some(identity), None),
            Err(e) => (None, Some(e.code())),
        },
        Err(e) => (None, Some(e.code())),
    }
}

/// Describe a parsed certificate whose DER is `der`.
pub(crate) fn describe(der: &[u8], cert: &Certificate<'_>) -> CertificateInfo {
    let (key_type, key_size, curve) = key_description(cert);
    let (identity, identity_error) = identity_of(cert);
    let flags = profile::key_usage_bits(cert)
        .ok()
        .flatten()
        .map_or(0, |(f, _)| f);
    CertificateInfo {
        certificate: CertificateSummary::of(der, cert),
        kind: profile::classify(cert, &PolicySet::with_test_environment())
            .ok()
            .map(|p| p.kind()),
        key_type,
        key_size,
        curve,
        policies: profile::policies(cert).unwrap_or_default(),
        key_usage: key_usage_names(flags),
        identity,
        identity_error,
        is_ca: cert.is_ca(),
    }
}

/// Describe `der` (a DER certificate). No trust decision is made.
pub fn inspect_certificate(der: &[u8]) -> Result<CertificateInfo, Error> {
    let cert = cert::parse(der)?;
    Ok(describe(der, &cert))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_names_follow_bits() {
        assert_eq!(key_usage_names(0b110_0000), ["keyCertSign", "cRLSign"]);
        assert_eq!(
            key_usage_names(0b11),
            ["digitalSignature", "nonRepudiation"]
        );
        assert!(key_usage_names(0).is_empty());
    }

    #[test]
    fn refuses_garbage() {
        assert!(matches!(
            inspect_certificate(&[0x30, 0x03, 0x02, 0x01, 0x01]),
            Err(Error::DerMalformed(_))
        ));
    }
}

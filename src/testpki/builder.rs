//! An X.509 v3 certificate builder over the DER writer: names, validity, extensions, and a
//! sha256WithRSAEncryption signature by the issuer's key.

use super::der;
use super::keys::TestKey;
use crate::pki::UnixTime;
use crate::Error;

/// OIDs the builder writes.
pub mod oids {
    pub const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
    pub const COUNTRY: &str = "2.5.4.6";
    pub const ORGANIZATION: &str = "2.5.4.10";
    pub const ORGANIZATIONAL_UNIT: &str = "2.5.4.11";
    pub const LOCALITY: &str = "2.5.4.7";
    pub const COMMON_NAME: &str = "2.5.4.3";
    pub const SUBJECT_KEY_ID: &str = "2.5.29.14";
    pub const KEY_USAGE: &str = "2.5.29.15";
    pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
    pub const ISSUER_ALT_NAME: &str = "2.5.29.18";
    pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
    pub const CRL_DISTRIBUTION_POINTS: &str = "2.5.29.31";
    pub const CERTIFICATE_POLICIES: &str = "2.5.29.32";
    pub const AUTHORITY_KEY_ID: &str = "2.5.29.35";
}

/// One attribute of a distinguished name (each in its own RDN).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// Dotted attribute type.
    pub oid: &'static str,
    /// The value.
    pub value: String,
    /// PrintableString when true, UTF8String otherwise.
    pub printable: bool,
}

impl Attribute {
    /// A UTF8String attribute.
    pub fn utf8(oid: &'static str, value: &str) -> Self {
        Attribute {
            oid,
            value: value.to_string(),
            printable: false,
        }
    }

    /// A PrintableString attribute.
    pub fn printable(oid: &'static str, value: &str) -> Self {
        Attribute {
            oid,
            value: value.to_string(),
            printable: true,
        }
    }
}

/// A distinguished name, most significant RDN first (as written in the certificate).
pub type Name = Vec<Attribute>;

/// DER `Name` (RDNSequence).
pub fn name_der(name: &[Attribute]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = name
        .iter()
        .map(|a| {
            let value = if a.printable {
                der::printable(&a.value)
            } else {
                der::utf8(&a.value)
            };
            der::set_of(&[der::sequence(&[der::oid(a.oid), value])])
        })
        .collect();
    der::sequence(&rdns)
}

/// One extension: type, criticality and the DER of its value (the OCTET STRING contents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub oid: &'static str,
    pub critical: bool,
    pub value: Vec<u8>,
}

impl Extension {
    /// DER `Extension`.
    fn der(&self) -> Vec<u8> {
        let mut parts = vec![der::oid(self.oid)];
        if self.critical {
            parts.push(der::boolean(true));
        }
        parts.push(der::octet_string(&self.value));
        der::sequence(&parts)
    }
}

/// keyUsage with the given bit mask (bit 0 = digitalSignature, see `pki::options::key_usage`).
pub fn key_usage(bits: u16, critical: bool) -> Extension {
    // Named bit list: bit n is the (7 - n % 8)-th bit of byte n / 8; trailing zero bits dropped.
    let mut bytes = [0u8; 2];
    for n in 0..9u16 {
        if bits & (1 << n) != 0 {
            if let Some(b) = bytes.get_mut(usize::from(n / 8)) {
                *b |= 0x80 >> (n % 8);
            }
        }
    }
    let len = if bytes[1] != 0 {
        2
    } else if bytes[0] != 0 {
        1
    } else {
        0
    };
    let last = if len == 0 { 0 } else { bytes[len - 1] };
    let unused = if last == 0 {
        0
    } else {
        last.trailing_zeros() as u8
    };
    Extension {
        oid: oids::KEY_USAGE,
        critical,
        value: der::bit_string(&bytes[..len], unused),
    }
}

/// basicConstraints, critical, `cA` as given.
pub fn basic_constraints(ca: bool) -> Extension {
    let value = if ca {
        der::sequence(&[der::boolean(true)])
    } else {
        der::sequence(&[])
    };
    Extension {
        oid: oids::BASIC_CONSTRAINTS,
        critical: true,
        value,
    }
}

/// certificatePolicies with the given policy OIDs (no qualifiers).
pub fn certificate_policies(policies: &[String]) -> Extension {
    let infos: Vec<Vec<u8>> = policies
        .iter()
        .map(|p| der::sequence(&[der::oid(p)]))
        .collect();
    Extension {
        oid: oids::CERTIFICATE_POLICIES,
        critical: false,
        value: der::sequence(&infos),
    }
}

/// A GeneralName `directoryName`.
pub fn general_name_dir(name: &[Attribute]) -> Vec<u8> {
    der::explicit(4, &name_der(name))
}

/// A GeneralName `otherName { type-id, [0] EXPLICIT value }` with an already-encoded value.
pub fn general_name_other(oid: &str, value_der: &[u8]) -> Vec<u8> {
    let mut contents = der::oid(oid);
    contents.extend(der::explicit(0, value_der));
    der::implicit(0, true, &contents)
}

/// subjectAltName from encoded GeneralNames.
pub fn subject_alt_name(names: &[Vec<u8>]) -> Extension {
    Extension {
        oid: oids::SUBJECT_ALT_NAME,
        critical: false,
        value: der::sequence(names),
    }
}

/// issuerAltName from encoded GeneralNames.
pub fn issuer_alt_name(names: &[Vec<u8>]) -> Extension {
    Extension {
        oid: oids::ISSUER_ALT_NAME,
        critical: false,
        value: der::sequence(names),
    }
}

/// subjectKeyIdentifier.
pub fn subject_key_id(id: &[u8]) -> Extension {
    Extension {
        oid: oids::SUBJECT_KEY_ID,
        critical: false,
        value: der::octet_string(id),
    }
}

/// authorityKeyIdentifier with a keyIdentifier only.
pub fn authority_key_id(id: &[u8]) -> Extension {
    let value = der::sequence(&[der::implicit(0, false, id)]);
    Extension {
        oid: oids::AUTHORITY_KEY_ID,
        critical: false,
        value,
    }
}

/// cRLDistributionPoints with one point whose full name is a directoryName (as J-LIS does).
pub fn crl_distribution_dir(name: &[Attribute]) -> Extension {
    let full_name = der::implicit(0, true, &general_name_dir(name));
    let point = der::sequence(&[der::explicit(0, &full_name)]);
    Extension {
        oid: oids::CRL_DISTRIBUTION_POINTS,
        critical: false,
        value: der::sequence(&[point]),
    }
}

/// Everything of a certificate except the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// Contents of the serial INTEGER, written as given (keep it positive and minimal).
    pub serial: Vec<u8>,
    pub issuer: Name,
    pub subject: Name,
    pub not_before: UnixTime,
    pub not_after: UnixTime,
    pub extensions: Vec<Extension>,
}

/// The sha256WithRSAEncryption AlgorithmIdentifier.
fn signature_algorithm() -> Vec<u8> {
    der::sequence(&[der::oid(oids::SHA256_WITH_RSA), der::null()])
}

/// Build the certificate of `subject_spki` described by `t`, signed by `issuer_key`.
pub fn build(t: &Template, subject_spki: &[u8], issuer_key: &TestKey) -> Result<Vec<u8>, Error> {
    let mut tbs_parts = vec![
        der::explicit(0, &der::integer_u64(2)),
        der::integer_raw(&t.serial),
        signature_algorithm(),
        name_der(&t.issuer),
        der::sequence(&[der::x509_time(t.not_before), der::x509_time(t.not_after)]),
        name_der(&t.subject),
        subject_spki.to_vec(),
    ];
    if !t.extensions.is_empty() {
        let exts: Vec<Vec<u8>> = t.extensions.iter().map(Extension::der).collect();
        tbs_parts.push(der::explicit(3, &der::sequence(&exts)));
    }
    let tbs = der::sequence(&tbs_parts);
    let signature = issuer_key.sign_sha256(&tbs)?;
    Ok(der::sequence(&[
        tbs,
        signature_algorithm(),
        der::bit_string(&signature, 0),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_bits_are_named_bit_lists() {
        // digitalSignature only: 03 02 07 80
        assert_eq!(
            der::octet_string(&key_usage(1, true).value),
            [4, 4, 3, 2, 7, 0x80]
        );
        // digitalSignature + nonRepudiation: 03 02 06 C0
        assert_eq!(key_usage(3, true).value, [3, 2, 6, 0xC0]);
        // keyCertSign + cRLSign: 03 02 01 06
        assert_eq!(key_usage((1 << 5) | (1 << 6), true).value, [3, 2, 1, 0x06]);
        // decipherOnly: two bytes, 7 unused bits
        assert_eq!(key_usage(1 << 8, true).value, [3, 3, 7, 0, 0x80]);
        assert_eq!(key_usage(0, true).value, [3, 1, 0]);
    }
}

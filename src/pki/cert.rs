//! One certificate: parsed with size caps, plus a summary of the extensions path validation reads.
//!
//! The summary is computed on demand ([`Cert::extensions`]) so that a certificate offered but never
//! used in a path (an unrelated intermediate or root) cannot fail a validation by its contents.

use crate::wire::limits;
use crate::wire::x509::extension::{self, oids, BasicConstraints};
use crate::wire::x509::name::normalized_equal;
use crate::wire::x509::{Certificate, Name};
use crate::Error;

/// Parse a DER certificate; trailing bytes are refused.
pub fn parse(der: &[u8]) -> Result<Certificate<'_>, Error> {
    limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
    Certificate::from_der(der).map_err(|_| {
        let mut r = crate::wire::der::Reader::new(der);
        match r.read_raw() {
            Ok(_) if !r.is_empty() => Error::DerMalformed("trailing data after certificate"),
            _ => Error::DerMalformed("certificate"),
        }
    })
}

/// A parsed certificate and its DER.
pub struct Cert<'a> {
    pub der: &'a [u8],
    pub x509: Certificate<'a>,
}

impl<'a> Cert<'a> {
    /// Parse `der`.
    pub fn from_der(der: &'a [u8]) -> Result<Self, Error> {
        Ok(Cert {
            der,
            x509: parse(der)?,
        })
    }

    /// Subject and issuer are the same name (RFC 5280 "self-issued").
    pub fn is_self_issued(&self) -> bool {
        names_equal(self.x509.subject().as_raw(), self.x509.issuer().as_raw())
    }

    /// The extensions, checked for duplicates, parse errors and unknown critical ones.
    pub fn extensions(&self) -> Result<Extensions<'a>, Error> {
        Extensions::read(&self.x509)
    }
}

/// Whether two DER-encoded Names denote the same name. Byte equality, or equality after the
/// RFC 5280 §7.1 normalisation of string values (white space, ASCII case: [`normalized_equal`]).
pub fn names_equal(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (Ok(na), Ok(nb)) = (Name::from_der(a), Name::from_der(b)) else {
        return false;
    };
    if na.rdns().count() != nb.rdns().count() {
        return false;
    }
    na.rdns().zip(nb.rdns()).all(|(x, y)| {
        x.attributes().count() == y.attributes().count()
            && x.attributes().zip(y.attributes()).all(|(p, q)| {
                p.oid == q.oid
                    && match (p.as_str(), q.as_str()) {
                        (Some(s), Some(t)) => normalized_equal(s, t),
                        _ => p.value == q.value,
                    }
            })
    })
}

/// What path validation needs from the extensions of one certificate.
#[derive(Default)]
pub struct Extensions<'a> {
    /// basicConstraints and whether it is critical.
    pub basic_constraints: Option<(bool, BasicConstraints)>,
    /// keyUsage bits (bit 0 = digitalSignature, see `options::key_usage`).
    pub key_usage: Option<u16>,
    /// extKeyUsage: critical flag and the dotted OIDs.
    pub eku: Option<(bool, Vec<String>)>,
    /// authorityKeyIdentifier: critical, keyIdentifier, has issuer or serial fields.
    pub aki: Option<Aki<'a>>,
    /// subjectKeyIdentifier: critical, value.
    pub ski: Option<(bool, &'a [u8])>,
    /// subjectAltName present: critical flag.
    pub san_critical: Option<bool>,
    /// nameConstraints present: critical flag.
    pub name_constraints_critical: Option<bool>,
    /// certificatePolicies OIDs (dotted).
    pub policies: Option<Vec<String>>,
    /// policyConstraints present: critical flag.
    pub policy_constraints_critical: Option<bool>,
    /// policyMappings present.
    pub has_policy_mappings: bool,
}

/// The parts of an authorityKeyIdentifier we check.
pub struct Aki<'a> {
    pub critical: bool,
    pub key_id: Option<&'a [u8]>,
    pub has_issuer_or_serial: bool,
}

/// A malformed extension value.
fn malformed<T>(_: T) -> Error {
    Error::ExtensionInvalid("malformed extension")
}

impl<'a> Extensions<'a> {
    fn read(cert: &Certificate<'a>) -> Result<Self, Error> {
        let mut out = Extensions::default();
        let exts = cert.extensions();
        for (i, ext) in exts.iter().enumerate() {
            if exts.iter().skip(i + 1).any(|other| other.oid == ext.oid) {
                return Err(Error::ExtensionInvalid("duplicate extension"));
            }
            out.take(ext.oid, ext.critical, ext.value)?;
        }
        Ok(out)
    }

    /// Decode one extension into the summary.
    fn take(&mut self, oid: &[u8], c: bool, value: &'a [u8]) -> Result<(), Error> {
        match oid {
            oids::BASIC_CONSTRAINTS => {
                self.basic_constraints =
                    Some((c, extension::basic_constraints(value).map_err(malformed)?))
            }
            oids::KEY_USAGE => {
                self.key_usage = Some(extension::key_usage(value).map_err(malformed)?)
            }
            oids::EXT_KEY_USAGE => {
                self.eku = Some((c, extension::ext_key_usage(value).map_err(malformed)?))
            }
            oids::AUTHORITY_KEY_IDENTIFIER => {
                let aki = extension::authority_key_id(value).map_err(malformed)?;
                self.aki = Some(Aki {
                    critical: c,
                    key_id: aki.key_id,
                    has_issuer_or_serial: aki.has_issuer_or_serial,
                })
            }
            oids::SUBJECT_KEY_IDENTIFIER => {
                self.ski = Some((c, extension::subject_key_id(value).map_err(malformed)?))
            }
            oids::SUBJECT_ALT_NAME => {
                extension::alt_names(value).map_err(malformed)?;
                self.san_critical = Some(c)
            }
            oids::NAME_CONSTRAINTS => {
                super::name_constraints::validate(value)?;
                self.name_constraints_critical = Some(c)
            }
            oids::CERTIFICATE_POLICIES => {
                let ids = extension::certificate_policies(value).map_err(malformed)?;
                self.policies = Some(
                    ids.into_iter()
                        .map(crate::wire::x509::oid::dotted)
                        .collect(),
                )
            }
            oids::POLICY_CONSTRAINTS => {
                extension::policy_constraints(value).map_err(malformed)?;
                self.policy_constraints_critical = Some(c)
            }
            oids::POLICY_MAPPINGS => {
                extension::policy_mappings(value).map_err(malformed)?;
                self.has_policy_mappings = true
            }
            oids::AUTHORITY_INFO_ACCESS => {
                let n = extension::info_access(value).map_err(malformed)?;
                if c {
                    return Err(Error::ExtensionInvalid("critical authorityInfoAccess"));
                }
                if n == 0 {
                    return Err(Error::ExtensionInvalid("empty authorityInfoAccess"));
                }
            }
            oids::ISSUER_ALT_NAME => {
                extension::alt_names(value).map_err(malformed)?;
            }
            oids::SUBJECT_INFO_ACCESS => {
                extension::info_access(value).map_err(malformed)?;
            }
            oids::INHIBIT_ANY_POLICY => {
                extension::inhibit_any_policy(value).map_err(malformed)?;
            }
            // Read where a CRL's scope is checked (revocation::scope); known, so never "unknown".
            oids::CRL_DISTRIBUTION_POINTS => {}
            _ if c => return Err(Error::UnknownCriticalExtension),
            _ => {}
        }
        Ok(())
    }

    /// `basicConstraints` says cA=TRUE.
    pub fn is_ca(&self) -> bool {
        matches!(
            self.basic_constraints,
            Some((_, BasicConstraints { ca: true, .. }))
        )
    }
}

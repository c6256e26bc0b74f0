//! One certificate: parsed with size caps, plus a summary of the extensions path validation reads.
//!
//! The summary is computed on demand ([`Cert::extensions`]) so that a certificate offered but never
//! used in a path (an unrelated intermediate or root) cannot fail a validation by its contents.

use crate::wire::limits;
use crate::Error;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{BasicConstraints, ParsedExtension};
use x509_parser::oid_registry::{
    OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER, OID_X509_EXT_BASIC_CONSTRAINTS,
    OID_X509_EXT_CERTIFICATE_POLICIES, OID_X509_EXT_EXTENDED_KEY_USAGE, OID_X509_EXT_KEY_USAGE,
    OID_X509_EXT_NAME_CONSTRAINTS, OID_X509_EXT_POLICY_CONSTRAINTS, OID_X509_EXT_POLICY_MAPPINGS,
    OID_X509_EXT_SUBJECT_ALT_NAME, OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
};
use x509_parser::prelude::FromDer;

/// Parse a DER certificate; trailing bytes are refused.
pub fn parse(der: &[u8]) -> Result<X509Certificate<'_>, Error> {
    limits::check("certificate", der.len(), limits::MAX_CERT_DER)?;
    match X509Certificate::from_der(der) {
        Ok(([], cert)) => Ok(cert),
        Ok(_) => Err(Error::DerMalformed("trailing data after certificate")),
        Err(_) => Err(Error::DerMalformed("certificate")),
    }
}

/// A parsed certificate and its DER.
pub struct Cert<'a> {
    pub der: &'a [u8],
    pub x509: X509Certificate<'a>,
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
/// RFC 5280 §7.1 style normalisation of string values (case folding, whitespace).
pub fn names_equal(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let (Ok((_, na)), Ok((_, nb))) = (
        x509_parser::x509::X509Name::from_der(a),
        x509_parser::x509::X509Name::from_der(b),
    ) else {
        return false;
    };
    let ra: Vec<_> = na.iter().collect();
    let rb: Vec<_> = nb.iter().collect();
    if ra.len() != rb.len() {
        return false;
    }
    ra.iter().zip(rb.iter()).all(|(x, y)| {
        let (xs, ys): (Vec<_>, Vec<_>) = (x.iter().collect(), y.iter().collect());
        xs.len() == ys.len()
            && xs.iter().zip(ys.iter()).all(|(p, q)| {
                p.attr_type() == q.attr_type()
                    && match (p.as_str(), q.as_str()) {
                        (Ok(s), Ok(t)) => normalise(s) == normalise(t),
                        _ => p.attr_value().data == q.attr_value().data,
                    }
            })
    })
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
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

impl<'a> Extensions<'a> {
    fn read(cert: &X509Certificate<'a>) -> Result<Self, Error> {
        let mut out = Extensions::default();
        let exts = cert.extensions();
        for (i, ext) in exts.iter().enumerate() {
            if exts.iter().skip(i + 1).any(|other| other.oid == ext.oid) {
                return Err(Error::ExtensionInvalid("duplicate extension"));
            }
            let c = ext.critical;
            match ext.parsed_extension() {
                ParsedExtension::ParseError { .. } => {
                    return Err(Error::ExtensionInvalid("malformed extension"))
                }
                ParsedExtension::UnsupportedExtension { .. } if c => {
                    return Err(Error::UnknownCriticalExtension)
                }
                ParsedExtension::BasicConstraints(bc) => {
                    out.basic_constraints = Some((c, bc.clone()))
                }
                ParsedExtension::KeyUsage(ku) => out.key_usage = Some(ku.flags),
                ParsedExtension::ExtendedKeyUsage(eku) => {
                    let mut oids: Vec<String> = Vec::new();
                    let known = [
                        (eku.any, super::options::eku::ANY),
                        (eku.server_auth, super::options::eku::SERVER_AUTH),
                        (eku.client_auth, super::options::eku::CLIENT_AUTH),
                        (eku.code_signing, super::options::eku::CODE_SIGNING),
                        (eku.email_protection, super::options::eku::EMAIL_PROTECTION),
                        (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
                        (eku.ocsp_signing, super::options::eku::OCSP_SIGNING),
                    ];
                    oids.extend(
                        known
                            .iter()
                            .filter(|(on, _)| *on)
                            .map(|(_, o)| o.to_string()),
                    );
                    oids.extend(eku.other.iter().map(|o| o.to_id_string()));
                    if oids.is_empty() {
                        return Err(Error::ExtensionInvalid("empty extKeyUsage"));
                    }
                    out.eku = Some((c, oids));
                }
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    out.aki = Some(Aki {
                        critical: c,
                        key_id: aki.key_identifier.as_ref().map(|k| k.0),
                        has_issuer_or_serial: aki.authority_cert_issuer.is_some()
                            || aki.authority_cert_serial.is_some(),
                    })
                }
                ParsedExtension::SubjectKeyIdentifier(ski) => out.ski = Some((c, ski.0)),
                ParsedExtension::SubjectAlternativeName(_) => out.san_critical = Some(c),
                ParsedExtension::NameConstraints(_) => out.name_constraints_critical = Some(c),
                ParsedExtension::CertificatePolicies(p) => {
                    out.policies = Some(p.iter().map(|pi| pi.policy_id.to_id_string()).collect())
                }
                ParsedExtension::PolicyConstraints(_) => out.policy_constraints_critical = Some(c),
                ParsedExtension::PolicyMappings(_) => out.has_policy_mappings = true,
                ParsedExtension::AuthorityInfoAccess(aia) => {
                    if c {
                        return Err(Error::ExtensionInvalid("critical authorityInfoAccess"));
                    }
                    if aia.accessdescs.is_empty() {
                        return Err(Error::ExtensionInvalid("empty authorityInfoAccess"));
                    }
                }
                _ => {}
            }
        }
        // x509-parser maps a few extensions it knows to typed values; make sure the ones that
        // decide trust were not silently skipped because of an unexpected encoding.
        for oid in [
            OID_X509_EXT_BASIC_CONSTRAINTS,
            OID_X509_EXT_KEY_USAGE,
            OID_X509_EXT_EXTENDED_KEY_USAGE,
            OID_X509_EXT_NAME_CONSTRAINTS,
            OID_X509_EXT_SUBJECT_ALT_NAME,
            OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER,
            OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
            OID_X509_EXT_CERTIFICATE_POLICIES,
            OID_X509_EXT_POLICY_CONSTRAINTS,
            OID_X509_EXT_POLICY_MAPPINGS,
        ] {
            if exts
                .iter()
                .any(|e| e.oid == oid && e.parsed_extension().unsupported())
            {
                return Err(Error::ExtensionInvalid("unreadable extension"));
            }
        }
        Ok(out)
    }

    /// `basicConstraints` says cA=TRUE.
    pub fn is_ca(&self) -> bool {
        matches!(
            self.basic_constraints,
            Some((_, BasicConstraints { ca: true, .. }))
        )
    }
}

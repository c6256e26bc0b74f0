//! Verify a JPKI end-entity certificate: classification, a path to a root of the same purpose,
//! identity attributes.
//!
//! Steps: (1) classify the end-entity by the JPKI profile ([`super::profile`]) — a keyUsage that
//! is neither auth nor sign, or a kind the caller does not accept, is `CERT_WRONG_PURPOSE`; the
//! right keyUsage without an acceptable policy is `CERT_POLICY_NOT_ALLOWED`; (2) validate a path
//! with [`crate::pki::verify_path`] against the anchors of the classified purpose only, each
//! root generation used within its own validity; when that finds no path but the anchors of
//! the other purpose would accept the certificate, the result is `CERT_WRONG_PURPOSE`;
//! (3) for a signature certificate, read the identity attributes (all six are required).

use super::attributes::{self, Identity};
use super::dn::{hex_lower, hex_upper, rfc4514};
use super::profile::{self, PolicySet, TEST_SIGN_POLICY_PREFIX};
use super::roots::{jlis_root_certs, jlis_roots, test_root_certs, test_roots, Purpose, Root};
use crate::pki::cert::{self, Cert};
use crate::pki::path::verify_path_from;
use crate::pki::{UnixTime, ValidatedPath, ValidationOptions};
use crate::wire::limits;
use crate::Error;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A caller-supplied trust anchor and the purpose it is trusted for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomAnchor {
    /// DER of the root certificate.
    pub der: Vec<u8>,
    /// What it may issue.
    pub purpose: Purpose,
    /// A label for results.
    pub name: String,
}

/// Which roots to trust.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum TrustSelection {
    /// The four J-LIS roots shipped with the crate (default).
    #[default]
    Jlis,
    /// The TEST roots of this crate's test hierarchy (opt-in; never for production). Also
    /// accepts the test-environment sign policy `1.2.392.200149.8.5.1.0.`.
    Test,
    /// Only these anchors.
    Custom(Vec<CustomAnchor>),
}

/// Options of a JPKI certificate verification.
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    /// Validation time.
    pub time: UnixTime,
    /// Which roots to trust.
    pub trust: TrustSelection,
    /// Kinds the caller accepts (default both).
    pub accepted_kinds: Vec<Purpose>,
    /// Acceptable policies per purpose (default: the J-LIS auth and sign prefixes).
    pub policies: PolicySet,
    /// Accept SHA-1 signatures in the chain (legacy verification only).
    pub allow_sha1: bool,
}

impl VerifyOptions {
    /// Defaults for verification at `time`: J-LIS roots, both kinds, default policies, no SHA-1.
    pub fn at(time: UnixTime) -> Self {
        VerifyOptions {
            time,
            trust: TrustSelection::Jlis,
            accepted_kinds: vec![Purpose::Auth, Purpose::Sign],
            policies: PolicySet::default(),
            allow_sha1: false,
        }
    }
}

/// The verified certificate, briefly. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSummary {
    /// DER INTEGER contents, upper-case hex.
    pub serial_number: String,
    /// RFC 4514.
    pub issuer: String,
    /// RFC 4514.
    pub subject: String,
    /// RFC 3339.
    pub not_before: String,
    /// RFC 3339.
    pub not_after: String,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
}

impl CertificateSummary {
    /// Summarise the parsed certificate `cert` whose DER is `der`.
    pub(crate) fn of(der: &[u8], cert: &crate::wire::x509::Certificate<'_>) -> Self {
        let (not_before, not_after) = cert.validity();
        CertificateSummary {
            serial_number: hex_upper(cert.raw_serial()),
            issuer: rfc4514(cert.issuer()),
            subject: rfc4514(cert.subject()),
            not_before: UnixTime(not_before).to_rfc3339(),
            not_after: UnixTime(not_after).to_rfc3339(),
            sha256: hex_lower(&Sha256::digest(der)),
        }
    }
}

/// The root a path ended at. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AnchorInfo {
    pub name: String,
    /// SHA-256 of the root certificate, lower-case hex.
    pub sha256: String,
}

/// One certificate of the validated chain. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ChainEntry {
    /// RFC 4514.
    pub subject: String,
    /// SHA-256 of the DER, lower-case hex.
    pub sha256: String,
}

/// A verified JPKI certificate. Serialised with camelCase keys.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct JpkiVerified {
    /// `jpki-auth` or `jpki-sign`.
    pub kind: String,
    /// The end-entity.
    pub certificate: CertificateSummary,
    /// Identity attributes (signature certificates only).
    pub identity: Option<Identity>,
    /// The root the chain ends at.
    pub trust_anchor: AnchorInfo,
    /// End-entity first, root last.
    pub chain: Vec<ChainEntry>,
    /// The end-entity's certificate policies.
    pub policies: Vec<String>,
}

/// A trust anchor of the selection with its label and fingerprint.
struct Candidate<'t> {
    name: &'t str,
    der: &'t [u8],
    purpose: Purpose,
    sha256: String,
    /// RFC 4514 subject, known in advance for the built-in roots.
    subject: Option<&'t str>,
    /// The certificate parsed once for all verifications (built-in roots).
    parsed: Option<&'static Cert<'static>>,
}

impl Candidate<'static> {
    fn from_root(root: &'static Root, parsed: Option<&'static Cert<'static>>) -> Self {
        Candidate {
            name: &root.name,
            der: &root.der,
            purpose: root.purpose,
            sha256: root.sha256.clone(),
            subject: Some(&root.subject),
            parsed,
        }
    }
}

/// The anchors selected by the caller.
fn candidates(trust: &TrustSelection) -> Result<Vec<Candidate<'_>>, Error> {
    let built_in = |roots: &'static [Root], certs: &'static [Option<Cert<'static>>]| {
        roots
            .iter()
            .enumerate()
            .map(|(i, r)| Candidate::from_root(r, certs.get(i).and_then(Option::as_ref)))
            .collect()
    };
    Ok(match trust {
        TrustSelection::Jlis => built_in(jlis_roots()?, jlis_root_certs()),
        TrustSelection::Test => built_in(test_roots()?, test_root_certs()),
        TrustSelection::Custom(list) => {
            limits::check("trust anchor list", list.len(), limits::MAX_ANCHORS)?;
            list.iter()
                .map(|a| Candidate {
                    name: &a.name,
                    der: &a.der,
                    purpose: a.purpose,
                    sha256: hex_lower(&Sha256::digest(&a.der)),
                    subject: None,
                    parsed: None,
                })
                .collect()
        }
    })
}

/// The policy set in force: the caller's, plus the test-environment sign prefix for TEST trust.
fn effective_policies(opts: &VerifyOptions) -> PolicySet {
    let mut set = opts.policies.clone();
    if opts.trust == TrustSelection::Test && !set.sign.iter().any(|p| p == TEST_SIGN_POLICY_PREFIX)
    {
        set.sign.push(TEST_SIGN_POLICY_PREFIX.into());
    }
    set
}

/// Path validation options for an end-entity of `purpose`.
fn validation_options(
    opts: &VerifyOptions,
    set: &PolicySet,
    purpose: Purpose,
) -> ValidationOptions {
    let mut v = ValidationOptions::at(opts.time);
    v.allow_sha1 = opts.allow_sha1;
    v.required_key_usage = profile::required_key_usage(purpose);
    v.acceptable_policies = Some(set.for_purpose(purpose).to_vec());
    v.check_anchor_validity = true;
    // J-LIS end-entities are issued directly by a root of a known purpose, so the AKI adds
    // nothing to path building; whether every card generation carries it is not confirmed, and a
    // missing hint must not lock real cards out.
    v.require_authority_key_id = false;
    v
}

/// Validate against the anchors of `purpose`; on "not trusted", tell a wrong-purpose root apart.
fn path_for_purpose(
    ee: &Cert<'_>,
    intermediates: &[&[u8]],
    all: &[Candidate<'_>],
    purpose: Purpose,
    vopts: &ValidationOptions,
) -> Result<(ValidatedPath, usize), Error> {
    let (same, other): (Vec<usize>, Vec<usize>) =
        (0..all.len()).partition(|&i| all.get(i).is_some_and(|c| c.purpose == purpose));
    // Caller-given anchors are parsed here, once; the built-in roots were parsed at first use.
    let owned: Vec<Option<Cert<'_>>> = all
        .iter()
        .map(|c| match c.parsed {
            Some(_) => None,
            None => Cert::from_der(c.der).ok(),
        })
        .collect();
    let cert_of = |i: usize| {
        all.get(i)
            .and_then(|c| c.parsed)
            .or_else(|| owned.get(i).and_then(Option::as_ref))
    };
    // Each usable anchor with its position in `idx` (what ValidatedPath::anchor reports).
    let anchors = |idx: &[usize]| -> Vec<(usize, &Cert<'_>)> {
        idx.iter()
            .enumerate()
            .filter_map(|(k, &i)| cert_of(i).map(|c| (k, c)))
            .collect()
    };
    let result = if same.is_empty() {
        Err(Error::CertNotTrusted)
    } else {
        verify_path_from(ee, intermediates, &anchors(&same), vopts)
    };
    match result {
        Ok(path) => {
            let index = same
                .get(path.anchor)
                .copied()
                .ok_or(Error::CertNotTrusted)?;
            Ok((path, index))
        }
        Err(Error::CertNotTrusted) if !other.is_empty() => {
            match verify_path_from(ee, intermediates, &anchors(&other), vopts) {
                Ok(_) => Err(Error::CertWrongPurpose),
                Err(_) => Err(Error::CertNotTrusted),
            }
        }
        Err(e) => Err(e),
    }
}

/// SHA-256 hex and subject of one DER certificate of the chain.
fn chain_entry(der: &[u8]) -> ChainEntry {
    let subject = cert::parse(der)
        .map(|c| rfc4514(c.subject()))
        .unwrap_or_default();
    ChainEntry {
        subject,
        sha256: hex_lower(&Sha256::digest(der)),
    }
}

/// Verify `ee_der` (with optional `intermediates`) as a JPKI certificate.
pub fn verify_certificate(
    ee_der: &[u8],
    intermediates: &[&[u8]],
    opts: &VerifyOptions,
) -> Result<JpkiVerified, Error> {
    verify_certificate_path(ee_der, intermediates, opts).map(|(verified, _)| verified)
}

/// [`verify_certificate`], with the validated path it found (e.g. for
/// [`ValidatedPath::issuer_spki`], what revocation checking reuses).
pub(crate) fn verify_certificate_path(
    ee_der: &[u8],
    intermediates: &[&[u8]],
    opts: &VerifyOptions,
) -> Result<(JpkiVerified, ValidatedPath), Error> {
    limits::check(
        "intermediate list",
        intermediates.len(),
        limits::MAX_INTERMEDIATES,
    )?;
    let ee_cert = Cert::from_der(ee_der)?;
    let ee = &ee_cert.x509;
    let set = effective_policies(opts);
    let purpose = profile::classify(ee, &set)?;
    if !opts.accepted_kinds.contains(&purpose) {
        return Err(Error::CertWrongPurpose);
    }
    let all = candidates(&opts.trust)?;
    let vopts = validation_options(opts, &set, purpose);
    let (path, index) = path_for_purpose(&ee_cert, intermediates, &all, purpose, &vopts)?;
    let identity = match purpose {
        Purpose::Sign => Some(attributes::identity(ee)?),
        Purpose::Auth => None,
    };
    let anchor = all.get(index).ok_or(Error::CertNotTrusted)?;
    let policies = if path.policies.is_empty() {
        profile::policies(ee)?
    } else {
        path.policies.clone()
    };
    let certificate = CertificateSummary::of(ee_der, ee);
    // The end-entity and the root are already described: no second parse or hash for them.
    let last = path.chain.len().saturating_sub(1);
    let chain = path
        .chain
        .iter()
        .enumerate()
        .map(|(i, der)| match (i, &anchor.subject) {
            (0, _) => ChainEntry {
                subject: certificate.subject.clone(),
                sha256: certificate.sha256.clone(),
            },
            (i, Some(subject)) if i == last => ChainEntry {
                subject: subject.to_string(),
                sha256: anchor.sha256.clone(),
            },
            _ => chain_entry(der),
        })
        .collect();
    let verified = JpkiVerified {
        kind: purpose.kind().to_string(),
        certificate,
        identity,
        trust_anchor: AnchorInfo {
            name: anchor.name.to_string(),
            sha256: anchor.sha256.clone(),
        },
        chain,
        policies,
    };
    Ok((verified, path))
}

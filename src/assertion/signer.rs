//! Validating the certificate of a CMS or JWS signer: the JPKI verifier (J-LIS roots by
//! default, opt-in TEST roots, custom anchors) or generic RFC 5280 path validation against the
//! caller's anchors. Shared by [`super::cms`] and [`super::jws`].

use crate::jpki::dn::{hex_lower, rfc4514};
use crate::jpki::verify::verify_certificate_path;
use crate::jpki::{AnchorInfo, ChainEntry, Identity, JpkiVerified, VerifyOptions as JpkiOptions};
use crate::pki::{cert, verify_path, TrustAnchor, UnixTime, ValidatedPath, ValidationOptions};
use crate::Error;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How the signer's certificate is validated.
#[derive(Clone, Debug)]
pub enum SignerTrust {
    /// As a JPKI certificate with [`crate::jpki::verify_certificate`]; a signature certificate
    /// yields the holder's identity attributes.
    Jpki(JpkiOptions),
    /// RFC 5280 path validation with [`crate::pki::verify_path`] against these anchors.
    Path {
        /// The trust anchors.
        anchors: Vec<TrustAnchor>,
        /// Validation time, key usage, policies, budgets.
        options: ValidationOptions,
    },
}

impl SignerTrust {
    /// The validation time of these options.
    pub fn time(&self) -> UnixTime {
        match self {
            SignerTrust::Jpki(o) => o.time,
            SignerTrust::Path { options, .. } => options.time,
        }
    }

    /// Whether SHA-1 is allowed (legacy verification only; RSA PKCS#1 v1.5 only).
    pub fn allow_sha1(&self) -> bool {
        match self {
            SignerTrust::Jpki(o) => o.allow_sha1,
            SignerTrust::Path { options, .. } => options.allow_sha1,
        }
    }
}

/// A signer certificate validated by generic path validation. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathVerified {
    /// End-entity first, anchor last.
    pub chain: Vec<ChainEntry>,
    /// The anchor the path ends at.
    pub trust_anchor: AnchorInfo,
    /// Accepted policies of the end-entity (empty when the caller set none).
    pub policies: Vec<String>,
}

/// The validated signer certificate. Serialised as an object with `"type": "jpki" | "path"`
/// and the fields of the variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum SignerCertificate {
    /// Validated as a JPKI certificate.
    Jpki(Box<JpkiVerified>),
    /// Validated by generic path validation.
    Path(PathVerified),
}

impl SignerCertificate {
    /// The JPKI identity attributes (JPKI signature certificates only).
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            SignerCertificate::Jpki(v) => v.identity.as_ref(),
            SignerCertificate::Path(_) => None,
        }
    }
}

/// Validate `ee_der` with `others` as candidate intermediates.
pub fn validate_signer(
    ee_der: &[u8],
    others: &[&[u8]],
    trust: &SignerTrust,
) -> Result<SignerCertificate, Error> {
    validate_signer_path(ee_der, others, trust).map(|(certificate, _)| certificate)
}

/// [`validate_signer`], with the validated path (e.g. for [`ValidatedPath::issuer_spki`], what
/// revocation checking reuses).
pub(crate) fn validate_signer_path(
    ee_der: &[u8],
    others: &[&[u8]],
    trust: &SignerTrust,
) -> Result<(SignerCertificate, ValidatedPath), Error> {
    match trust {
        SignerTrust::Jpki(opts) => verify_certificate_path(ee_der, others, opts)
            .map(|(v, path)| (SignerCertificate::Jpki(Box::new(v)), path)),
        SignerTrust::Path { anchors, options } => {
            let path = verify_path(ee_der, others, anchors, options)?;
            let anchor = anchors.get(path.anchor).ok_or(Error::CertNotTrusted)?;
            let verified = PathVerified {
                chain: path.chain.iter().map(|der| chain_entry(der)).collect(),
                trust_anchor: AnchorInfo {
                    name: anchor.name.clone(),
                    sha256: hex_lower(&Sha256::digest(&anchor.der)),
                },
                policies: path.policies.clone(),
            };
            Ok((SignerCertificate::Path(verified), path))
        }
    }
}

/// Subject and SHA-256 of one certificate of a validated chain.
fn chain_entry(der: &[u8]) -> ChainEntry {
    ChainEntry {
        subject: cert::parse(der)
            .map(|c| rfc4514(c.subject()))
            .unwrap_or_default(),
        sha256: hex_lower(&Sha256::digest(der)),
    }
}

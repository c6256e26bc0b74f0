//! Verify a CMS SignedData (RFC 5652), attached or detached: every signer's signature, its
//! signed attributes, and its certificate (JPKI or generic path validation).
//!
//! # Rules
//! - Content: attached (eContent) or detached (passed by the caller). Both present → they must
//!   be byte-for-byte equal, else `CONTENT_MISMATCH`; neither → `CONTENT_MISSING`.
//! - **Every** SignerInfo must verify (at most four); one bad signer fails the whole CMS.
//! - With signed attributes: the signature covers their DER re-tagged as SET; contentType must
//!   equal eContentType (`CMS_INVALID`) and messageDigest must equal the digest of the content
//!   (`CONTENT_MISMATCH`). The signature is checked first, so `CONTENT_MISMATCH` always means
//!   "authentically signed, but not this content". Without signed attributes the signature
//!   covers the content itself, and eContentType must be id-data (§5.3) → else `CMS_INVALID`.
//! - signingTime is reported. When [`CmsOptions::max_signing_time_skew`] is set, it must be
//!   within that many seconds of the validation time, either way (`SIGNING_TIME_OUT_OF_RANGE`);
//!   [`CmsOptions::require_signing_time`] makes it mandatory.
//! - Digest algorithms: SHA-256/384/512 (SHA-1 only when the trust options allow SHA-1),
//!   parameters absent or NULL. Signature algorithms: rsaEncryption (PKCS#1 v1.5 with the
//!   digest algorithm's hash, the usual CMS form), sha*WithRSAEncryption, RSASSA-PSS, and
//!   ecdsa-with-SHA* (DER). A signature algorithm whose hash differs from the digest algorithm
//!   → `CMS_INVALID`; anything else → `UNSUPPORTED_ALGORITHM`. The signer's digest algorithm
//!   must be listed (by OID) in the SignedData's digestAlgorithms → else `CMS_INVALID`.
//! - The signer's certificate is found by IssuerAndSerialNumber (issuer Name and serial
//!   compared byte for byte, as producers copy them from the certificate) or SubjectKeyIdentifier among the CMS certificates and
//!   [`CmsOptions::extra_certificates`] → else `SIGNER_NOT_FOUND`. The other certificates are
//!   offered as intermediates.
//! - **Revocation** of every signer's certificate, per [`CmsOptions::revocation`] and the
//!   evidence given to [`verify_cms_with_revocation`] (weighed by [`check_revocation_issued`]
//!   with the issuer key of the validated path, exactly as for tokens): revoked → `CERT_REVOKED` (one revoked signer fails the whole CMS); bad
//!   evidence → its own error; no usable evidence → `REVOCATION_UNKNOWN` under `require`, or
//!   status `unknown` with a `REVOCATION_UNKNOWN` warning under `prefer` (the default).

use super::policy::RevocationMode;
use super::result::{revocation_from_check, RevocationInfo, Warning};
use super::signer::{validate_signer_path, SignerCertificate, SignerTrust};
use crate::jpki::{Identity, TrustSelection};
use crate::pki::cert;
use crate::pki::revocation::{check_revocation_issued, Freshness, RevocationEvidence};
use crate::pki::signature::verify_with_key;
use crate::pki::spki::PublicKey;
use crate::pki::{Hash, SignatureAlgorithm};
use crate::wire::cms::{self, AlgorithmId, SignedData, SignerId, SignerInfo, OID_DATA};
use crate::wire::limits;
use crate::wire::x509::extension::{self, oids};
use crate::wire::x509::Certificate;
use crate::Error;
use serde::Serialize;

/// Options of [`verify_cms`].
#[derive(Clone, Debug)]
pub struct CmsOptions {
    /// How the signer certificate is validated (and the validation time).
    pub trust: SignerTrust,
    /// Largest accepted distance between signingTime and the validation time, in seconds.
    pub max_signing_time_skew: Option<u64>,
    /// Refuse a signer without a signingTime attribute.
    pub require_signing_time: bool,
    /// More certificates to look for the signer and intermediates in (DER), e.g. when the CMS
    /// was made without certificates. At most [`cms::MAX_CERTIFICATES`].
    pub extra_certificates: Vec<Vec<u8>>,
    /// Revocation policy for every signer's certificate (default `prefer`, as for tokens).
    pub revocation: RevocationMode,
    /// How current revocation evidence must be.
    pub revocation_freshness: Freshness,
}

impl CmsOptions {
    /// Defaults around `trust`: no signing-time rule, no extra certificates, revocation
    /// `prefer` with the default freshness.
    pub fn new(trust: SignerTrust) -> Self {
        CmsOptions {
            trust,
            max_signing_time_skew: None,
            require_signing_time: false,
            extra_certificates: Vec::new(),
            revocation: RevocationMode::default(),
            revocation_freshness: Freshness::default(),
        }
    }
}

/// One verified signer. Serialised with camelCase keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmsSigner {
    /// `issuerAndSerialNumber` or `subjectKeyIdentifier`.
    pub signer_id: &'static str,
    /// `SHA-256`, `SHA-384`, `SHA-512` or `SHA-1`.
    pub digest_algorithm: &'static str,
    /// `RSASSA-PKCS1-v1_5`, `RSASSA-PSS` or `ECDSA`.
    pub signature_algorithm: &'static str,
    /// Whether signed attributes were present.
    pub signed_attributes: bool,
    /// The signingTime attribute (RFC 3339), when present.
    pub signing_time: Option<String>,
    /// The validated signer certificate.
    pub certificate: SignerCertificate,
    /// What the revocation evidence says about the signer certificate.
    pub revocation: RevocationInfo,
}

/// A verified CMS. Serialised with camelCase keys (the content is not serialised).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmsVerified {
    /// eContentType, dotted (`1.2.840.113549.1.7.1` for id-data).
    pub content_type: String,
    /// The content that was verified (attached or given).
    #[serde(skip)]
    pub content: Vec<u8>,
    /// Whether the content was detached (given by the caller).
    pub detached: bool,
    /// Every signer, in the order of the SignedData.
    pub signers: Vec<CmsSigner>,
    /// Non-fatal observations (each code once): `REVOCATION_UNKNOWN`, `TEST_TRUST`.
    pub warnings: Vec<Warning>,
}

impl CmsVerified {
    /// The identity attributes of the first signer with a JPKI signature certificate.
    pub fn identity(&self) -> Option<&Identity> {
        self.signers.iter().find_map(|s| s.certificate.identity())
    }
}

/// Verify the DER CMS `der`. `content` is the detached content (or, for an attached CMS, a copy
/// that must be equal). See the module documentation for the rules. No revocation evidence:
/// under `require` this fails with `REVOCATION_UNKNOWN`.
pub fn verify_cms(
    der: &[u8],
    content: Option<&[u8]>,
    opts: &CmsOptions,
) -> Result<CmsVerified, Error> {
    verify_cms_with_revocation(der, content, opts, &[])
}

/// [`verify_cms`] with revocation evidence about the signers' certificates (CRLs indexed once,
/// OCSP responses, operator verdicts). Evidence about other certificates is skipped, so one
/// list can cover several signers.
pub fn verify_cms_with_revocation(
    der: &[u8],
    content: Option<&[u8]>,
    opts: &CmsOptions,
    evidence: &[RevocationEvidence<'_>],
) -> Result<CmsVerified, Error> {
    limits::check(
        "extra certificate list",
        opts.extra_certificates.len(),
        cms::MAX_CERTIFICATES,
    )?;
    let sd = cms::parse_signed_data(der)?;
    let (data, detached) = match (sd.content, content) {
        (Some(attached), Some(given)) if attached != given => return Err(Error::ContentMismatch),
        (Some(attached), _) => (attached, false),
        (None, Some(given)) => (given, true),
        (None, None) => return Err(Error::ContentMissing),
    };
    let mut pool: Vec<&[u8]> = sd.certificates.clone();
    pool.extend(opts.extra_certificates.iter().map(Vec::as_slice));
    let mut warnings = Vec::new();
    let signers = sd
        .signers
        .iter()
        .map(|s| verify_signer(s, &sd, data, &pool, opts, evidence, &mut warnings))
        .collect::<Result<Vec<_>, Error>>()?;
    if matches!(&opts.trust, SignerTrust::Jpki(o) if o.trust == TrustSelection::Test) {
        warnings.push(Warning::TEST_TRUST);
    }
    let mut seen = Vec::new();
    warnings.retain(|w| {
        let fresh = !seen.contains(&w.code);
        seen.push(w.code);
        fresh
    });
    Ok(CmsVerified {
        content_type: crate::wire::algorithm::dotted(sd.content_type),
        content: data.to_vec(),
        detached,
        signers,
        warnings,
    })
}

/// Verify one SignerInfo over `data`, then the revocation of its certificate.
fn verify_signer(
    si: &SignerInfo<'_>,
    sd: &SignedData<'_>,
    data: &[u8],
    pool: &[&[u8]],
    opts: &CmsOptions,
    evidence: &[RevocationEvidence<'_>],
    warnings: &mut Vec<Warning>,
) -> Result<CmsSigner, Error> {
    let allow_sha1 = opts.trust.allow_sha1();
    let hash = digest_algorithm(&si.digest_algorithm, allow_sha1)?;
    if !sd
        .digest_algorithms
        .iter()
        .any(|a| a.oid == si.digest_algorithm.oid)
    {
        return Err(Error::CmsInvalid(
            "digest algorithm not listed in SignedData",
        ));
    }
    let content_type = sd.content_type;
    let alg = signature_algorithm(&si.signature_algorithm, hash)?;
    let (index, signer_der) = find_signer(&si.sid, pool)?;
    let spki = cert::parse(signer_der)?.public_key().raw.to_vec();
    let key = PublicKey::from_spki_der(&spki)?;
    let message = match &si.signed_attrs {
        Some(attrs) => attrs.signed_der.as_slice(),
        None => data,
    };
    verify_with_key(&key, alg, message, si.signature, allow_sha1)?;
    match &si.signed_attrs {
        Some(attrs) => {
            if attrs.content_type != content_type {
                return Err(Error::CmsInvalid(
                    "contentType attribute differs from eContentType",
                ));
            }
            if attrs.message_digest != hash.digest(data).as_slice() {
                return Err(Error::ContentMismatch);
            }
        }
        None if content_type != OID_DATA => {
            return Err(Error::CmsInvalid(
                "signed attributes required for this content type",
            ));
        }
        None => {}
    }
    let signing_time = si.signed_attrs.as_ref().and_then(|a| a.signing_time);
    check_signing_time(signing_time, opts)?;
    let others: Vec<&[u8]> = pool
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, der)| *der)
        .collect();
    let (certificate, path) = validate_signer_path(signer_der, &others, &opts.trust)?;
    let check = match opts.revocation {
        RevocationMode::Off => None,
        _ => check_revocation_issued(
            signer_der,
            path.issuer_spki(),
            evidence,
            opts.trust.time(),
            &opts.revocation_freshness,
        )?,
    };
    let revocation = revocation_from_check(opts.revocation, check, warnings)?;
    Ok(CmsSigner {
        signer_id: match si.sid {
            SignerId::IssuerSerial { .. } => "issuerAndSerialNumber",
            SignerId::KeyId(_) => "subjectKeyIdentifier",
        },
        digest_algorithm: hash_name(hash),
        signature_algorithm: match alg {
            SignatureAlgorithm::RsaPkcs1(_) => "RSASSA-PKCS1-v1_5",
            SignatureAlgorithm::RsaPss { .. } => "RSASSA-PSS",
            SignatureAlgorithm::Ecdsa { .. } => "ECDSA",
        },
        signed_attributes: si.signed_attrs.is_some(),
        signing_time: signing_time.map(|t| t.to_rfc3339()),
        certificate,
        revocation,
    })
}

/// The signing-time rules of the options.
fn check_signing_time(
    signing_time: Option<crate::pki::UnixTime>,
    opts: &CmsOptions,
) -> Result<(), Error> {
    match (signing_time, opts.max_signing_time_skew) {
        (None, _) if opts.require_signing_time => Err(Error::SigningTimeOutOfRange),
        (Some(t), Some(skew)) if t.0.abs_diff(opts.trust.time().0) > skew => {
            Err(Error::SigningTimeOutOfRange)
        }
        _ => Ok(()),
    }
}

/// The certificate the SignerIdentifier names: its index in `pool` and its DER. Certificates
/// that do not parse are skipped.
fn find_signer<'p>(sid: &SignerId<'_>, pool: &[&'p [u8]]) -> Result<(usize, &'p [u8]), Error> {
    pool.iter()
        .enumerate()
        .find(|(_, der)| {
            cert::parse(der).is_ok_and(|c| match sid {
                SignerId::IssuerSerial { issuer, serial } => {
                    c.raw_serial() == *serial && c.issuer().as_raw() == *issuer
                }
                SignerId::KeyId(id) => subject_key_id(&c) == Some(id),
            })
        })
        .map(|(i, der)| (i, *der))
        .ok_or(Error::SignerNotFound)
}

/// The subjectKeyIdentifier extension's value, when present and well-formed.
fn subject_key_id<'a>(c: &Certificate<'a>) -> Option<&'a [u8]> {
    c.extension(oids::SUBJECT_KEY_IDENTIFIER)
        .and_then(|ext| extension::subject_key_id(ext.value).ok())
}

/// id-sha1, id-sha256, id-sha384, id-sha512 (content octets).
const OID_SHA1: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1a];
const OID_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const OID_SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
const OID_SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];

/// The digest algorithm: SHA-2 (or SHA-1 when allowed), parameters absent or NULL.
fn digest_algorithm(alg: &AlgorithmId<'_>, allow_sha1: bool) -> Result<Hash, Error> {
    if !matches!(alg.params, None | Some([0x05, 0x00])) {
        return Err(Error::UnsupportedAlgorithm);
    }
    match alg.oid {
        OID_SHA256 => Ok(Hash::Sha256),
        OID_SHA384 => Ok(Hash::Sha384),
        OID_SHA512 => Ok(Hash::Sha512),
        OID_SHA1 if allow_sha1 => Ok(Hash::Sha1),
        _ => Err(Error::UnsupportedAlgorithm),
    }
}

/// rsaEncryption (content octets): in CMS, PKCS#1 v1.5 with the digest algorithm's hash.
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// Signature algorithm OIDs (content octets) understood by `SignatureAlgorithm::from_x509`.
const X509_SIGNATURE_OIDS: &[(&[u8], &str)] = &[
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05],
        "1.2.840.113549.1.1.5",
    ),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
        "1.2.840.113549.1.1.11",
    ),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c],
        "1.2.840.113549.1.1.12",
    ),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d],
        "1.2.840.113549.1.1.13",
    ),
    (
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a],
        "1.2.840.113549.1.1.10",
    ),
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02],
        "1.2.840.10045.4.3.2",
    ),
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03],
        "1.2.840.10045.4.3.3",
    ),
    (
        &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04],
        "1.2.840.10045.4.3.4",
    ),
];

/// The signature algorithm, which must use the digest algorithm's hash.
fn signature_algorithm(alg: &AlgorithmId<'_>, digest: Hash) -> Result<SignatureAlgorithm, Error> {
    let parsed = if alg.oid == OID_RSA_ENCRYPTION {
        if !matches!(alg.params, None | Some([0x05, 0x00])) {
            return Err(Error::UnsupportedAlgorithm);
        }
        SignatureAlgorithm::RsaPkcs1(digest)
    } else {
        let dotted = X509_SIGNATURE_OIDS
            .iter()
            .find(|(oid, _)| *oid == alg.oid)
            .map(|(_, d)| *d)
            .ok_or(Error::UnsupportedAlgorithm)?;
        SignatureAlgorithm::from_x509(dotted, alg.params)?
    };
    if parsed.hash() != digest {
        return Err(Error::CmsInvalid(
            "signature and digest algorithms use different hashes",
        ));
    }
    Ok(parsed)
}

/// Display name of a hash.
fn hash_name(hash: Hash) -> &'static str {
    match hash {
        Hash::Sha1 => "SHA-1",
        Hash::Sha256 => "SHA-256",
        Hash::Sha384 => "SHA-384",
        Hash::Sha512 => "SHA-512",
    }
}

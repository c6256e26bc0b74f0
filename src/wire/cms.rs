//! CMS SignedData (RFC 5652 §5) decoding: ContentInfo → SignedData → SignerInfos, with size
//! caps. Nothing here verifies anything; [`crate::assertion::cms`] does.
//!
//! # Decisions
//! - **DER only.** The strict reader of `crate::wire::der` is reused: definite,
//!   minimal lengths, no constructed OCTET STRINGs, no trailing bytes. BER (indefinite lengths,
//!   as `openssl cms -stream` writes) → `DER_MALFORMED`. SET OF ordering is not checked.
//! - Caps: the whole CMS ≤ [`MAX_CMS_DER`], ≤ [`MAX_SIGNERS`] SignerInfos, ≤
//!   [`MAX_CERTIFICATES`] entries in `certificates`, ≤ [`MAX_DIGEST_ALGORITHMS`] digest
//!   algorithms → `INPUT_TOO_LARGE`.
//! - Versions: SignedData version 1, 3, 4 or 5; a SignerInfo must be version 1 with an
//!   IssuerAndSerialNumber or version 3 with a SubjectKeyIdentifier (§5.3) → else
//!   `CMS_INVALID`. A SignedData without SignerInfos (certificates only) → `CMS_INVALID`.
//! - Only `certificate` choices of CertificateChoices are kept; attribute certificates and
//!   other formats are skipped (they still count towards the cap). CRLs are ignored.
//! - Signed attributes are read by [`crate::wire::cms_attrs`].

use super::cms_attrs::{self, SignedAttributes};
use crate::wire::der::{self, Malformed, Reader, INTEGER, OID, SEQUENCE};
use crate::Error;

/// Largest CMS accepted, in DER bytes (1 MiB).
pub const MAX_CMS_DER: usize = 1024 * 1024;
/// Most SignerInfos in one SignedData.
pub const MAX_SIGNERS: usize = 4;
/// Most entries of `certificates` in one SignedData.
pub const MAX_CERTIFICATES: usize = 16;
/// Most entries of `digestAlgorithms` in one SignedData.
pub const MAX_DIGEST_ALGORITHMS: usize = 8;

/// Universal tag: OCTET STRING (primitive).
pub(crate) const OCTET_STRING: u8 = 0x04;
/// Universal tag: SET (constructed).
pub(crate) const SET: u8 = 0x31;
/// `[0]` constructed (EXPLICIT content, IMPLICIT certificates / signedAttrs).
const CONTEXT_0: u8 = 0xa0;
/// `[1]` constructed (IMPLICIT crls / unsignedAttrs).
const CONTEXT_1: u8 = 0xa1;
/// `[0]` primitive (IMPLICIT SubjectKeyIdentifier).
const CONTEXT_0_PRIMITIVE: u8 = 0x80;

/// id-signedData, 1.2.840.113549.1.7.2 (content octets).
pub const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// id-data, 1.2.840.113549.1.7.1 (content octets).
pub const OID_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

use super::algorithm::algorithm_id;
pub use super::algorithm::AlgorithmId;

/// How a SignerInfo names its certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignerId<'a> {
    /// The issuer Name (complete DER) and the serial number (INTEGER content octets).
    IssuerSerial { issuer: &'a [u8], serial: &'a [u8] },
    /// The subjectKeyIdentifier.
    KeyId(&'a [u8]),
}

/// One SignerInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerInfo<'a> {
    /// Which certificate signed.
    pub sid: SignerId<'a>,
    /// The digest algorithm (of the content, and of the signed attributes).
    pub digest_algorithm: AlgorithmId<'a>,
    /// The signed attributes, when present.
    pub signed_attrs: Option<SignedAttributes<'a>>,
    /// The signature algorithm.
    pub signature_algorithm: AlgorithmId<'a>,
    /// The signature value.
    pub signature: &'a [u8],
}

/// A decoded SignedData.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedData<'a> {
    /// eContentType (OID content octets).
    pub content_type: &'a [u8],
    /// eContent, when attached.
    pub content: Option<&'a [u8]>,
    /// The digestAlgorithms set.
    pub digest_algorithms: Vec<AlgorithmId<'a>>,
    /// DER of each certificate in `certificates`.
    pub certificates: Vec<&'a [u8]>,
    /// The SignerInfos (at least one).
    pub signers: Vec<SignerInfo<'a>>,
}

/// `DER_MALFORMED` for a CMS structure.
pub(crate) fn malformed(_: Malformed) -> Error {
    Error::DerMalformed("CMS")
}

/// Decode a DER ContentInfo carrying a SignedData.
pub fn parse_signed_data(der: &[u8]) -> Result<SignedData<'_>, Error> {
    crate::wire::limits::check("CMS", der.len(), MAX_CMS_DER)?;
    let mut outer = Reader::new(der);
    let content_info = outer.read(SEQUENCE).map_err(malformed)?;
    outer.finish().map_err(malformed)?;
    let mut ci = Reader::new(content_info);
    if ci.read(OID).map_err(malformed)? != OID_SIGNED_DATA {
        return Err(Error::CmsInvalid("content is not SignedData"));
    }
    let explicit = ci.read(CONTEXT_0).map_err(malformed)?;
    ci.finish().map_err(malformed)?;
    let mut wrapper = Reader::new(explicit);
    let signed_data = wrapper.read(SEQUENCE).map_err(malformed)?;
    wrapper.finish().map_err(malformed)?;
    signed_data_body(signed_data)
}

/// The SignedData SEQUENCE contents.
fn signed_data_body(body: &[u8]) -> Result<SignedData<'_>, Error> {
    let mut r = Reader::new(body);
    let version = der::small_unsigned(r.read(INTEGER).map_err(malformed)?).map_err(malformed)?;
    if !matches!(version, 1 | 3 | 4 | 5) {
        return Err(Error::CmsInvalid("SignedData version"));
    }
    let digest_algorithms = digest_algorithm_set(r.read(SET).map_err(malformed)?)?;
    let (content_type, content) = encapsulated_content(r.read(SEQUENCE).map_err(malformed)?)?;
    let certificates = match r.read_optional(CONTEXT_0).map_err(malformed)? {
        Some(set) => certificate_set(set)?,
        None => Vec::new(),
    };
    r.read_optional(CONTEXT_1).map_err(malformed)?; // crls: not used
    let signers = signer_infos(r.read(SET).map_err(malformed)?)?;
    r.finish().map_err(malformed)?;
    Ok(SignedData {
        content_type,
        content,
        digest_algorithms,
        certificates,
        signers,
    })
}

/// `SET OF DigestAlgorithmIdentifier`, capped.
fn digest_algorithm_set(set: &[u8]) -> Result<Vec<AlgorithmId<'_>>, Error> {
    let mut r = Reader::new(set);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_DIGEST_ALGORITHMS {
            return Err(Error::InputTooLarge {
                what: "CMS digest algorithm list",
                limit: MAX_DIGEST_ALGORITHMS,
            });
        }
        out.push(algorithm_id(r.read(SEQUENCE).map_err(malformed)?)?);
    }
    Ok(out)
}

/// `EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING
/// OPTIONAL }`.
fn encapsulated_content(body: &[u8]) -> Result<(&[u8], Option<&[u8]>), Error> {
    let mut r = Reader::new(body);
    let content_type = r.read(OID).map_err(malformed)?;
    let content = match r.read_optional(CONTEXT_0).map_err(malformed)? {
        Some(explicit) => {
            let mut inner = Reader::new(explicit);
            let octets = inner.read(OCTET_STRING).map_err(malformed)?;
            inner.finish().map_err(malformed)?;
            Some(octets)
        }
        None => None,
    };
    r.finish().map_err(malformed)?;
    Ok((content_type, content))
}

/// `[0] IMPLICIT CertificateSet`: the `certificate` choices, capped.
fn certificate_set(set: &[u8]) -> Result<Vec<&[u8]>, Error> {
    let mut r = Reader::new(set);
    let mut out = Vec::new();
    let mut seen = 0usize;
    while !r.is_empty() {
        seen = seen.saturating_add(1);
        if seen > MAX_CERTIFICATES {
            return Err(Error::InputTooLarge {
                what: "CMS certificate list",
                limit: MAX_CERTIFICATES,
            });
        }
        let is_certificate = r.peek_tag() == Some(SEQUENCE);
        let element = r.read_raw().map_err(malformed)?;
        if is_certificate {
            out.push(element);
        }
    }
    Ok(out)
}

/// `SET OF SignerInfo`: one to [`MAX_SIGNERS`].
fn signer_infos(set: &[u8]) -> Result<Vec<SignerInfo<'_>>, Error> {
    let mut r = Reader::new(set);
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_SIGNERS {
            return Err(Error::InputTooLarge {
                what: "CMS signer list",
                limit: MAX_SIGNERS,
            });
        }
        out.push(signer_info(r.read(SEQUENCE).map_err(malformed)?)?);
    }
    if out.is_empty() {
        return Err(Error::CmsInvalid("no SignerInfo"));
    }
    Ok(out)
}

/// One SignerInfo SEQUENCE contents.
fn signer_info(body: &[u8]) -> Result<SignerInfo<'_>, Error> {
    let mut r = Reader::new(body);
    let version = der::small_unsigned(r.read(INTEGER).map_err(malformed)?).map_err(malformed)?;
    let sid = signer_id(&mut r)?;
    match (version, &sid) {
        (1, SignerId::IssuerSerial { .. }) | (3, SignerId::KeyId(_)) => {}
        _ => return Err(Error::CmsInvalid("SignerInfo version")),
    }
    let digest_algorithm = algorithm_id(r.read(SEQUENCE).map_err(malformed)?)?;
    let signed_attrs = match r.peek_tag() {
        Some(CONTEXT_0) => Some(cms_attrs::parse(r.read_raw().map_err(malformed)?)?),
        _ => None,
    };
    let signature_algorithm = algorithm_id(r.read(SEQUENCE).map_err(malformed)?)?;
    let signature = r.read(OCTET_STRING).map_err(malformed)?;
    r.read_optional(CONTEXT_1).map_err(malformed)?; // unsignedAttrs: not used
    r.finish().map_err(malformed)?;
    Ok(SignerInfo {
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
    })
}

/// `SignerIdentifier ::= CHOICE { IssuerAndSerialNumber, [0] IMPLICIT SubjectKeyIdentifier }`.
fn signer_id<'a>(r: &mut Reader<'a>) -> Result<SignerId<'a>, Error> {
    match r.peek_tag() {
        Some(SEQUENCE) => {
            let mut ias = Reader::new(r.read(SEQUENCE).map_err(malformed)?);
            let issuer = ias.read_raw().map_err(malformed)?;
            if issuer.first() != Some(&SEQUENCE) {
                return Err(Error::DerMalformed("CMS"));
            }
            let serial = ias.read(INTEGER).map_err(malformed)?;
            ias.finish().map_err(malformed)?;
            Ok(SignerId::IssuerSerial { issuer, serial })
        }
        Some(CONTEXT_0_PRIMITIVE) => {
            let id = r.read(CONTEXT_0_PRIMITIVE).map_err(malformed)?;
            Ok(SignerId::KeyId(id))
        }
        _ => Err(Error::DerMalformed("CMS")),
    }
}

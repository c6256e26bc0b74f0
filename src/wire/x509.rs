//! X.509 v1–v3 certificates (RFC 5280 §4.1), read with the strict DER reader.
//!
//! Strict means DER as the RFC requires it: definite minimal lengths, single-byte tags, the exact
//! tags of each field, nothing after a structure, Names and extension lists well-formed, the
//! validity times in their DER forms, a public key and signature without unused bits. Fields
//! whose meaning depends on their use (extension values, algorithm parameters) are kept as bytes
//! and decoded by the function that needs them ([`extension`], `pki`).

pub mod extension;
pub mod general_name;
pub mod key;
pub mod name;
pub mod oid;

use super::algorithm::{algorithm_identifier, AlgorithmId};
/// The error of every reader in this module: the input is not the expected DER.
pub use super::der::Malformed;
use super::der::{self, Reader, BIT_STRING, INTEGER, SEQUENCE};
use super::der_time;
pub use extension::Extension;
pub use general_name::GeneralName;
pub use name::Name;

/// `[0]` EXPLICIT version.
const VERSION: u8 = 0xA0;
/// `[1]` IMPLICIT issuerUniqueID.
const ISSUER_UID: u8 = 0x81;
/// `[2]` IMPLICIT subjectUniqueID.
const SUBJECT_UID: u8 = 0x82;
/// `[3]` EXPLICIT extensions.
const EXTENSIONS: u8 = 0xA3;
/// The most extensions one certificate may carry.
pub const MAX_EXTENSIONS: usize = 64;

/// A certificate whose structure is well-formed. Nothing about it is trusted.
#[derive(Clone, Debug)]
pub struct Certificate<'a> {
    tbs: &'a [u8],
    version: u8,
    serial: &'a [u8],
    tbs_signature: &'a [u8],
    issuer: Name<'a>,
    not_before: i64,
    not_after: i64,
    subject: Name<'a>,
    spki: SubjectPublicKeyInfo<'a>,
    extensions: Vec<Extension<'a>>,
    signature_algorithm: &'a [u8],
    signature: &'a [u8],
}

/// SubjectPublicKeyInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The complete encoding.
    pub raw: &'a [u8],
    /// The key's algorithm and parameters.
    pub algorithm: AlgorithmId<'a>,
    /// The subjectPublicKey BIT STRING's octets.
    pub key: &'a [u8],
}

impl<'a> Certificate<'a> {
    /// Read `der`, which must be one certificate and nothing after it.
    pub fn from_der(der: &'a [u8]) -> Result<Self, Malformed> {
        let mut outer = Reader::new(der);
        let body = outer.read(SEQUENCE)?;
        outer.finish()?;
        let mut r = Reader::new(body);
        let tbs = r.read_raw()?;
        let signature_algorithm = r.read_raw()?;
        algorithm_identifier(signature_algorithm).map_err(|_| Malformed)?;
        let signature = der::whole_bytes(r.read(BIT_STRING)?)?;
        r.finish()?;
        let mut cert = read_tbs(tbs)?;
        cert.signature_algorithm = signature_algorithm;
        cert.signature = signature;
        Ok(cert)
    }

    /// The complete TBSCertificate encoding: the signed bytes.
    pub fn tbs(&self) -> &'a [u8] {
        self.tbs
    }

    /// 0 for v1, 1 for v2, 2 for v3.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// serialNumber content octets, as encoded.
    pub fn raw_serial(&self) -> &'a [u8] {
        self.serial
    }

    /// The TBS `signature` AlgorithmIdentifier, complete encoding.
    pub fn tbs_signature(&self) -> &'a [u8] {
        self.tbs_signature
    }

    /// issuer.
    pub fn issuer(&self) -> &Name<'a> {
        &self.issuer
    }

    /// subject.
    pub fn subject(&self) -> &Name<'a> {
        &self.subject
    }

    /// notBefore and notAfter, in seconds since the epoch.
    pub fn validity(&self) -> (i64, i64) {
        (self.not_before, self.not_after)
    }

    /// subjectPublicKeyInfo.
    pub fn public_key(&self) -> &SubjectPublicKeyInfo<'a> {
        &self.spki
    }

    /// The extensions in encoding order (empty for v1 and v2 certificates without any).
    pub fn extensions(&self) -> &[Extension<'a>] {
        &self.extensions
    }

    /// The extension with `oid`, the first when (wrongly) repeated.
    pub fn extension(&self, oid: &[u8]) -> Option<&Extension<'a>> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// The extension with `oid`: `Ok(None)` when absent, `Err` when repeated.
    pub fn unique_extension(&self, oid: &[u8]) -> Result<Option<&Extension<'a>>, Malformed> {
        let mut found = self.extensions.iter().filter(|e| e.oid == oid);
        let first = found.next();
        match found.next() {
            Some(_) => Err(Malformed),
            None => Ok(first),
        }
    }

    /// basicConstraints is present, well-formed and says cA=TRUE. A description for callers
    /// that classify; path validation reads the extension with its own checks.
    pub fn is_ca(&self) -> bool {
        self.extension(extension::oids::BASIC_CONSTRAINTS)
            .and_then(|e| extension::basic_constraints(e.value).ok())
            .is_some_and(|bc| bc.ca)
    }

    /// The outer signatureAlgorithm, complete encoding.
    pub fn signature_algorithm(&self) -> &'a [u8] {
        self.signature_algorithm
    }

    /// The signature value's octets.
    pub fn signature_value(&self) -> &'a [u8] {
        self.signature
    }
}

/// TBSCertificate (the outer signature fields are filled in by the caller).
fn read_tbs(tbs: &[u8]) -> Result<Certificate<'_>, Malformed> {
    let mut outer = Reader::new(tbs);
    let mut r = Reader::new(outer.read(SEQUENCE)?);
    outer.finish()?;
    let version = match r.read_optional(VERSION)? {
        None => 0,
        Some(explicit) => {
            let mut v = Reader::new(explicit);
            let n = der::small_unsigned(v.read(INTEGER)?)?;
            v.finish()?;
            match n {
                1 | 2 => n as u8,
                _ => return Err(Malformed), // v1 is DEFAULT, so never encoded
            }
        }
    };
    let serial = r.read(INTEGER)?;
    if serial.is_empty() {
        return Err(Malformed);
    }
    let tbs_signature = r.read_raw()?;
    algorithm_identifier(tbs_signature).map_err(|_| Malformed)?;
    let issuer = Name::read(&mut r)?;
    let (not_before, not_after) = validity(r.read(SEQUENCE)?)?;
    let subject = Name::read(&mut r)?;
    let spki = subject_public_key_info(r.read_raw()?)?;
    let issuer_uid = r.read_optional(ISSUER_UID)?;
    let subject_uid = r.read_optional(SUBJECT_UID)?;
    if version == 0 && (issuer_uid.is_some() || subject_uid.is_some()) {
        return Err(Malformed); // unique identifiers need v2 or v3
    }
    let extensions = match r.read_optional(EXTENSIONS)? {
        None => Vec::new(),
        Some(_) if version != 2 => return Err(Malformed),
        Some(explicit) => extensions(explicit)?,
    };
    r.finish()?;
    Ok(Certificate {
        tbs,
        version,
        serial,
        tbs_signature,
        issuer,
        not_before,
        not_after,
        subject,
        spki,
        extensions,
        signature_algorithm: &[],
        signature: &[],
    })
}

/// `Validity ::= SEQUENCE { notBefore Time, notAfter Time }`.
fn validity(contents: &[u8]) -> Result<(i64, i64), Malformed> {
    let mut r = Reader::new(contents);
    let mut time = || -> Result<i64, Malformed> {
        let (tag, text) = r.read_any()?;
        der_time::decode(tag, text, false).ok_or(Malformed)
    };
    let times = (time()?, time()?);
    r.finish()?;
    Ok(times)
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT
/// STRING }`, nothing else.
fn subject_public_key_info(raw: &[u8]) -> Result<SubjectPublicKeyInfo<'_>, Malformed> {
    let mut outer = Reader::new(raw);
    let mut r = Reader::new(outer.read(SEQUENCE)?);
    outer.finish()?;
    let algorithm = algorithm_identifier(r.read_raw()?).map_err(|_| Malformed)?;
    let key = der::whole_bytes(r.read(BIT_STRING)?)?;
    r.finish()?;
    Ok(SubjectPublicKeyInfo {
        raw,
        algorithm,
        key,
    })
}

/// `[3] EXPLICIT Extensions`, `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension`.
fn extensions(explicit: &[u8]) -> Result<Vec<Extension<'_>>, Malformed> {
    let mut outer = Reader::new(explicit);
    let mut r = Reader::new(outer.read(SEQUENCE)?);
    outer.finish()?;
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_EXTENSIONS {
            return Err(Malformed);
        }
        out.push(Extension::read(&mut r)?);
    }
    if out.is_empty() {
        return Err(Malformed);
    }
    Ok(out)
}
